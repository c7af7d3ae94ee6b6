import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { agentRef, obj, type Answer } from './shape.js';

const answer = obj({ agent: agentRef });

/** `kill`: stops a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse. */
export async function killAgent(deps: ControlDeps, req: ControlRequest): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  const who = `agent ${agent.info.name} (id:${agent.id})`;
  if (agent.isExited)
    throw new ControlError(`${who} has already exited (botster-tui close takes it off the list)`, {
      reason: 'exited',
    });
  // (who asks was judged by the verb's rule and, for an agent or an improvement, the drive rule)
  const said = await deps.lifecycle.kill(agent);
  if (!said.stopped) throw new ControlError(said.why, { reason: 'refused' });
  return { agent: { id: agent.id, name: agent.info.name } };
}

export const killVerb = defineVerb({
  name: 'agent.kill',
  command: true,
  summary: 'stop a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse',
  ssh: true,
  drives: 'stop',
  refusals: '`no_agent`, `exited`, `refused` (a before_agent_kill handler)',
  args: { agent: { type: 'agent', required: true, doc: 'the agent to stop', cli: { positional: true } } },
  answer,
  act: (deps, req) => killAgent(deps, req),
});
