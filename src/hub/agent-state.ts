// What each agent is doing, as the hub tells the user: one entry per agent in HubState, changed
// only by these rules (applied in reduce-agent-state.ts). The facts come from the status adapters
// (the screen), the agents' own reports (`botster-tui report`), the quiet fallback when no adapter
// answers, and the exit. Nothing here imports the state: the state's types import these.

export type AgentState = 'running' | 'waiting' | 'idle' | 'done' | 'exited';

/** Who said it: an adapter's rule on the screen, the agent itself, quietness alone, or the exit. */
export type StateSource = 'screen' | 'report' | 'quiet' | 'exit';

export interface AgentStateEntry {
  state: AgentState;
  reason: string | null;
  /** When this state began (ms, the hub's clock). */
  since: number;
  source: StateSource;
  /** The adapter and rule that decided (screen), for `status --explain`. */
  adapter?: string;
  rule?: string;
  /** The screen lines that decided. */
  lines?: string[];
  /**
   * A turn is under way: you typed to it, or it was seen working (an adapter's rule, its own
   * report). Only such a turn ends "done": an agent that started up and went quiet is just idle.
   */
  worked?: boolean;
}

/** A verdict about one agent, before the hub's rules (authority, done) apply. */
export interface StateVerdict {
  state: Exclude<AgentState, 'done'> | 'done';
  reason?: string | null;
  source: StateSource;
  adapter?: string;
  rule?: string;
  lines?: string[];
}

/** The states an agent's own hooks may report (`botster-tui report --state`). */
export const REPORTED_STATES = ['running', 'waiting', 'idle', 'done'] as const;
export type ReportedState = (typeof REPORTED_STATES)[number];

/** The state an agent starts in. */
export const STARTED: Omit<AgentStateEntry, 'since'> = { state: 'running', reason: null, source: 'quiet' };

/** The old coarse `status` (running|waiting|idle|exited): a finished turn not yet seen is idle there. */
export function statusOf(state: AgentState): 'running' | 'waiting' | 'idle' | 'exited' {
  return state === 'done' ? 'idle' : state;
}

/**
 * The rules (docs/agent-states.md):
 * - a report (the agent's own hooks) wins until another report, the exit, or an adapter's rule
 *   that saw something on the screen (source "screen") says another state; quietness alone
 *   never overrides a report;
 * - a turn (you typed to it, or it was seen working) that ends while no attached client shows
 *   the agent is "done"; it stays done until a client shows it, then it is idle;
 * - exited is final.
 */
export function nextEntry(
  cur: AgentStateEntry | undefined,
  v: StateVerdict,
  now: number,
  shown: boolean,
): AgentStateEntry | null {
  if (cur?.state === 'exited') return null;
  if (cur?.source === 'report' && v.source === 'quiet') return null;
  if (
    cur?.source === 'report' &&
    v.source === 'screen' &&
    v.state === statusOf(cur.state) &&
    v.state !== 'waiting'
  )
    return null;
  let state: AgentState = v.state;
  if (state === 'done' && shown) state = 'idle';
  // A turn that ended unseen is done; a done one stays done while it is just idle.
  if (
    state === 'idle' &&
    !shown &&
    ((cur?.worked && (cur.state === 'running' || cur.state === 'waiting')) || cur?.state === 'done')
  )
    state = 'done';
  const reason = v.reason ?? null;
  const worked =
    (state === 'running' || state === 'waiting') &&
    (cur?.worked || (state === 'running' && (v.source === 'screen' || v.source === 'report')));
  const next: AgentStateEntry = {
    state,
    reason,
    since: cur && cur.state === state ? cur.since : now,
    source: v.source,
  };
  if (worked) next.worked = true;
  if (v.adapter) next.adapter = v.adapter;
  if (v.rule) next.rule = v.rule;
  if (v.lines?.length) next.lines = v.lines;
  if (cur && sameEntry(cur, next)) return null;
  return next;
}

function sameEntry(a: AgentStateEntry, b: AgentStateEntry): boolean {
  return (
    a.state === b.state &&
    a.worked === b.worked &&
    a.reason === b.reason &&
    a.source === b.source &&
    a.adapter === b.adapter &&
    a.rule === b.rule &&
    (a.lines ?? []).join('\n') === (b.lines ?? []).join('\n')
  );
}

/** The state fields Lua, the CLI and events see (state_since in ms on the hub's clock). */
export function stateFields(entry: AgentStateEntry | undefined): {
  state: string;
  reason: string | null;
  state_since: number | null;
} {
  return {
    state: entry?.state ?? 'running',
    reason: entry?.reason ?? null,
    state_since: entry ? Math.round(entry.since) : null,
  };
}
