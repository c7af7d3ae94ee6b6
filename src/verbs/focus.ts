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
 * focus only what it may drive (verb.drives), and never moves a view you are typing in: your next
 * keys would go where it chose.
 */
export async function focusAgent(
  deps: ControlDeps,
  req: ControlRequest,
  call?: VerbCall,
): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  const typing = call && (await call.who()).kind === 'agent' ? deps.typingIn() : null;
  if (typing !== null && typing !== agent.id)
    throw new ControlError(
      `you are typing into agent ${deps.agents.get(typing)?.info.name ?? typing} (insert mode): an agent does not move that view (it would take your next keys)`,
      { reason: 'refused' },
    );
  const done = await deps.request({ type: 'focus', id: agent.id });
  if (isRefused(done)) throw new ControlError(done.refused, { reason: 'refused' });
  await deps.whenIdle();
  return { agent: { id: agent.id, name: agent.info.name } };
}

export const focusVerb = defineVerb({
  name: 'focus',
  command: true,
  summary: 'show an agent in the client that typed last',
  may: ['agent'],
  request: 'focus',
  ssh: true,
  drives: 'focus',
  refusals: '`no_agent`',
  args: { agent: { type: 'agent', required: true, doc: 'the agent to show', cli: { positional: true } } },
  answer,
  act: (deps, req, call) => focusAgent(deps, req, call),
});
