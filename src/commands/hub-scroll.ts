import { findMatches, offsetFor } from '../hub/scroll-search.js';
import { reviewKey } from '../hub/reduce-review.js';
import type { ScrollContext } from './ports.js';
import type { Request, ReviewJump } from '../hub/requests.js';
import type { Intent } from '../hub/intents.js';
import { copyHint } from '../keys/table-hints.js';
import { formatKeyForDisplay } from '../keys/key-spec.js';

/**
 * The review panel the scroll, search and copy commands act on now: it is open and on screen, and
 * keys drive the hub (not insert mode, where they go to the agent).
 */
export function reviewTarget(ctx: ScrollContext): { key: string; lines: string[]; rows: number } | null {
  const c = ctx.store.state.client;
  if (!c.review || c.mode === 'insert') return null;
  const key = reviewKey(c.review.agent);
  const rect = ctx.panelOf(key);
  if (!rect) return null;
  const lines = ctx.reviews.get(c.review.agent, c.review.mode)?.doc?.lines ?? [];
  return { key, lines, rows: Math.max(1, rect.h) };
}

/** A notice as an intent (said on screen, and told to the run it is part of when dispatched). */
const said = (text: string): Intent[] => [{ type: 'notify', text, level: 'info' }];

/**
 * The view intents only the host can complete (the scrollback's text, the diffs' files, where the
 * panels are): each comes to the reducer's intents, or a notice why nothing moves. Null: not one.
 */
export function viewIntents(ctx: ScrollContext, r: Request): Intent[] | null {
  switch (r.type) {
    case 'scroll_search':
      return search(ctx, r.query);
    case 'select_start':
      return startSelection(ctx);
    case 'review_jump':
      return reviewJump(ctx, r.to);
    case 'compare_scroll':
      return compareScroll(ctx, r.lines, r.pages, r.selected);
    case 'compare_jump':
      return compareJump(ctx, r.to);
    default:
      return null;
  }
}

/** The review panel to its top, or to the next or previous file's header (from its top line). */
function reviewJump(ctx: ScrollContext, to: ReviewJump): Intent[] {
  const r = ctx.store.state.client.review;
  if (!r) return said('the review panel is closed (review.toggle opens it)');
  const doc = ctx.reviews.get(r.agent, r.mode)?.doc;
  const rows = Math.max(1, ctx.panelOf(reviewKey(r.agent))?.h ?? 1);
  const max = (doc?.lines.length ?? 0) - rows;
  if (to === 'top' || !doc) return [{ type: 'review_scroll', lines: -r.top, max }];
  const comments = to === 'next_comment' || to === 'prev_comment';
  // A comment's rows: its first one (the line it is on shows just above it).
  const heads = comments
    ? [...(doc.commentOf ?? new Map<number, string>())]
        .filter(([row, id]) => doc.commentOf?.get(row - 1) !== id)
        .map(([row]) => (doc.commentOf?.has(row - 1) ? row : Math.max(0, row - 1)))
        .sort((a, b) => a - b)
    : doc.files.map((f) => f.line);
  const down = to === 'next_file' || to === 'next_comment';
  const line = down ? heads.find((l) => l > r.top) : [...heads].reverse().find((l) => l < r.top);
  const what = comments ? 'comments' : 'files';
  if (line === undefined) return said(down ? `no more ${what} below` : `no more ${what} above`);
  return [{ type: 'review_scroll', lines: line - r.top, max }];
}

/** Finds `query` in the focused agent's scrollback (the scan stays in TypeScript: it runs per line). */
function search(ctx: ScrollContext, query: string): Intent[] {
  const rv = reviewTarget(ctx);
  if (rv && query) {
    const matches = findMatches(
      { lineCount: rv.lines.length, rows: rv.rows, lineText: (i) => rv.lines[i] },
      query,
    );
    return [{ type: 'review_search_found', query, matches, rows: rv.rows, lineCount: rv.lines.length }];
  }
  const agent = ctx.focused();
  if (!agent || !query) return [];
  const t = agent.terminal;
  const matches = findMatches(t, query).map((m) => ({ ...m, offset: offsetFor(t, m.line) }));
  const wayOut = formatKeyForDisplay(ctx.keymap.wayOut);
  return [{ type: 'search_found', agentId: agent.id, query, matches, wayOut }];
}

/** scroll.copy: select lines with the keyboard, starting on the last line with text in view (or the search match). */
function startSelection(ctx: ScrollContext): Intent[] {
  const rv = reviewTarget(ctx);
  if (rv) {
    const r = ctx.store.state.client.review!;
    const match = r.search?.matches[r.search.index]?.line;
    // Else the first line of a hunk in view (not the summary or a file's header): what is picked.
    const doc = ctx.reviews.get(r.agent, r.mode)?.doc;
    let first = r.top;
    while (doc && first < Math.min(doc.lines.length, r.top + rv.rows) && doc.fileAt[first] < 0) first++;
    if (!doc || first >= doc.lines.length || doc.fileAt[first] < 0) first = r.top;
    return [
      {
        type: 'select_at',
        agentId: rv.key,
        cursor: match ?? first,
        hint: copyHint(ctx.keymap.bindingsFor('copy'), ctx.keymap.wayOut),
      },
    ];
  }
  const agent = ctx.focused();
  if (!agent) return [{ type: 'notify', text: 'no agent to copy from', level: 'error' }];
  const t = agent.terminal;
  const s = ctx.store.state;
  const offset = s.scroll[agent.id] ?? 0;
  const match = s.search?.agentId === agent.id ? s.search.matches[s.search.index]?.line : undefined;
  let bottom = Math.max(0, t.lineCount - 1 - offset);
  while (bottom > 0 && t.lineText(bottom).trim() === '') bottom--;
  return [
    {
      type: 'select_at',
      agentId: agent.id,
      cursor: match ?? bottom,
      hint: copyHint(ctx.keymap.bindingsFor('copy'), ctx.keymap.wayOut),
    },
  ];
}

