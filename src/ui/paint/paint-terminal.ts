import type { Screen } from '../screen/screen.js';
import type { Clip } from '../screen/screen.js';
import type { Rect } from './display-list.js';
import type { StyledRun, TerminalSource } from './terminal-source.js';
import { INVERSE } from '../screen/cell-style.js';

/** Where a panel is smaller than the agent's terminal (a smaller client beside a larger one). */
const CUT_RIGHT = '›';
const CUT_BELOW = '⌄';
const MARK = { fg: -1, bg: -1, attrs: INVERSE };

/**
 * What a panel's rows on the screen were painted from: the runs of each row (undefined: unknown,
 * e.g. a key's echo was drawn over it) and the source's `scrolled` then. When the terminal
 * scrolls, a row that reads the same as the row N below it did is copied from there instead of
 * painted again (Enter in a full panel moves every row up one).
 */
export interface PaintedRows {
  runs: Array<StyledRun[] | undefined>;
  scrolled: number;
}

/**
 * Copies the visible rows (from..to of them) of an agent's screen into the frame at `rect`, clipped.
 * With `kept` (what these rows were painted from, updated here) and `old` (the rows from..to as
 * they were before this paint; the others are read from `screen`), a row whose runs equal those
 * a row `shift` below was painted from is copied from that row.
 */
export function paintTerminal(
  screen: Screen,
  rect: Rect,
  clip: Clip,
  source: TerminalSource,
  scroll: number,
  from = 0,
  to = Infinity,
  /** An agent's terminal marks where a smaller panel cuts it (a review panel's diff does not). */
  markCut = true,
  kept?: PaintedRows,
  old?: Screen,
): void {
  const shown = Math.min(rect.h, source.rows);
  const rows = Math.min(shown, to + 1);
  const style = { fg: -1, bg: -1, attrs: 0 };
  const cut = markCut && rect.w > 0 && (source.cols > rect.w || source.rows > rect.h);
  const now = source.scrolled?.() ?? -1;
  // Copying stands for painting only where painting would touch the panel's cells alone: the
  // whole panel inside its clip, no cut marks, the same runs in the same place.
  const shift =
    kept && old && !cut && now >= 0 && kept.scrolled >= 0 && inside(rect, clip) ? now - kept.scrolled : -1;
  const w = Math.min(rect.w, source.cols);
  for (let y = Math.max(0, from); y < rows; y++) {
    const row = rect.y + y;
    if (row < clip.y1 || row >= clip.y2) {
      if (kept) kept.runs[y] = undefined;
      continue;
    }
    const runs = source.readRow(y, scroll);
    const was = shift >= 0 && y + shift < shown ? kept!.runs[y + shift] : undefined;
    if (kept) kept.runs[y] = runs;
    if (was && sameRuns(was, runs) && edgesFree(screen, row, rect.x, rect.x + w)) {
      // Rows from..to are being repainted: their cells as they were are in `old`.
      screen.copyCells(y + shift <= to ? old! : screen, row + shift, row, rect.x, rect.x + w);
      continue;
    }
    let x = rect.x;
    for (const run of runs) {
      if (x >= clip.x2) break;
      style.fg = run.fg;
      style.bg = run.bg;
      style.attrs = run.attrs;
      // The terminal's own cell count wins over our width tables, so columns never drift.
      x = screen.writeRun(x, row, run.text, run.width, style, clip);
    }
    // A panel narrower or shorter than the agent's terminal says so at its edge: the agent draws
    // for a larger client, and what it prints past the edge is not lost, only not shown here.
    const below = y === rect.h - 1 && source.rows > rect.h;
    if (cut && (source.cols > rect.w || below))
      screen.writeText(rect.x + rect.w - 1, row, below ? CUT_BELOW : CUT_RIGHT, MARK, clip);
  }
  if (kept) kept.scrolled = now;
}

function inside(r: Rect, c: Clip): boolean {
  return r.x >= c.x1 && r.y >= c.y1 && r.x + r.w <= c.x2 && r.y + r.h <= c.y2;
}

/**
 * Painting a row touches cells outside [x1, x2) only where a wide character is cut at its edges
 * (see Screen.openLeft, closeRight): not then.
 */
function edgesFree(screen: Screen, y: number, x1: number, x2: number): boolean {
  const base = y * screen.width;
  return screen.chars[base + x1] !== '' && (x2 >= screen.width || screen.chars[base + x2] !== '');
}

function sameRuns(a: StyledRun[], b: StyledRun[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p.width !== q.width || p.fg !== q.fg || p.bg !== q.bg || p.attrs !== q.attrs || p.text !== q.text)
      return false;
  }
  return true;
}
