import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { agentRef, obj, type Answer } from './shape.js';

const answer = obj({ agent: agentRef });

/** `close`: takes an exited agent off the list; a running one must be killed first (as x/X say). */
export async function closeAgent(deps: ControlDeps, req: ControlRequest): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  if (!agent.isExited)
    throw new ControlError(
      `agent ${agent.info.name} (id:${agent.id}) is running: stop it first (x in the hub, botster-tui kill)`,
      { reason: 'running' },
    );
  deps.lifecycle.close(agent);
  return { agent: { id: agent.id, name: agent.info.name } };
}

export const closeVerb = defineVerb({
  name: 'agent.close',
  command: true,
  summary: 'take an agent that exited off the list',
  ssh: true,
  drives: 'close',
  refusals: '`no_agent`, `running`',
  args: {
    agent: {
      type: 'agent',
      required: true,
      doc: 'the agent to take off the list',
      cli: { positional: true },
    },
  },
  answer,
  act: (deps, req) => closeAgent(deps, req),
});
