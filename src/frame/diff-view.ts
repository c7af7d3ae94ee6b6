import type { TerminalSource } from '../ui/paint/terminal-source.js';
import type { ClientState } from '../hub/state.js';
import { diffRow, noteRow } from '../ui/diff/diff-rows.js';
import { highlightRow } from '../hub/scroll-search.js';
import type { DiffMode } from '../agents/git-diff.js';
import type { ReviewDiff, ReviewDiffs } from './review-diffs.js';

/** The slot key a review panel paints under (`diff:<agent id>`), and back. */
export const DIFF_PREFIX = 'diff:';
export const diffAgentOf = (key: string): string | null =>
  key.startsWith(DIFF_PREFIX) ? key.slice(DIFF_PREFIX.length) : null;

/**
 * A review panel as the painter reads it for one client: only the rows on screen are styled (from
 * the client's scroll position, or the panel's own `top`), with its search matches and line
 * selection shown. `mode` is the panel's (ui.diff's `mode` prop, else the client's review mode).
 */
export function diffSource(
  reviews: ReviewDiffs,
  key: string,
  mode: DiffMode | undefined,
  view: ClientState | undefined,
  at?: number,
): TerminalSource | undefined {
  const agent = diffAgentOf(key);
  if (agent === null) return undefined;
  const review = view?.review?.agent === agent ? view.review : null;
  const d = reviews.get(agent, mode ?? review?.mode ?? 'all');
  if (!d) return undefined;
  const top = at ?? review?.top ?? 0;
  const count = d.doc ? d.doc.lines.length : 1;
  return {
    cols: 10000,
    get rows() {
      return Math.max(0, count - top);
    },
    readRow: (y) => {
      if (!d.doc) return noteRow(d.error ? `no diff: ${d.error}` : 'making the diff...', !!d.error);
      const line = top + y;
      const runs = diffRow(d.doc, line);
      const sel = view?.selection;
      if (sel && sel.agentId === key) {
        const lo = Math.min(sel.anchor ?? sel.cursor, sel.cursor);
        const hi = Math.max(sel.anchor ?? sel.cursor, sel.cursor);
        if (line >= lo && line <= hi)
          return highlightRow(runs.length ? runs : [{ text: ' ', width: 1, fg: -1, bg: -1, attrs: 0 }], [
            [0, 10000],
          ]);
      }
      const q = review?.search;
      if (!q) return runs;
      const ranges = q.matches
        .filter((m) => m.line === line)
        .map((m): [number, number] => [m.col, m.col + m.length]);
      return ranges.length ? highlightRow(runs, ranges) : runs;
    },
    cursor: () => ({ x: 0, y: 0, visible: false }),
    version: () => d.version,
    changedRows: () => 'all',
  };
}

/** The lines of a panel's document (copying a selection, searching). */
export function diffLines(d: ReviewDiff | null): string[] {
  return d?.doc?.lines ?? [];
}
