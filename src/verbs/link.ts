import { ControlLink, type LinkIo, type LinkSession } from '../wire/control-replies.js';
import {
  replyObject,
  type ControlAnswer,
  type ControlContext,
  type ControlRequest,
} from '../wire/control-request.js';
import { ScreenPusher } from './screen-pusher.js';
import { packageVersion } from '../wire/version.js';
import type { AgentRow } from '../wire/control-request.js';
import type { Agent } from '../agents/agent.js';
import type { AgentManager } from '../agents/agent-manager.js';
import { typeInto } from '../agents/type-into.js';
import { agentRowOf } from './agents.js';
import type { HubState } from '../hub/state.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';
import { bool, int, obj, str } from './shape.js';

// `link` on the hub's control socket: another hub lists this hub's agents beside its own (its
// settings.machines). One connection carries it all: requests by id (any control op, answered as
// they finish), the agents' rows whenever something about them changes, and the screens of the
// agents the other hub shows in a panel (watch / unwatch), nothing of the others. Keys and sizes
// for a shown agent come the other way (input, resize).

type Handler = (req: ControlRequest, ctx: ControlContext) => Promise<ControlAnswer>;

/** What a link needs of the hub it serves. */
export interface LinkHost {
  home: string;
  /** The hub's event taps (every event, handlers or not). */
  taps: Set<(event: string, payload: Record<string, unknown>) => void>;
  agents: Pick<AgentManager, 'get' | 'onRemoved' | 'onOutput'>;
  /** Agent `id` as `agents` lists it. */
  row(id: string): AgentRow | undefined;
  /** Hears which agents' records changed (their facts, state or conversation), by any means. */
  onChanged(listener: (ids: ReadonlySet<string>) => void): () => void;
  /** Types into an agent as a user would (a turn begins, the echo is drawn at once). */
  type(agent: Agent, data: string): void;
  /** Agents shown by a link, by how many: they count as seen. */
  watched: Map<string, number>;
  stateOf(id: string): string | undefined;
  /** A finished turn was seen (done -> idle). */
  shown(id: string): void;
}

/** Hub events after which the other hub gets the agent's row at once (a changed field alone: soon after). */
const ROW_EVENTS = new Set([
  'agent_spawned',
  'agent_state_changed',
  'agent_title_changed',
  'agent_renamed',
  'agent_exited',
]);

/** How long changed rows are gathered before they go (a state change goes at once). */
const ROW_GATHER_MS = 100;

export function linkSession(hub: LinkHost, handle: Handler): ControlLink {
  return new ControlLink({ link: true, version: packageVersion(), home: hub.home, pid: process.pid }, (io) =>
    session(hub, handle, io),
  );
}

