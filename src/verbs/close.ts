import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { isRefused } from '../hub/request-answers.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';

/** `close`: takes an exited agent off the list; a running one must be killed first (as x/X say). */
export async function closeAgent(deps: ControlDeps, req: ControlRequest): Promise<unknown> {
  const agent = findAgent(deps, req.agent);
  if (!agent.isExited)
    throw new ControlError(
      `agent ${agent.info.name} (id:${agent.id}) is running: botster-tui kill stops it first`,
      { reason: 'running' },
    );
  const done = await deps.request({ type: 'close', agent: agent.id });
  if (isRefused(done)) throw new ControlError(done.refused, { reason: 'refused' });
  return { agent: { id: agent.id, name: agent.info.name } };
}

export const closeVerb: Verb = {
  name: 'close',
  summary: 'take an agent that exited off the list',
  may: ['agent'],
  ssh: true,
  drives: 'close',
  args: { agent: { type: 'agent', required: true } },
  act: (deps, req) => closeAgent(deps, req),
};
