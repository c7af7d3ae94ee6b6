import { sameCell, type Screen } from './screen/screen.js';
import { widthUncertain } from './screen/glyph.js';
import { scrollBand, type ScrollBand } from './scroll-band.js';

export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';

export interface CursorPlacement {
  x: number;
  y: number;
  visible: boolean;
}

/**
 * The bytes that turn `prev` into `next` on a real terminal: only the changed spans of each
 * changed row, cursor-addressed, inside synchronized output so the frame appears at once.
 * With no `prev` (first frame, after resize) every row is written. `rows` (ascending): only these
 * rows can differ (the others are not compared). `at`: where the last frame left the terminal's
 * visible cursor (every frame leaves the default style and autowrap on), if known. `band`: cells
 * that moved up (a panel's terminal scrolled), scrolled on the terminal when that is cheaper than
 * writing them; then `prev` is scrolled to match (see scrollBand).
 */
export function diffFrame(
  prev: Screen | null,
  next: Screen,
  cursor: CursorPlacement | null,
  rows?: readonly number[],
  at?: { x: number; y: number } | null,
  band?: ScrollBand | null,
): string {
  const typed = at && prev ? echoed(prev, next, cursor, at, rows) : null;
  if (typed !== null) return typed;
  let out = '';
  const scrolled = band && prev ? scrollBand(prev, next, band, rows) : null;
  if (scrolled) {
    out = scrolled.lead;
    rows = scrolled.rows;
  }
  const w = next.width;
  const full = !prev || prev.width !== w || prev.height !== next.height;
  const count = full || !rows ? next.height : rows.length;
  for (let r = 0; r < count; r++) {
    const y = full || !rows ? r : rows[r];
    if (full) {
      out += span(next, y, 0, w - 1);
      continue;
    }
    const base = y * w;
    let first = 0;
    let last = w - 1;
    while (first < w && same(prev!, next, base + first)) first++;
    if (first === w) continue;
    while (last > first && same(prev!, next, base + last)) last--;
    // One span a row, but split where GAP cells or more read the same (a border at each end of
    // a row that scrolled in, say): a cursor move costs less than writing them.
    let a = first;
    while (a <= last) {
      let b = a;
      let x = a + 1;
      for (; x <= last; x++) {
        if (!same(prev!, next, base + x)) b = x;
        else if (x - b > GAP) break;
      }
      out += span(next, y, a, b);
      a = x;
      while (a <= last && same(prev!, next, base + a)) a++;
    }
  }
  if (out === '' && !cursor) return '';
  let tail = '';
  if (cursor && cursor.visible && cursor.x >= 0 && cursor.y >= 0 && cursor.x < w && cursor.y < next.height) {
    tail = `\x1b[${cursor.y + 1};${cursor.x + 1}H\x1b[?25h`;
  } else {
    tail = '\x1b[?25l';
  }
  if (out === '') return tail;
  // Autowrap off while drawing: a glyph wider than expected at the right edge is cut there
  // instead of wrapping onto the next row.
  return `${SYNC_BEGIN}\x1b[?25l\x1b[?7l${out}\x1b[?7h${tail}${SYNC_END}`;
}

/** Unchanged cells between two changed ones that split a row's span in two. */
const GAP = 12;

/** Cells first..last of row `y`, cursor-addressed, widened to whole glyphs. */
function span(next: Screen, y: number, first: number, last: number): string {
  const w = next.width;
  // Never start or end in the middle of a wide character.
  if (first > 0 && next.chars[y * w + first] === '') first--;
  if (last + 1 < w && next.chars[y * w + last + 1] === '') last++;
  // A glyph the terminal may draw wider than we count can spill over the next two cells
  // (a neighbour's border): draw those again after it.
  let g = last;
  while (g > first && next.chars[y * w + g] === '') g--;
  if (widthUncertain(next.chars[y * w + g])) {
    last = Math.min(w - 1, last + 2);
    if (last + 1 < w && next.chars[y * w + last + 1] === '') last++;
  }
  return `\x1b[${y + 1};${first + 1}H` + next.ansiRange(y, first, last);
}

const same = (a: Screen, b: Screen, i: number): boolean => sameCell(a, i, b, i);

/**
 * A key's echo, the way the terminal would have drawn it itself: plain ASCII written where the
 * cursor stands, the cursor ending right after it, nothing else changed. Then the text alone is
 * the frame (no cursor moves, no hiding it, no modes): what reaches the user's terminal is what a
 * program without a hub would have sent. null: not that case.
 */
function echoed(
  prev: Screen,
  next: Screen,
  cursor: CursorPlacement | null,
  at: { x: number; y: number },
  rows: readonly number[] | undefined,
): string | null {
  const w = next.width;
  if (prev.width !== w || prev.height !== next.height || !rows || rows.length === 0) return null;
  if (!cursor || !cursor.visible || cursor.y !== at.y || cursor.x <= at.x || cursor.x >= w) return null;
  const base = at.y * w;
  for (const y of rows) {
    if (y === at.y) continue;
    for (let i = y * w; i < (y + 1) * w; i++) if (!same(prev, next, i)) return null;
  }
  // What changed lies within [at.x, cursor.x) of the cursor's row, and is plain ASCII.
  for (let x = 0; x < w; x++) {
    const i = base + x;
    if (x >= at.x && x < cursor.x) {
      const c = next.chars[i];
      if (c.length !== 1 || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e) return null;
    } else if (!same(prev, next, i)) return null;
  }
  return next.ansiRange(at.y, at.x, cursor.x - 1, false);
}
