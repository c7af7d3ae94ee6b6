import type { Agent } from '../agents/agent.js';
import { ControlError, type AgentRow, type ControlRequest } from '../wire/control-request.js';
import { encodeForPty } from '../keys/encode-key.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import type { KeyEvent } from '../keys/key-event.js';
import type { ControlDeps } from './ports.js';
import { statusOf } from '../hub/agent-state.js';
import { programName } from '../status/hub-status.js';

// `botster-tui agents` and `botster-tui send` on the hub's control socket.

/** The agents as listed on screen (each with its number, its id), status as the layout sees it. */
export function agentRows(deps: ControlDeps): AgentRow[] {
  return deps.agents.list().map((agent) => {
    const a = agent.info;
    const entry = deps.store.state.agentStates[a.id];
    return {
      id: a.id,
      name: a.name,
      ...(agent.machine ? { machine: agent.machine } : {}),
      command: a.command,
      cwd: a.cwd,
      pid: a.pid,
      program: programName(agent),
      state: entry?.state ?? 'running',
      reason: entry?.reason ?? null,
      state_since: entry ? new Date(Date.now() - (performance.now() - entry.since)).toISOString() : null,
      state_source: entry?.source ?? null,
      session: deps.store.state.sessions[a.id] ?? null,
      status: statusOf(entry?.state ?? 'running'),
      exit_code: a.exitCode,
      title: a.title,
    };
  });
}

/**
 * The agent `ref` names: its number (as listed, the BOTSTER_AGENT_ID it runs with), its name, or
 * `id:ID` (the same number). Anything else is an error that lists the agents.
 */
export function findAgent(deps: ControlDeps, ref: unknown): Agent {
  if (typeof ref !== 'string' || ref.trim() === '')
    throw new ControlError('name an agent: its number as listed, its name, or id:ID');
  const list = deps.agents.list();
  const byId = /^id:(.+)$/.exec(ref);
  const found = /^\d+$/.test(ref)
    ? deps.agents.get(String(Number(ref)))
    : byId
      ? deps.agents.get(byId[1])
      : list.find((a) => a.info.name === ref);
  if (found) return found;
  const rows = agentRows(deps);
  const listed =
    rows.length === 0
      ? 'the hub has no agents'
      : `the agents: ${rows.map((r) => `${r.id} ${r.name} (${r.status})`).join(', ')}`;
  throw new ControlError(`no agent "${ref}"; ${listed}`, { reason: 'no_agent', agents: rows });
}

/** Types `text`, then presses `keys` (key specs, as the agent's terminal encodes them), into an agent. */
export async function sendToAgent(
  deps: ControlDeps,
  req: ControlRequest,
): Promise<{ agent: { id: string; name: string }; bytes: number }> {
  const { text, keys } = req;
  if (text !== undefined && typeof text !== 'string') throw new ControlError('send: text must be a string');
  if (keys !== undefined && typeof keys !== 'string')
    throw new ControlError('send: keys must be a string like "ctrl+c enter"');
  if (!text && !keys) throw new ControlError('send: give text to type, keys to press, or both');
  const agent = findAgent(deps, req.agent);
  const events = keys ? keyEventsFromSpec(keys) : []; // a bad spec throws before anything is typed
  if (agent.info.status === 'exited') {
    throw new ControlError(
      `agent ${agent.info.name} (id:${agent.id}) has exited: nothing reads what you type (agent.restart starts it again)`,
      { reason: 'exited' },
    );
  }
  const bytes = Buffer.byteLength(typed(agent, text ?? '', events));
  await deps.request({ type: 'send', id: agent.id, text: text ?? '', ...(keys ? { keys } : {}) });
  return { agent: { id: agent.id, name: agent.info.name }, bytes };
}

/** What typing text, then pressing keys, writes to an agent's terminal (its modes decide the keys' bytes). */
function typed(agent: Agent, text: string, events: KeyEvent[]): string {
  return text + events.map((ev) => encodeForPty(ev, agent.terminal.modes)).join('');
}

/**
 * Types text, then presses keys (key specs; a bad one throws before anything is typed), into an
 * agent as if you typed them: its view returns to the live bottom, the echo is drawn at once, and
 * a turn begins. Returns the bytes written.
 */
export function typeInto(
  typing: { typed(agentId: string): void },
  agent: Agent,
  text: string,
  keys?: string,
  events = keys ? keyEventsFromSpec(keys) : [],
): number {
  const data = typed(agent, text, events);
  typing.typed(agent.id);
  agent.write(data);
  return Buffer.byteLength(data);
}
