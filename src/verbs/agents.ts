import type { Agent } from '../agents/agent.js';
import { ControlError, type AgentRow } from '../wire/control-request.js';
import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { int, list, nullable, obj, open, opt, str } from './shape.js';
import { readable, withheld } from './withhold.js';
import type { RemoteHost } from './remote.js';
import { statusOf } from '../hub/agent-state.js';
import { agentRecord } from '../hub/agent-record.js';
import { signalName } from '../hub/signal-name.js';
import { programName } from '../status/hub-status.js';
import { wallTime } from '../clock/clock.js';

// `botster-tui agents` and `botster-tui send` on the hub's control socket.

/**
 * The agents as listed on screen (each with its number, its id), status as the layout sees it;
 * `reads`: which agents' screen-derived fields the caller may see (verbs/withhold.ts).
 */
export function agentRows(deps: ControlDeps, reads: (id: string) => boolean = () => true): AgentRow[] {
  return deps.agents.list().map((agent) => rowOf(deps, agent, reads));
}

/** Agent `id`'s row, as agentRows lists it (undefined: no such agent). */
export function agentRowOf(deps: ControlDeps, id: string): AgentRow | undefined {
  const agent = deps.agents.get(id);
  return agent ? rowOf(deps, agent, () => true) : undefined;
}

function rowOf(deps: ControlDeps, agent: Agent, reads: (id: string) => boolean): AgentRow {
  const s = deps.store.state;
  const a = agent.info;
  const entry = s.agentStates[a.id];
  return withheld(
    {
      // The record the state holds (the same as self.agents'), else what the agent says of itself.
      ...(agentRecord(s, a.id) ?? {
        id: a.id,
        name: a.name,
        ...(agent.machine ? { machine: agent.machine } : {}),
        command: a.command,
        cwd: a.cwd,
        program: '',
        state: entry?.state ?? 'running',
        reason: entry?.reason ?? null,
        status: statusOf(entry?.state ?? 'running'),
        exit_code: a.exitCode,
        signal: a.signal,
        signal_name: signalName(a.signal),
        title: a.title,
      }),
      pid: a.pid,
      program: programName(agent),
      state_since: entry ? wallTime(entry.since) : null,
      state_source: entry?.source ?? null,
      session: s.sessions[a.id] ?? null,
      ...(deps.drive.startedBy(a.id) ? { lead: deps.drive.startedBy(a.id) } : {}),
      ...(s.facts.agents[a.id]?.window ? { window: s.facts.agents[a.id].window } : {}),
      cols: agent.terminal.cols,
      rows: agent.terminal.rows,
    },
    a.id,
    reads,
  );
}

/**
 * The agent `ref` names (its number as listed, `id:ID`, its name), or undefined: none. A number is
 * always the agent with that id. A name two agents go by (another machine's, say) names neither:
 * it is refused with both, never taken for the first.
 */
export function lookupAgent(deps: ControlDeps, ref: string): Agent | undefined {
  const byId = /^id:(.+)$/.exec(ref);
  if (/^\d+$/.test(ref)) return deps.agents.get(String(Number(ref)));
  if (byId) return deps.agents.get(byId[1]);
  const named = deps.agents.list().filter((a) => a.info.name === ref);
  if (named.length > 1)
    throw new ControlError(
      `"${ref}" names ${named.length} agents (${named.map((a) => `id ${a.id}${a.machine ? ` on ${a.machine}` : ''}`).join(', ')}): name one by its number`,
      { reason: 'ambiguous' },
    );
  return named[0];
}

export function findAgent(deps: ControlDeps, ref: unknown): Agent {
  if (typeof ref !== 'string' || ref.trim() === '')
    throw new ControlError('name an agent: its number as listed, its name, or id:ID');
  const found = lookupAgent(deps, ref);
  if (found) return found;
  throw noSuchAgent(deps, ref);
}

/** The refusal of a name no agent goes by, listing the agents there are. */
export function noSuchAgent(deps: ControlDeps, ref: string): ControlError {
  const rows = agentRows(deps);
  const listed =
    rows.length === 0
      ? 'the hub has no agents'
      : `the agents: ${rows.map((r) => `${r.id} ${r.name} (${r.status})`).join(', ')}`;
  const id = /^id:(.+)$/.exec(ref)?.[1];
  const which = id === undefined ? `"${ref}"` : `with id ${id}`;
  return new ControlError(`no agent ${which}; ${listed}`, { reason: 'no_agent', agents: rows });
}

/** An agent as `agents` lists it (docs/protocol.md: its record, and these; fields are added, never renamed). */
export const agentRow = open({
  id: str('its number, as listed'),
  name: str(),
  command: str(),
  cwd: str(),
  state: str('running, waiting, idle, done or exited'),
  status: str('state, with done shown as idle (the older field)'),
  pid: nullable(int()),
  state_since: nullable(str('ISO 8601')),
  state_source: nullable(str('screen, report, quiet or exit')),
  session: nullable(str("its CLI's conversation id, as its hooks reported it")),
  account: opt(str('the account it runs on: its BOTSTER_ACCOUNT (accounts.define; docs/accounts.md)')),
  lead: opt(str('the agent that started it (its team lead): it drives this one freely')),
  window: opt(str("the name tmux's rename-window gave the window it leads")),
  cols: int('its terminal width'),
  rows: int('its terminal height'),
});

const answer = obj({ agents: list(agentRow) });

export const agentsVerb = defineVerb({
  name: 'agent.list',
  looks: true,
  command: true,
  summary: 'the agents, as listed on screen (with their states)',
  ssh: true,
  args: {},
  answer,
  act: async (deps, _req, call) => ({ agents: agentRows(deps, await readable(deps, call)) }),
});

/** What forwarding to another machine's hub needs of this one (./remote.ts). */
export function remoteHost(deps: ControlDeps): RemoteHost {
  return { find: (ref) => findAgent(deps, ref), remoteOf: (id) => deps.remoteOf(id) };
}