function session(hub: LinkHost, handle: Handler, io: LinkIo): LinkSession {
  const pushers = new Map<string, ScreenPusher>();
  const aborter = new AbortController();
  // The row each agent was last sent as: the same row is not sent again.
  const sent = new Map<string, string>();
  const send = (id: string) => {
    const r = hub.row(id);
    const text = r && JSON.stringify(r);
    if (!r || sent.get(id) === text) return;
    sent.set(id, text!);
    io.send({ event: 'agent', agent: r });
  };
  const tap = (event: string, payload: Record<string, unknown>) => {
    const id = String((payload.agent as { id?: unknown } | undefined)?.id ?? payload.id ?? '');
    if (!id) return;
    if (event === 'agent_bell') return io.send({ event: 'bell', id });
    if (ROW_EVENTS.has(event)) send(id);
  };
  hub.taps.add(tap);
  // A field that changes with no event (a conversation reported in the same state, a git branch
  // found later) goes too, gathered for a moment so a busy agent is not sent at every change.
  const due = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    for (const id of due) send(id);
    due.clear();
  };
  const offs = [
    hub.onChanged((ids) => {
      for (const id of ids) due.add(id);
      if (due.size && !timer) timer = setTimeout(flush, ROW_GATHER_MS);
    }),
    () => timer && clearTimeout(timer),
    hub.agents.onRemoved((a) => {
      unwatch(a.id);
      sent.delete(a.id);
      io.send({ event: 'closed', id: a.id });
    }),
    hub.agents.onOutput((a) => pushers.get(a.id)?.kick()),
  ];
  io.onDrain(() => {
    for (const p of pushers.values()) p.drained();
  });
  // An agent the other hub shows counts as seen here too (a finished turn it shows is idle, not done).
  const seen = hub.watched;
  const unwatch = (id: string) => {
    const p = pushers.get(id);
    if (!p) return;
    p.stop();
    pushers.delete(id);
    const n = (seen.get(id) ?? 1) - 1;
    if (n > 0) seen.set(id, n);
    else seen.delete(id);
  };
  const agentOf = (v: unknown) => (typeof v === 'string' ? hub.agents.get(v) : undefined);

  return {
    line(msg) {
      switch (msg.op) {
        case 'watch': {
          const agent = agentOf(msg.agent);
          if (!agent) return;
          const id = agent.id;
          if (typeof msg.cols === 'number' && typeof msg.rows === 'number') agent.resize(msg.cols, msg.rows);
          const p = pushers.get(id);
          if (p) return p.reset();
          pushers.set(id, new ScreenPusher(id, () => hub.agents.get(id)?.terminal, io));
          seen.set(id, (seen.get(id) ?? 0) + 1);
          if (hub.stateOf(id) === 'done') hub.shown(id);
          return;
        }
        case 'unwatch':
          if (typeof msg.agent === 'string') unwatch(msg.agent);
          return;
        case 'input': {
          const agent = agentOf(msg.agent);
          if (!agent || typeof msg.data !== 'string' || agent.isExited) return;
          pushers.get(agent.id)?.expectEcho();
          hub.type(agent, msg.data);
          return;
        }
        case 'resize': {
          const agent = agentOf(msg.agent);
          if (agent && typeof msg.cols === 'number' && typeof msg.rows === 'number')
            agent.resize(msg.cols, msg.rows);
          return;
        }
        default: {
          // A control request: answered by id when it finishes (a long `wait` holds up nothing else).
          if (msg.id === undefined || typeof msg.op !== 'string' || msg.op === 'link') return;
          const req = msg as ControlRequest;
          handle(req, { signal: aborter.signal }).then(
            (body) => io.send(replyObject(req, { body })),
            (err: unknown) => io.send(replyObject(req, { err })),
          );
        }
      }
    },
    stop() {
      aborter.abort();
      hub.taps.delete(tap);
      for (const off of offs) off();
      for (const id of [...pushers.keys()]) unwatch(id);
    },
  };
}

/** What a link needs of the hub, from the verbs' port. */
function linkHost(deps: ControlDeps): LinkHost {
  return {
    home: deps.home,
    taps: deps.taps,
    agents: deps.agents,
    row: (id) => agentRowOf(deps, id),
    onChanged: (listener) => deps.store.subscribe((prev, next) => listener(changedAgents(prev, next))),
    type: (agent, data) => void typeInto(deps, agent, data),
    watched: deps.watched,
    stateOf: (id) => deps.store.state.agentStates[id]?.state,
    shown: (id) => deps.store.dispatch({ type: 'agents_shown', ids: [id] }),
  };
}

// Another hub of the user's (its settings.machines) lists this hub's agents: the user's alone.
export const linkVerb: Verb = {
  name: 'link',
  summary: "another hub lists this hub's agents beside its own (settings.machines)",
  stream: true,
  args: {},
  // Its first line; then lines both ways (docs/protocol.md#link).
  answer: obj({ link: bool(), version: str(), home: str(), pid: int() }),
  act: (deps, _req, call) => linkSession(linkHost(deps), call.again),
};

/** The agents whose facts, state or conversation differ between two states (the maps are replaced when they change). */
export function changedAgents(prev: HubState, next: HubState): Set<string> {
  const ids = new Set<string>();
  const diff = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    if (a === b) return;
    for (const id of Object.keys(b)) if (a[id] !== b[id]) ids.add(id);
  };
  diff(prev.facts.agents, next.facts.agents);
  diff(prev.agentStates, next.agentStates);
  diff(prev.sessions, next.sessions);
  return ids;
}
