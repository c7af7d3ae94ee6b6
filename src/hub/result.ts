// What a reducer step returns, and the helpers every part of the reducer builds it with.
import type { Effect } from './effect.js';
import type { HubState, WhileAgent } from './state.js';
import { agentsQuotedIn } from './quoted-agents.js';

/** How long a notice stays on screen. */
export const NOTICE_MS = 15000;

export interface Result {
  state: HubState;
  effects: Effect[];
  /** tree: Lua must render again; urgent: the user caused it (not held back by the frame cap). */
  dirty: { tree: boolean; urgent: boolean };
}

export const same = (state: HubState): Result => ({
  state,
  effects: [],
  dirty: { tree: false, urgent: false },
});
export const changed = (state: HubState, effects: Effect[] = [], urgent = true): Result => ({
  state,
  effects,
  dirty: { tree: true, urgent },
});

/**
 * A notice replaces the last one and goes away after NOTICE_MS; one that waits for a key
 * (`untilKey`) has no timer, and the notices that come meanwhile wait behind it (the last one).
 */
export function notify(
  s: HubState,
  text: string,
  level: 'info' | 'error',
  untilKey = false,
  id?: string,
  about?: readonly string[],
  /** It announces this question: not shown once it no longer waits (withEndedNotices). */
  question?: number,
  /** It tells of an agent in a state: not shown once the agent is in it no longer (withEndedNotices). */
  whileAgent?: WhileAgent,
): Result {
  if (question !== undefined && !waits(s, question)) return same(s);
  if (whileAgent && !stillIn(s, whileAgent)) return same(s);
  const named = {
    ...(id === undefined ? {} : { id }),
    ...(about?.length ? { about } : {}),
    ...(question === undefined ? {} : { question }),
    ...(whileAgent ? { whileAgent } : {}),
  };
  const log: Effect = { type: 'log', level, text: loggedText(s, text, about) };
  if (s.notice?.untilKey && !untilKey)
    return changed({ ...s, notice: { ...s.notice, behind: { text, level, ...named } } }, [log], false);
  const seq = (s.notice?.seq ?? 0) + 1;
  if (untilKey) return changed({ ...s, notice: { text, level, seq, untilKey, ...named } }, [log]);
  return changed({ ...s, notice: { text, level, seq, ...named } }, [
    log,
    { type: 'timer', name: 'notice', ms: NOTICE_MS, intent: { type: 'notice_expired', seq } },
  ]);
}

/**
 * A notice or question as the log keeps it: one made from agents' text (`about`: their question,
 * their reason) is named, not quoted, as every agent of yours can read logs/hub.log where `read`
 * refuses it.
 */
export function loggedText(
  s: HubState,
  text: string,
  about: readonly string[] | undefined,
  what = 'a notice',
): string {
  // (whom it says it quotes, or whose reason or title it holds: Lua that read `self` did not say)
  const quoted = about?.length ? about : agentsQuotedIn(s, text, Object.keys(s.facts.agents));
  if (quoted.length === 0) return text;
  const who = quoted.map((id) => `${s.facts.agents[id]?.name ?? 'agent'} (id ${id})`).join(', ');
  return `${what} about ${who} (its words withheld from the log: they may quote what ${quoted.length === 1 ? 'its' : 'their'} screen says)`;
}

/** How to start a search, in a notice: the key the keymap has for it, or the command's id. */
export function howToSearch(key: string | undefined): string {
  return key ? `press ${key} to search` : 'scroll.search searches';
}

/** Whether question `id` still waits behind the badge (not opened, answered or withdrawn). */
const waits = (s: HubState, id: number) => s.questions.some((q) => q.id === id && !q.script);

/** Whether the agent a notice tells of is still in the state it tells of. */
const stillIn = (s: HubState, w: WhileAgent) => s.agentStates[w.agent]?.state === w.state;

/** Whether what a notice says has ended: its question no longer waits, its agent left the state. */
const ended = (s: HubState, n: { question?: number; whileAgent?: WhileAgent }) =>
  (n.question !== undefined && !waits(s, n.question)) ||
  (n.whileAgent !== undefined && !stillIn(s, n.whileAgent));

/**
 * A notice goes when what it says has stopped being true: one that announces a question ("The hub
 * asks: ...  (Ctrl+g o answers it)") once the question no longer waits, one that tells of an
 * agent's state ("agent w (id 2) asks: ...") once the agent left it. One waiting behind it too.
 */
export function withEndedNotices(r: Result): Result {
  const n = r.state.notice;
  if (!n) return r;
  const behindGone = n.behind !== undefined && ended(r.state, n.behind);
  const shownGone = ended(r.state, n);
  if (!behindGone && !shownGone) return r;
  const behind = behindGone ? undefined : n.behind;
  if (!shownGone)
    return { ...r, state: { ...r.state, notice: { ...n, behind } }, dirty: { ...r.dirty, tree: true } };
  const cleared = { ...r.state, notice: null };
  const next = behind
    ? notify(
        cleared,
        behind.text,
        behind.level,
        false,
        behind.id,
        behind.about,
        behind.question,
        behind.whileAgent,
      )
    : changed(cleared, [], false);
  // (the behind notice's log line was written when it came)
  const effects = next.effects.filter((e) => e.type !== 'log');
  return {
    state: next.state,
    effects: [...r.effects, ...effects],
    dirty: { tree: true, urgent: r.dirty.urgent },
  };
}
