import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Checked } from './args.js';
import { defineVerb } from './verb.js';
import { agentRef, obj, type Answer } from './shape.js';
import { printable } from '../terminal/printable.js';

const answer = obj({ agent: agentRef });

const renameArgs = {
  agent: { type: 'agent', required: true, doc: 'the agent to rename', cli: { positional: true } },
  name: {
    type: 'string',
    required: true,
    nonEmpty: true,
    doc: 'its new name in the list',
    cli: { positional: true },
  },
} as const;

/** `rename`: the name an agent is listed by (tmux's `select-pane -T` and `rename-window` come here). */
function renameAgent(deps: ControlDeps, req: Checked<typeof renameArgs>): Answer<typeof answer> {
  const agent = findAgent(deps, req.agent);
  const name = printable(req.name).slice(0, 200);
  agent.name = name;
  deps.store.dispatch({ type: 'agent_facts', id: agent.id, facts: { name } });
  deps.sessions.changed();
  return { agent: { id: agent.id, name } };
}

export const renameVerb = defineVerb({
  name: 'rename',
  summary: 'give an agent another name in the list',
  may: ['agent'],
  drives: 'rename',
  refusals: '`no_agent`, `refused` (an agent, one it did not start, unless you let it)',
  args: renameArgs,
  answer,
  act: (deps, req) => renameAgent(deps, req),
});
