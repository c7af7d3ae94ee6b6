import type { Screen } from '../screen/screen.js';
import type { Clip } from '../screen/screen.js';
import type { Rect } from './display-list.js';
import type { TerminalSource } from './terminal-source.js';
import { INVERSE } from '../screen/cell-style.js';

/** Where a panel is smaller than the agent's terminal (a smaller client beside a larger one). */
const CUT_RIGHT = '›';
const CUT_BELOW = '⌄';
const MARK = { fg: -1, bg: -1, attrs: INVERSE };

/** Copies the visible rows (from..to of them) of an agent's screen into the frame at `rect`, clipped. */
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
): void {
  const rows = Math.min(rect.h, source.rows, to + 1);
  const style = { fg: -1, bg: -1, attrs: 0 };
  for (let y = Math.max(0, from); y < rows; y++) {
    const row = rect.y + y;
    if (row < clip.y1 || row >= clip.y2) continue;
    let x = rect.x;
    for (const run of source.readRow(y, scroll)) {
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
    if (markCut && (source.cols > rect.w || below) && rect.w > 0)
      screen.writeText(rect.x + rect.w - 1, row, below ? CUT_BELOW : CUT_RIGHT, MARK, clip);
  }
}
