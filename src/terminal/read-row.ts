import type { IBufferCell, IBufferLine } from '@xterm/headless';
import { blankTailAt, type RawBufferLine } from './raw-line.js';
import {
  BLINK,
  BOLD,
  DEFAULT_COLOR,
  DIM,
  INVERSE,
  INVISIBLE,
  ITALIC,
  OVERLINE,
  STRIKETHROUGH,
  TRUECOLOR,
  UNDERLINE,
  plainCell,
  type StyledRun,
} from './styled-run.js';

export function blankRow(cols: number): StyledRun[] {
  return [{ text: ' '.repeat(cols), width: cols, fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0 }];
}

export function fgOf(cell: IBufferCell): number {
  if (cell.isFgDefault()) return DEFAULT_COLOR;
  return cell.isFgRGB() ? TRUECOLOR | cell.getFgColor() : cell.getFgColor();
}

export function bgOf(cell: IBufferCell): number {
  if (cell.isBgDefault()) return DEFAULT_COLOR;
  return cell.isBgRGB() ? TRUECOLOR | cell.getBgColor() : cell.getBgColor();
}

export function attrsOf(cell: IBufferCell): number {
  if (cell.isAttributeDefault()) return 0; // fast path: most cells carry no style at all
  let a = 0;
  if (cell.isBold()) a |= BOLD;
  if (cell.isDim()) a |= DIM;
  if (cell.isItalic()) a |= ITALIC;
  if (cell.isUnderline()) a |= UNDERLINE;
  if (cell.isBlink()) a |= BLINK;
  if (cell.isInverse()) a |= INVERSE;
  if (cell.isInvisible()) a |= INVISIBLE;
  if (cell.isStrikethrough()) a |= STRIKETHROUGH;
  if (cell.isOverline()) a |= OVERLINE;
  return a;
}

/** xterm's IBufferCell is its internal CellData, whose packed `fg`/`bg` words hold colour and flags. */
interface PackedCell {
  fg?: unknown;
  bg?: unknown;
}

/**
 * Converts one buffer line into runs covering exactly `cols` cells. `cell` is reused for every
 * cell (no per-cell allocation); a run is cut only where fg/bg/attrs change. When the packed
 * attribute words are readable, a cell whose words equal the previous cell's skips decoding.
 */
export function readLine(line: IBufferLine | undefined, cols: number, cell: IBufferCell): StyledRun[] {
  if (!line) return blankRow(cols);
  const packed = cell as unknown as PackedCell;
  const runs: StyledRun[] = [];
  let text = '';
  let width = 0;
  let fg = DEFAULT_COLOR;
  let bg = DEFAULT_COLOR;
  let attrs = 0;
  let cf = DEFAULT_COLOR;
  let cb = DEFAULT_COLOR;
  let ca = 0;
  let lastFg: unknown = NaN; // NaN never equals: the first cell is always decoded
  let lastBg: unknown = NaN;
  let x = 0;
  let lastPlain = true;
  // The blank tail (most of a prompt's row, an echo's) is padded below, not read cell by cell.
  const raw = (line as unknown as { _line?: Partial<RawBufferLine> })._line;
  const end =
    raw?._data instanceof Uint32Array
      ? blankTailAt(raw as RawBufferLine, Math.min(cols, line.length))
      : Math.min(cols, line.length);
  while (x < end) {
    line.getCell(x, cell);
    let w = cell.getWidth();
    let chars = cell.getChars();
    if (w === 0) {
      // (the trailing half of a wide glyph is stepped over below): a zero-width character with
      // nothing to join, as xterm keeps a ZWSP at column 0, still takes its column, blank
      w = 1;
      chars = ' ';
    }
    if (w > 1 && x + w > cols) {
      w = 1;
      chars = ' ';
    } // half a glyph cannot be drawn: keep the row exact
    const pf = packed.fg;
    const pb = packed.bg;
    if (pf !== lastFg || pb !== lastBg || typeof pf !== 'number') {
      lastFg = pf;
      lastBg = pb;
      cf = fgOf(cell);
      cb = bgOf(cell);
      ca = attrsOf(cell);
    }
    if (chars === '') chars = w > 1 ? '  ' : ' ';
    // Anything but a plain cell is a run of its own (see StyledRun).
    const plain = chars.length === 1 && plainCell(chars.charCodeAt(0), w);
    if (width > 0 && (!plain || !lastPlain || cf !== fg || cb !== bg || ca !== attrs)) {
      runs.push({ text, width, fg, bg, attrs });
      text = '';
      width = 0;
    }
    if (width === 0) {
      fg = cf;
      bg = cb;
      attrs = ca;
    }
    lastPlain = plain;
    text += chars;
    width += w;
    x += w;
  }
  if (x < cols) {
    // Past the line's stored length: blank cells in the default style.
    const pad = cols - x;
    if (width > 0 && lastPlain && fg === DEFAULT_COLOR && bg === DEFAULT_COLOR && attrs === 0) {
      text += blanks(pad);
      width += pad;
    } else {
      if (width > 0) runs.push({ text, width, fg, bg, attrs });
      text = blanks(pad);
      width = pad;
      fg = DEFAULT_COLOR;
      bg = DEFAULT_COLOR;
      attrs = 0;
    }
  }
  if (width > 0) runs.push({ text, width, fg, bg, attrs });
  return runs;
}

const BLANKS: string[] = [];
/** `n` spaces, made once per width: a row's blank tail is read on every echo. */
function blanks(n: number): string {
  if (n > 1024) return ' '.repeat(n);
  return (BLANKS[n] ??= ' '.repeat(n));
}
