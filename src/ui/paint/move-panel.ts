import type { Screen } from '../screen/screen.js';
import type { SlotPlacement } from './display-list.js';
import type { PaintedRows } from './paint-terminal.js';
import type { MovedRows, TerminalSource } from './terminal-source.js';
import type { ScrollBand } from '../scroll-band.js';

/**
 * The rows of a panel's terminal that moved up since `last` (it scrolled), when the panel's cells
 * can simply move with them: the whole panel inside its clip, not cut at an edge (no marks), not
 * a review's diff, the moved rows all shown, and no wide glyph across the panel's left or right
 * edge on them. null: paint as usual.
 */
export function movable<T>(
  shown: Screen,
  p: SlotPlacement<T & { diff?: unknown }>,
  src: TerminalSource,
  last: number,
): MovedRows | null {
  const move = src.movedRows?.(last);
  if (!move) return null;
  const { rect, clip } = p;
  if (p.slot.diff !== undefined || src.cols > rect.w || src.rows > rect.h) return null;
  if (rect.x < clip.x1 || rect.y < clip.y1 || rect.x + rect.w > clip.x2 || rect.y + rect.h > clip.y2)
    return null;
  if (move.bottom >= Math.min(rect.h, src.rows)) return null;
  const x1 = rect.x;
  const x2 = rect.x + Math.min(rect.w, src.cols);
  const w = shown.width;
  for (let y = move.top; y <= move.bottom; y++) {
    const base = (rect.y + y) * w;
    if (shown.chars[base + x1] === '' || (x2 < w && shown.chars[base + x2] === '')) return null;
  }
  return move;
}

/**
 * Moves the panel's cells of the moved rows up on `shown` (what the terminal's rows did), and what
 * they were painted from with them; returns the rows to paint (those written, and those that came
 * in at the foot) and the band, on the screen, the frame's diff may scroll.
 */
export function movePanel<T>(
  shown: Screen,
  p: SlotPlacement<T>,
  src: TerminalSource,
  move: MovedRows,
  kept: PaintedRows | undefined,
): { start: number; end: number; band: ScrollBand } {
  const { rect } = p;
  const { n, top, bottom } = move;
  const x1 = rect.x;
  const x2 = rect.x + Math.min(rect.w, src.cols);
  for (let y = top; y + n <= bottom; y++) shown.copyCells(shown, rect.y + y + n, rect.y + y, x1, x2);
  if (kept) for (let y = top; y <= bottom; y++) kept.runs[y] = y + n <= bottom ? kept.runs[y + n] : undefined;
  // (the rows that came in are always among those written; made sure of all the same)
  const start = Math.min(move.dirty?.start ?? Infinity, bottom - n + 1);
  const end = Math.max(move.dirty?.end ?? -1, bottom);
  const band: ScrollBand = {
    top: rect.y + top,
    bottom: rect.y + bottom,
    n,
    x1,
    x2,
    dirty: { start: rect.y + start, end: rect.y + end },
  };
  return { start, end, band };
}
