// What each agent is doing, as the hub tells the user: one entry per agent in HubState, changed
// only here. The facts come from the status adapters (the screen), the agents' own reports
// (`botster-tui report`), the quiet fallback when no adapter answers, and the exit.
import type { Intent } from './intents.js';
import type { HubState } from './state.js';
import { changed, same, type Result } from './result.js';

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
export function nextEntry(cur: AgentStateEntry | undefined, v: StateVerdict, now: number, shown: boolean): AgentStateEntry | null {
  if (cur?.state === 'exited') return null;
  if (cur?.source === 'report' && v.source === 'quiet') return null;
  if (cur?.source === 'report' && v.source === 'screen' && v.state === statusOf(cur.state) && v.state !== 'waiting') return null;
  let state: AgentState = v.state;
  if (state === 'done' && shown) state = 'idle';
  // A turn that ended unseen is done; a done one stays done while it is just idle.
  if (state === 'idle' && !shown && ((cur?.worked && (cur.state === 'running' || cur.state === 'waiting')) || cur?.state === 'done')) state = 'done';
  const reason = v.reason ?? null;
  const worked = (state === 'running' || state === 'waiting') && (cur?.worked || (state === 'running' && (v.source === 'screen' || v.source === 'report')));
  const next: AgentStateEntry = { state, reason, since: cur && cur.state === state ? cur.since : now, source: v.source };
  if (worked) next.worked = true;
  if (v.adapter) next.adapter = v.adapter;
  if (v.rule) next.rule = v.rule;
  if (v.lines?.length) next.lines = v.lines;
  if (cur && sameEntry(cur, next)) return null;
  return next;
}

function sameEntry(a: AgentStateEntry, b: AgentStateEntry): boolean {
  return a.state === b.state && a.worked === b.worked && a.reason === b.reason && a.source === b.source && a.adapter === b.adapter && a.rule === b.rule && (a.lines ?? []).join('\n') === (b.lines ?? []).join('\n');
}

/** You typed to an agent: a turn begins (its end while you look elsewhere is "done"). */
export function withTurn(s: HubState, id: string): HubState {
  const cur = s.agentStates[id];
  if (!cur || cur.worked || cur.state === 'exited') return s;
  return { ...s, agentStates: { ...s.agentStates, [id]: { ...cur, worked: true } } };
}

export function reduceAgentState(s: HubState, i: Intent, now: number): Result | null {
  switch (i.type) {
    case 'agent_state': {
      if (!s.agents.includes(i.id)) return same(s);
      const cur = s.agentStates[i.id];
      const next = nextEntry(cur, i.verdict, i.at ?? now, i.shown);
      if (!next) return same(s);
      const effects =
        cur && cur.state !== next.state
          ? [{ type: 'emit' as const, event: 'agent_state_changed', payload: { id: i.id, from: cur.state, to: next.state, reason: next.reason }, subject: i.id }]
          : [];
      return changed({ ...s, agentStates: { ...s.agentStates, [i.id]: next } }, effects, false);
    }
    case 'agent_session':
      // Nothing on screen shows it: the state changes, nothing is drawn again.
      if (!s.agents.includes(i.id) || s.sessions[i.id] === i.session) return same(s);
      return same({ ...s, sessions: { ...s.sessions, [i.id]: i.session } });
    case 'agents_shown': {
      // Shown to a client: a finished turn has been seen.
      let states = s.agentStates;
      const effects = [];
      for (const id of i.ids) {
        const cur = states[id];
        if (cur?.state !== 'done') continue;
        states = { ...states, [id]: { ...cur, state: 'idle', since: now } };
        effects.push({ type: 'emit' as const, event: 'agent_state_changed', payload: { id, from: 'done', to: 'idle', reason: cur.reason }, subject: id });
      }
      return states === s.agentStates ? same(s) : changed({ ...s, agentStates: states }, effects, false);
    }
    default:
      return null;
  }
}
