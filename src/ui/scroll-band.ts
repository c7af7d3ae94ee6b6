import { sameCell as same, type Screen } from './screen/screen.js';

/**
 * Screen rows top..bottom (inclusive) of which columns x1..x2-1 moved up `n` rows since the last
 * frame (a panel whose terminal scrolled, shifted by the compositor), and the rows painted anew
 * (null: none). The moved cells of the other rows are known to equal those `n` rows below them
 * on the terminal.
 */
export interface ScrollBand {
  top: number;
  bottom: number;
  n: number;
  x1: number;
  x2: number;
  dirty: { start: number; end: number } | null;
}

/** About what a row's cursor move costs, and the scroll's own bytes (the choice need only be about right). */
const MOVE = 8;
const LEAD = 24;

/**
 * Scrolls the terminal's rows top..bottom up `n` (a full-width scroll region) when what that
 * leaves to write, the cells beside the moved columns that now differ, costs less than writing
 * the moved rows that read differently where they stand. Returns the bytes that scroll them and
 * the rows left to compare (of the moved rows, those painted anew or differing beside); `prev` is
 * scrolled the same way, so the diff after it compares with what the terminal then shows. null
 * (and `prev` untouched): not worth it. A panel beside the agent list cannot be scrolled alone
 * (tmux has no left and right margins): the list's cells move with it and are written back
 * where they now differ, a few rows for a few agents, where every row of the panel was written
 * before. `rows` (ascending): the only rows compared, which must cover the band.
 */
export function scrollBand(
  prev: Screen,
  next: Screen,
  band: ScrollBand,
  rows?: readonly number[],
): { lead: string; rows: number[] } | null {
  const { top, bottom, n, x1, x2, dirty } = band;
  const w = next.width;
  if (n <= 0 || top < 0 || bottom >= next.height || bottom - top < n || x1 < 0 || x2 > w || x1 >= x2)
    return null;
  if (prev.width !== w || prev.height !== next.height) return null;
  if (rows && !covers(rows, top, bottom)) return null;
  const painted = (y: number) => dirty !== null && y >= dirty.start && y <= dirty.end;
  let cost = LEAD;
  const beside: number[] = [];
  for (let y = top; y + n <= bottom; y++) {
    if (painted(y)) continue;
    const c = besideCost(prev, y + n, next, y, x1, x2);
    if (c === 0) continue;
    cost += c;
    beside.push(y);
  }
  // Not scrolling writes each moved row that now reads differently (a move at least).
  let rewrite = 0;
  for (let y = top; y + n <= bottom && rewrite <= cost; y++)
    if (!painted(y) && differs(prev, next, y, x1, x2)) rewrite += MOVE + 1;
  if (rewrite <= cost) return null;
  prev.scrollUp(top, bottom, n);
  const left: number[] = [];
  let b = 0;
  const keep = (y: number) => {
    if (y < top || y + n > bottom || painted(y)) left.push(y);
    else if (beside[b] === y) {
      left.push(y);
      b++;
    }
  };
  if (rows) for (const y of rows) keep(y);
  else for (let y = 0; y < next.height; y++) keep(y);
  // The default style first: the rows that come in take the current background.
  return {
    lead: `\x1b[0m\x1b[${top + 1};${bottom + 1}r\x1b[${bottom + 1};1H${'\n'.repeat(n)}\x1b[r`,
    rows: left,
  };
}

function covers(rows: readonly number[], top: number, bottom: number): boolean {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]! < top) lo = mid + 1;
    else hi = mid;
  }
  return rows[lo] === top && rows[lo + bottom - top] === bottom;
}

/**
 * What writing row `yb` of `b` over row `ya` of `a` costs where they differ outside columns
 * x1..x2-1: from the first cell that differs to the last, as one span (the diff splits a span only
 * at a long unchanged stretch; the estimate need only be about right).
 */
function besideCost(a: Screen, ya: number, b: Screen, yb: number, x1: number, x2: number): number {
  const w = b.width;
  const pa = ya * w;
  const pb = yb * w;
  let first = -1;
  for (let x = 0; x < x1; x++)
    if (!same(a, pa + x, b, pb + x)) {
      first = x;
      break;
    }
  let last = -1;
  for (let x = w - 1; x >= x2; x--)
    if (!same(a, pa + x, b, pb + x)) {
      last = x;
      break;
    }
  if (first < 0 && last < 0) return 0;
  if (first >= 0 && last >= 0) return MOVE + last - first + 1;
  if (first >= 0) {
    let end = x1 - 1;
    while (end > first && same(a, pa + end, b, pb + end)) end--;
    return MOVE + end - first + 1;
  }
  let start = x2;
  while (start < last && same(a, pa + start, b, pb + start)) start++;
  return MOVE + last - start + 1;
}

/** Row `y` of `a` and of `b` differ in columns x1..x2-1. */
function differs(a: Screen, b: Screen, y: number, x1: number, x2: number): boolean {
  const base = y * b.width;
  for (let i = base + x1; i < base + x2; i++) if (!same(a, i, b, i)) return true;
  return false;
}
