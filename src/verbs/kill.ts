import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { isRefused } from '../hub/request-answers.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';

/** `kill`: stops a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse. */
export async function killAgent(deps: ControlDeps, req: ControlRequest): Promise<unknown> {
  const agent = findAgent(deps, req.agent);
  const who = `agent ${agent.info.name} (id:${agent.id})`;
  if (agent.isExited)
    throw new ControlError(`${who} has already exited (botster-tui close takes it off the list)`, {
      reason: 'exited',
    });
  const answer = await deps.request({ type: 'kill', id: agent.id });
  if (isRefused(answer)) throw new ControlError(answer.refused, { reason: 'refused' });
  if (!answer.stopped) throw new ControlError(answer.why, { reason: 'refused' });
  return { agent: { id: agent.id, name: agent.info.name } };
}

export const killVerb: Verb = {
  name: 'kill',
  summary: 'stop a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse',
  may: ['agent'],
  ssh: true,
  drives: 'stop',
  args: { agent: { type: 'agent', required: true } },
  act: (deps, req) => killAgent(deps, req),
};
