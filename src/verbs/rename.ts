import { findAgent } from './agents.js';
import { NameRefused } from '../agents/agent-manager.js';
import { stripName } from '../agents/agent-names.js';
import { ControlError } from '../wire/control-request.js';
import type { ControlDeps } from './ports.js';
import type { Checked } from './args.js';
import { defineVerb } from './verb.js';
import { agentPayload } from '../effects/hub-events.js';
import { agentRef, obj, type Answer } from './shape.js';

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
  suffix: {
    type: 'boolean',
    doc: "a name taken, the hub's or a number gets the free one after it (-2, -3...) instead of a refusal (tmux's titles)",
    cli: false,
  },
  window: {
    type: 'boolean',
    doc: "name the tmux window of the agent's team (tmux's rename-window: list-windows and #W show it) instead of the agent, whose name stays",
    cli: false,
  },
} as const;

/**
 * `rename`: the name an agent is listed by (tmux's `select-pane -T` comes here, with `suffix`;
 * `rename-window` with `window`, which names the window, not the agent). A name is unique, never the hub's or a number but the agent's own, and printable
 * (AgentManager.rename): any other is refused with why (`name`).
 */
function renameAgent(deps: ControlDeps, req: Checked<typeof renameArgs>): Answer<typeof answer> {
  const agent = findAgent(deps, req.agent);
  if (req.window === true) {
    // A window is a team in the hub (src/tmux/model.ts): its name is the window's own, kept on its lead.
    deps.store.dispatch({ type: 'agent_facts', id: agent.id, facts: { window: stripName(req.name) } });
    // (its keeper keeps it too: the window keeps its name through a restart of the server)
    deps.sessions.changed();
    return { agent: { id: agent.id, name: agent.info.name } };
  }
  const from = agent.info.name;
  let name: string;
  try {
    name = deps.agents.rename(agent.id, req.name, { suffix: req.suffix === true });
  } catch (err) {
    if (!(err instanceof NameRefused)) throw err;
    throw new ControlError(`not renamed: ${err.message}`, { reason: 'name' });
  }
  deps.store.dispatch({ type: 'agent_facts', id: agent.id, facts: { name } });
  deps.sessions.changed();
  // Said as an event: hooks hear it, and a hub that lists this one's agents gets the row again.
  if (name !== from) void deps.emit('agent_renamed', { agent: agentPayload(agent.info), from }, name);
  return { agent: { id: agent.id, name } };
}

export const renameVerb = defineVerb({
  name: 'rename',
  command: true,
  summary: 'give an agent another name in the list',
  drives: 'rename',
  refusals:
    "`no_agent`, `refused` (an agent, one it did not start, unless you let it), `name` (the name is another agent's, the hub's, a number or holds control characters)",
  args: renameArgs,
  answer,
  act: (deps, req) => renameAgent(deps, req),
});
