// `self` as Lua sees it: a pure projection of the state for one client's view. Everything it shows
// is in the state (facts.ts: what the hub's parts reported), so the same state gives the same
// `self`, here and in the Lua worker, and a frame is never drawn from a stale fact.
import type { AppData, CompareFacts, DiffFacts, QuestionFacts, ReviewFacts } from './self.js';
import { shownError, type ClientState, type HubState } from './state.js';
import { focusedAnywhere } from './reduce-clients.js';
import { stateFields, type AgentStateEntry } from './agent-state.js';
import { agentRecord } from './agent-record.js';
import { reviewKey } from './facts.js';

let last: { state: HubState; view: ClientState; data: AppData } | null = null;

/** `self` for one client's view (the served one by default); the same object for the same state and view. */
export function appData(s: HubState, view: ClientState = s.client): AppData {
  if (last && last.state === s && last.view === view) return last.data;
  const data = project(s, view);
  last = { state: s, view, data };
  return data;
}

/** What one agent of `self` is made from (compared field by field: nothing made per frame). */
interface AgentPart {
  facts: unknown;
  entry: unknown;
  session: unknown;
  scroll: unknown;
  watched: boolean;
  shown: boolean;
  bell: unknown;
  seen: unknown;
  agent: AppData['agents'][number];
}

/** Each agent's part of the last `self` (see agentOf). */
let agentParts = new Map<string, AgentPart>();

function project(s: HubState, view: ClientState): AppData {
  const parts: typeof agentParts = new Map();
  const agents =
    s.facts.planned ?? s.agents.flatMap((id) => (s.facts.agents[id] ? [agentOf(s, view, id, parts)] : []));
  agentParts = parts;
  const { offers, projects } = s.facts;
  const index = agents.findIndex((a) => a.id === view.focus);
  const notice = s.notice?.level === 'info' ? s.notice.text : null;
  const client = clientKey(s, view);
  return {
    agents,
    focused_id: view.focus,
    selected: index >= 0 ? index + 1 : null,
    mode: view.mode,
    size: { width: view.cols, height: view.rows },
    ...(view.machine ? { hub_machine: view.machine } : {}),
    // absent with no client attached (a hub's first render is then the early one, key for key)
    ...(client ? { client } : {}),
    error: shownError(s),
    notice,
    shell: s.facts.shell,
    overlay: view.overlay?.kind ?? null,
    ...questionsFact(s),
    ...(offers.length ? { worktrees: [...offers] } : {}),
    ...(projects.length ? { projects: [...projects] } : {}),
    // absent when closed: the first frame's app (initial-app.ts) is this one key for key
    ...(view.review ? { review: reviewFacts(s, view) } : {}),
    ...(view.compare ? { compare: compareFacts(s, view) } : {}),
    ...(s.facts.machines.length ? { machines: [...s.facts.machines] } : {}),
    ...(s.facts.pipelines.length ? { pipelines: [...s.facts.pipelines] } : {}),
    ...(s.facts.plugins.length ? { plugins: [...s.facts.plugins] } : {}),
    ...(s.facts.improvements.length ? { improvements: [...s.facts.improvements] } : {}),
    ...(s.facts.webOpen ? { web_open: true } : {}),
  };
}

/** The attached client a view belongs to (null: none, as in a hub without clients). */
function clientKey(s: HubState, view: ClientState): string | null {
  if (view === s.client) return s.clientId;
  for (const [id, v] of Object.entries(s.views)) if (v === view) return id;
  return null;
}

/**
 * One agent of `self`: the same object as in the last `self` when nothing it is made from changed
 * (the state is never changed in place). With 500 agents and one changing, a frame made 500 of
 * them, and the Lua worker's delta compared each field of each (issue 97).
 */
function agentOf(
  s: HubState,
  view: ClientState,
  id: string,
  parts: typeof agentParts,
): AppData['agents'][number] {
  const entry = s.agentStates[id];
  const watched = id !== view.focus && focusedAnywhere(s, id);
  const shown = s.facts.onScreen.includes(id);
  const last = agentParts.get(id);
  if (
    last &&
    last.facts === s.facts.agents[id] &&
    last.entry === entry &&
    last.session === s.sessions[id] &&
    last.scroll === s.scroll[id] &&
    last.watched === watched &&
    last.shown === shown &&
    last.bell === s.bellAt[id] &&
    last.seen === s.seenAt[id]
  ) {
    parts.set(id, last);
    return last.agent;
  }
  const agent = {
    ...agentRecord(s, id)!,
    state_since: stateFields(entry).state_since,
    scroll: s.scroll[id] ?? 0,
    ...times(s, id, entry),
    ...(watched ? { watched } : {}),
    ...(shown ? { shown } : {}),
  };
  parts.set(id, {
    facts: s.facts.agents[id],
    entry,
    session: s.sessions[id],
    scroll: s.scroll[id],
    watched,
    shown,
    bell: s.bellAt[id],
    seen: s.seenAt[id],
    agent,
  });
  return agent;
}

/** app.review: the client's open review panel and what its diff holds so far (null: closed). */
function reviewFacts(s: HubState, view: ClientState): ReviewFacts | null {
  const r = view.review;
  if (!r) return null;
  return {
    agent: r.agent,
    mode: r.mode,
    top: r.top,
    ...diffFacts(s, r.agent, r.mode),
    comments: [...(s.facts.comments[r.agent] ?? [])],
    ...(view.selection?.agentId === `diff:${r.agent}` ? { selecting: true } : {}),
  };
}

/** What the agent's diff in `mode` holds so far (nothing yet: loading). */
function diffFacts(s: HubState, agent: string, mode: 'all' | 'uncommitted'): DiffFacts {
  const d = s.facts.reviews[reviewKey(agent, mode)];
  return {
    lines: d?.lines ?? 0,
    files: d?.files ?? 0,
    added: d?.added ?? 0,
    removed: d?.removed ?? 0,
    against: d?.against ?? null,
    loading: d?.loading ?? true,
    error: d?.error ?? null,
  };
}

/** app.compare: the client's open compare panel, each column's diff so far (null: closed). */
function compareFacts(s: HubState, view: ClientState): CompareFacts | null {
  const c = view.compare;
  if (!c) return null;
  return {
    mode: c.mode,
    selected: c.selected + 1,
    columns: c.agents.map((agent, k) => ({ agent, top: c.tops[k] ?? 0, ...diffFacts(s, agent, c.mode) })),
  };
}

/** The times Lua's App:attention works from (ms on the hub's clock), those the hub has. */
function times(
  s: HubState,
  id: string,
  entry: AgentStateEntry | undefined,
): { waiting_since?: number; bell_at?: number; seen_at?: number } {
  const out: { waiting_since?: number; bell_at?: number; seen_at?: number } = {};
  if (entry?.state === 'waiting') out.waiting_since = Math.round(entry.since);
  if (id in s.bellAt) out.bell_at = Math.round(s.bellAt[id]);
  if (id in s.seenAt) out.seen_at = Math.round(s.seenAt[id]);
  return out;
}

/** The questions waiting for the user (a script's are its own; absent: none). */
function questionsFact(s: HubState): { questions?: QuestionFacts[] } {
  const list = s.questions.filter((q) => !q.script);
  return list.length
    ? {
        questions: list.map((q) => ({
          id: q.id,
          title: q.overlay.title,
          from: q.from,
          ...(q.overlay.key ? { key: q.overlay.key } : {}),
        })),
      }
    : {};
}
