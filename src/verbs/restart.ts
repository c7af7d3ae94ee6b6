import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { isRefused } from '../hub/request-answers.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { int, nullable, obj, str, type Answer } from './shape.js';

const answer = obj({
  agent: obj({ id: str(), name: str(), pid: nullable(int('its new process')) }),
});

/**
 * `restart`: stops an agent and starts it again in its place (the same number, command and folder
 * or worktree; the same conversation), as the r key does once you said yes. Answers the agent as it
 * runs now, with its new process.
 */
export async function restartAgent(deps: ControlDeps, req: ControlRequest): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  const done = await deps.request({ type: 'restart', id: agent.id });
  if (isRefused(done)) throw new ControlError(done.refused, { reason: 'refused' });
  const now = deps.agents.get(agent.id);
  // Another machine's agent is restarted by its own hub: the row here stays the same.
  if (!now || (now === agent && !deps.remoteOf(agent.id)))
    throw new ControlError(`agent ${agent.info.name} (id:${agent.id}) was not started again`, {
      reason: 'not_started',
    });
  return { agent: { id: now.id, name: now.info.name, pid: now.info.pid } };
}

export const restartVerb = defineVerb({
  name: 'restart',
  summary: 'stop an agent and start it again in its place (same number, command, folder and conversation)',
  // As the request it makes (hub/request-may.ts): starting and stopping agents is a plugin's only
  // when granted spawn.
  may: ['agent', 'improvement', { plugin: 'spawn' }],
  drives: 'restart',
  refusals: '`no_agent`, `not_started`, `refused` (an agent, one it did not start, unless you let it)',
  args: { agent: { type: 'agent', required: true, doc: 'the agent to restart', cli: { positional: true } } },
  answer,
  act: (deps, req) => restartAgent(deps, req),
});
