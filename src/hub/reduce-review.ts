// The review panel's view (hub state, per client): which agent's changes, scroll, search. The
// document itself (git's diff, parsed) is a fact held elsewhere, like an agent's screen.
import type { Intent, TermFacts } from './intents.js';
import type { HubState, ReviewState, SelectionState } from './state.js';
import { changed, howToSearch, notify, same, type Result } from './result.js';

/** The key the panel's lines are known by (selection, painting): `diff:<agent id>`. */
export const reviewKey = (agent: string) => `diff:${agent}`;

function withReview(s: HubState, review: ReviewState | null): HubState {
  return { ...s, client: { ...s.client, review } };
}

/** The top line that shows `line` (near the middle when it has to move). */
function topFor(top: number, line: number, rows: number, lineCount: number): number {
  if (line >= top && line < top + rows) return top;
  return Math.max(0, Math.min(Math.max(0, lineCount - rows), line - Math.floor(rows / 2)));
}

function showMatch(s: HubState, r: ReviewState, rows: number, lineCount: number): Result {
  const q = r.search!;
  const m = q.matches[q.index];
  const next = withReview(s, { ...r, top: topFor(r.top, m.line, rows, lineCount) });
  return notify(
    next,
    `"${q.query}": match ${q.index + 1} of ${q.matches.length} in the diff (n next, N previous)`,
    'info',
  );
}

/** The review follows the focus to another agent (from the top). */
export function reviewFollows(
  review: ReviewState | null | undefined,
  agent: string | null,
): ReviewState | null | undefined {
  if (!review || review.agent === agent) return review;
  return agent === null ? null : { ...review, agent, top: 0, search: null };
}

/** A line selection in the panel keeps its cursor in view by scrolling the panel. */
export function reviewSelectMove(s: HubState, sel: SelectionState, delta: number, t: TermFacts): Result {
  const r = s.client.review;
  const cursor = Math.max(0, Math.min(t.lineCount - 1, sel.cursor + delta));
  const next = { ...s, client: { ...s.client, selection: { ...sel, cursor } } };
  if (!r) return changed(next);
  return changed(withReview(next, { ...r, top: topFor(r.top, cursor, t.rows, t.lineCount) }));
}

export function reduceReview(s: HubState, i: Intent): Result | null {
  const r = s.client.review ?? null;
  switch (i.type) {
    case 'review_open':
      if (r && r.agent === i.agent && r.mode === i.mode) return same(s);
      return changed(
        withReview(s, {
          agent: i.agent,
          mode: i.mode,
          top: r && r.agent === i.agent ? r.top : 0,
          search: null,
        }),
      );
    case 'review_close': {
      if (!r) return same(s);
      const sel = s.client.selection?.agentId === reviewKey(r.agent) ? null : s.client.selection;
      return changed({ ...s, client: { ...s.client, review: null, selection: sel } });
    }
    case 'review_scroll': {
      if (!r) return null;
      const top = Math.max(0, Math.min(Math.max(0, i.max), r.top + Math.trunc(i.lines)));
      return top === r.top ? same(s) : changed(withReview(s, { ...r, top }));
    }
    case 'review_search_found':
      if (!r) return null;
      if (i.matches.length === 0)
        return notify(withReview(s, { ...r, search: null }), `"${i.query}" not found in the diff`, 'info');
      {
        // the first match at or below the top of the panel
        const first = Math.max(
          0,
          i.matches.findIndex((m) => m.line >= r.top),
        );
        return showMatch(
          s,
          { ...r, search: { query: i.query, matches: i.matches, index: first } },
          i.rows,
          i.lineCount,
        );
      }
    case 'review_search_step': {
      const q = r?.search;
      if (!r || !q) return notify(s, `no search in the diff (${howToSearch(i.searchKey)})`, 'error');
      const n = q.matches.length;
      return showMatch(
        s,
        { ...r, search: { ...q, index: (((q.index + i.delta) % n) + n) % n } },
        i.rows,
        i.lineCount,
      );
    }
    default:
      return null;
  }
}
