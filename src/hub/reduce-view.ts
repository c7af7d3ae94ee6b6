// Scroll offsets, scrollback search and line selection: what part of an agent's screen is shown.
import type { Intent, TermFacts } from './intents.js';
import type { HubState, SelectionState } from './state.js';
import { changed, howToSearch, notify, type Result } from './result.js';
import { reviewSelectMove } from './reduce-review.js';

function withScroll(s: HubState, id: string, offset: number): HubState {
  const { [id]: _old, ...rest } = s.scroll;
  return { ...s, scroll: offset > 0 ? { ...rest, [id]: offset } : rest };
}

/** The selection is the served client's own (the others type on meanwhile). */
function withSelection(s: HubState, selection: SelectionState | null): HubState {
  return { ...s, client: { ...s.client, selection } };
}

/** The scroll offset (lines above the live bottom) that shows `line` near the middle. */
export function offsetFor(t: Pick<TermFacts, 'lineCount' | 'rows'>, line: number): number {
  const maxOffset = Math.max(0, t.lineCount - t.rows);
  const top = Math.max(0, Math.min(maxOffset, line - Math.floor(t.rows / 2)));
  return maxOffset - top;
}

function showMatch(s: HubState, wayOut?: string): Result {
  const q = s.search!;
  const m = q.matches[q.index];
  const next = withScroll(s, q.agentId, m.offset);
  // In insert mode (a search jump gives the agent the keys) n and N would be typed to the agent.
  const keys =
    s.client.mode === 'insert' && wayOut
      ? `${wayOut} then n older, N newer; typing goes back to the live end`
      : 'n older, N newer';
  return notify(
    next,
    `"${q.query}": match ${q.matches.length - q.index} of ${q.matches.length} (${keys})`,
    'info',
  );
}

export function reduceView(s: HubState, i: Intent): Result | null {
  switch (i.type) {
    case 'scroll_view': {
      if (!s.agents.includes(i.id)) return null;
      const next = Math.max(0, Math.min(i.max, (s.scroll[i.id] ?? 0) + Math.trunc(i.lines)));
      if (next === (s.scroll[i.id] ?? 0)) return null;
      return changed(withScroll(s, i.id, next));
    }
    case 'typed': {
      // typing to an agent brings its view back to the live bottom and ends a search there
      const search = s.search?.agentId === i.id ? null : s.search;
      if (!(i.id in s.scroll) && search === s.search) return null;
      return changed({ ...withScroll(s, i.id, 0), search });
    }
    case 'search_found':
      if (i.matches.length === 0)
        return notify({ ...s, search: null }, `"${i.query}" not found in the scrollback`, 'info');
      return showMatch(
        {
          ...s,
          search: { agentId: i.agentId, query: i.query, matches: i.matches, index: i.matches.length - 1 },
        },
        i.wayOut,
      );
    case 'search_step': {
      const q = s.search;
      if (!q || q.agentId !== s.client.focus)
        return notify(s, `no search (${howToSearch(i.searchKey)})`, 'error');
      const n = q.matches.length;
      return showMatch({ ...s, search: { ...q, index: (((q.index - i.delta) % n) + n) % n } });
    }
    case 'select_at':
      return notify(
        withSelection(s, { agentId: i.agentId, cursor: i.cursor, anchor: null }),
        i.hint ?? 'select: j/k move, v marks the start, y copies, Esc cancels',
        'info',
      );
    case 'select_by': {
      const sel = s.client.selection;
      if (!sel) return null;
      if (sel.agentId.startsWith('diff:')) return reviewSelectMove(s, sel, i.delta, i.term);
      const cursor = Math.max(0, Math.min(i.term.lineCount - 1, sel.cursor + i.delta));
      let next = withSelection(s, { ...sel, cursor });
      // keep the cursor line in view
      const current = s.scroll[sel.agentId] ?? 0;
      const top = i.term.lineCount - i.term.rows - current;
      if (cursor < top || cursor >= top + i.term.rows)
        next = withScroll(next, sel.agentId, offsetFor(i.term, cursor));
      return changed(next);
    }
    case 'select_mark': {
      const sel = s.client.selection;
      if (!sel) return null;
      return changed(withSelection(s, { ...sel, anchor: sel.anchor === null ? sel.cursor : null }));
    }
    case 'select_copy': {
      const sel = s.client.selection;
      if (!sel) return null;
      const a = sel.anchor ?? sel.cursor;
      return changed(withSelection(s, null), [
        { type: 'copy', agentId: sel.agentId, from: Math.min(a, sel.cursor), to: Math.max(a, sel.cursor) },
      ]);
    }
    case 'select_cancel':
      return s.client.selection ? changed(withSelection(s, null)) : null;
    default:
      return null;
  }
}
