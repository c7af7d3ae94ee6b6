import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { isRefused } from '../hub/request-answers.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import { defineVerb, type VerbCall } from './verb.js';
import { agentRef, obj, type Answer } from './shape.js';

const answer = obj({ agent: agentRef });

/** `kill`: stops a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse. */
export async function killAgent(
  deps: ControlDeps,
  req: ControlRequest,
  call?: VerbCall,
): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  const who = `agent ${agent.info.name} (id:${agent.id})`;
  if (agent.isExited)
    throw new ControlError(`${who} has already exited (botster-tui close takes it off the list)`, {
      reason: 'exited',
    });
  const said = await deps.request({ type: 'kill', id: agent.id }, undefined, call?.luaOrigin);
  if (isRefused(said)) throw new ControlError(said.refused, { reason: 'refused' });
  if (!said.stopped) throw new ControlError(said.why, { reason: 'refused' });
  return { agent: { id: agent.id, name: agent.info.name } };
}

export const killVerb = defineVerb({
  name: 'kill',
  command: true,
  summary: 'stop a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse',
  // Who may: the kill request's rule (hub/who-may.ts), as app:kill and its key.
  request: 'kill',
  ssh: true,
  drives: 'stop',
  refusals: '`no_agent`, `exited`, `refused` (a before_agent_kill handler)',
  args: { agent: { type: 'agent', required: true, doc: 'the agent to stop', cli: { positional: true } } },
  answer,
  act: (deps, req, call) => killAgent(deps, req, call),
});