/** Scrolls an agent's view (positive = up into scrollback), clamped to what it holds. */
export function scrollAgent(ctx: Pick<ScrollContext, 'store' | 'agents'>, id: string, lines: number): void {
  const agent = ctx.agents.get(id);
  if (agent) ctx.store.dispatch({ type: 'scroll_view', id, lines, max: agent.terminal.scrollbackLength });
}

/** A page of the focused agent's panel (or the compare or review panel): its height less one line of context. */
export function pageSize(ctx: ScrollContext): number {
  const cv = compareTarget(ctx);
  if (cv) return Math.max(1, cv.rows - 1);
  const rv = reviewTarget(ctx);
  if (rv) return Math.max(1, rv.rows - 1);
  const rect = ctx.store.state.client.focus ? ctx.panelOf(ctx.store.state.client.focus) : null;
  return Math.max(1, (rect?.h ?? ctx.store.state.client.rows) - 1);
}

/** The compare panel's columns: each one's diff lines and file heads, and how many rows a column shows. */
function compareColumns(ctx: ScrollContext): {
  docs: Array<{ lines: number; files: Array<{ path: string; line: number }> }>;
  rows: number;
  /** Each column's last top line. */
  max: number[];
} | null {
  const c = ctx.store.state.client.compare;
  if (!c) return null;
  const docs = c.agents.map((a) => {
    const doc = ctx.reviews.get(a, c.mode)?.doc;
    return { lines: doc?.lines.length ?? 0, files: doc?.files ?? [] };
  });
  // The selected column's height (else any column's on screen; else the client's less the frame).
  const rect =
    ctx.panelOf(reviewKey(c.agents[c.selected])) ??
    c.agents.map((a) => ctx.panelOf(reviewKey(a))).find((r) => r) ??
    null;
  const rows = Math.max(1, rect?.h ?? ctx.store.state.client.rows - 4);
  return { docs, rows, max: docs.map((d) => d.lines - rows) };
}

/**
 * The compare panel the scroll commands act on now: it is open and keys drive the hub (not insert
 * mode). Each column's last top line, and the rows a column shows.
 */
export function compareTarget(ctx: ScrollContext): { max: number[]; rows: number } | null {
  if (ctx.store.state.client.mode === 'insert') return null;
  const cols = compareColumns(ctx);
  return cols && { max: cols.max, rows: cols.rows };
}

/** Scrolls the compare panel's columns together (or only the selected one), by lines or pages (positive = down). */
function compareScroll(ctx: ScrollContext, lines: number, pages: boolean, selected: boolean): Intent[] {
  const c = ctx.store.state.client.compare;
  const cols = compareColumns(ctx);
  if (!c || !cols) return said('the compare panel is closed (pipeline.choose opens it)');
  const by = pages ? lines * Math.max(1, cols.rows - 1) : lines;
  const step = Number.isFinite(by) ? Math.trunc(by) : by > 0 ? 1e9 : -1e9;
  return [
    {
      type: 'compare_scroll',
      lines: c.agents.map((_, k) => (!selected || k === c.selected ? step : 0)),
      max: cols.max,
    },
  ];
}

/**
 * Moves the compare panel: every column to its top or its end; or the selected column to its next
 * (previous) file, and each other column to that same file where it changed it too (else it stays).
 */
function compareJump(ctx: ScrollContext, to: 'top' | 'bottom' | 'next_file' | 'prev_file'): Intent[] {
  const c = ctx.store.state.client.compare;
  const cols = compareColumns(ctx);
  if (!c || !cols) return said('the compare panel is closed (pipeline.choose opens it)');
  const { max } = cols;
  if (to === 'top' || to === 'bottom')
    return [
      {
        type: 'compare_scroll',
        lines: c.tops.map((t, k) => (to === 'top' ? -t : Math.max(0, max[k]) - t)),
        max,
      },
    ];
  const mine = cols.docs[c.selected];
  const top = c.tops[c.selected];
  const file =
    to === 'next_file'
      ? mine.files.find((f) => f.line > top)
      : [...mine.files].reverse().find((f) => f.line < top);
  if (!file) return said(to === 'next_file' ? 'no more files below' : 'no more files above');
  return [
    {
      type: 'compare_scroll',
      lines: c.tops.map((t, k) => {
        if (k === c.selected) return file.line - t;
        const same = cols.docs[k].files.find((f) => f.path === file.path);
        return same ? same.line - t : 0;
      }),
      max,
    },
  ];
}
