import type { ControlRequest } from '../wire/control-request.js';
import { isRefused } from '../hub/request-answers.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import { defineVerb, type VerbCall } from './verb.js';
import { agentRef, obj, type Answer } from './shape.js';

const answer = obj({ agent: agentRef });
import { ControlError } from '../wire/control-request.js';

/**
 * `focus`: shows the agent in the client that typed last (the hub's current view). An agent may
 * focus only what it may drive, and never moves a view you are typing in: your next keys would go
 * where it chose (the one rule every door's focus meets: commands/focus-rule.ts).
 */
export async function focusAgent(
  deps: ControlDeps,
  req: ControlRequest,
  call?: VerbCall,
): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  const done = await deps.request(
    { type: 'focus', id: agent.id },
    call && (await call.who()),
    call?.luaOrigin,
  );
  if (isRefused(done)) throw new ControlError(done.refused, { reason: 'refused' });
  await deps.whenIdle();
  return { agent: { id: agent.id, name: agent.info.name } };
}

export const focusVerb = defineVerb({
  name: 'agent.focus',
  waits: true,
  command: true,
  summary: 'show an agent in the client that typed last',
  ssh: true,
  // (No `drives`: the focus request's one rule judges it, your typing first, then the drive rules,
  // so nobody is asked about a focus that could not happen.)
  refusals:
    '`no_agent`, `refused` (from an agent: you are typing into another agent, or it may not drive this one)',
  args: { agent: { type: 'agent', required: true, doc: 'the agent to show', cli: { positional: true } } },
  answer,
  act: (deps, req, call) => focusAgent(deps, req, call),
});
