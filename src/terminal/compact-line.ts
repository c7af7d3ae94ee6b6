import type { IBufferCell } from '@xterm/headless';
import { attrsOf, bgOf, fgOf } from './read-row.js';
import { DEFAULT_COLOR, TRUECOLOR, plainCell, type StyledRun } from './styled-run.js';
import { blankTailAt, type RawBufferLine } from './raw-line.js';

export type { RawBufferLine };

/**
 * A scrollback line packed into one string (xterm keeps 12 bytes a cell; this is ~1.5 bytes a
 * cell for coloured text and usually a one-byte string):
 *   [styleLen, textChars, ...segments (styleLen units), ...text]
 * A segment is a header unit, the colours/attrs that changed since the previous segment, its
 * width in cells and (for a single wide/combined glyph) its length in UTF-16 units. Trailing
 * default-style blank cells are not stored. `textChars` is how much of the text the line's
 * content reaches (what xterm's translateToString(true) returns).
 */

const FG = 1;
const BG = 2;
const ATTRS = 4;
const GLYPH = 8; // one glyph whose width differs from its UTF-16 length
const FG_RGB = 16;
const BG_RGB = 32;
const FG_DEFAULT = 64;
const BG_DEFAULT = 128;

const CODEPOINT = 0x1fffff;
const COMBINED = 0x200000;
const HAS_CONTENT = 0x3fffff;

let units = new Uint16Array(4096);
let textBuf = new Uint16Array(1024);
let out = new Uint16Array(4096);

function fromUnits(buf: Uint16Array, n: number): string {
  if (n <= 4096) return String.fromCharCode.apply(null, buf.subarray(0, n) as unknown as number[]);
  let s = ''; // only lines thousands of cells wide get here
  for (let i = 0; i < n; i += 4096)
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return s;
}

/** Packs one xterm buffer line. `cell` is a scratch cell for decoding styles. */
export function encodeLine(line: RawBufferLine, cell: IBufferCell): string {
  const data = line._data;
  // Trailing blank cells in the default style are not stored.
  const end = blankTailAt(line);
  if (units.length < end * 8 + 8) units = new Uint16Array(end * 8 + 8);
  if (textBuf.length < end * 2 + 2) textBuf = new Uint16Array(end * 2 + 2);
  let u = 0;
  let t = 0;
  let trimmed = 0;
  let fg = DEFAULT_COLOR;
  let bg = DEFAULT_COLOR;
  let attrs = 0;
  let lastFw = -1;
  let lastBw = -1;
  let cf = DEFAULT_COLOR;
  let cb = DEFAULT_COLOR;
  let ca = 0;
  let seg = 0; // width of the open simple segment (0 = none)
  let segAt = 0; // index of its width unit
  let x = 0;
  while (x < end) {
    const i = x * 3;
    let c = data[i];
    let w = c >>> 22;
    if (w === 0) {
      // (the trailing half of a wide glyph is stepped over below): a zero-width character with
      // nothing to join, as xterm keeps a ZWSP at column 0, still takes its column, blank
      c = 1 << 22;
      w = 1;
    }
    const fw = data[i + 1];
    const bw = data[i + 2];
    if (fw !== lastFw || bw !== lastBw) {
      lastFw = fw;
      lastBw = bw;
      line.loadCell(x, cell);
      cf = fgOf(cell);
      cb = bgOf(cell);
      ca = attrsOf(cell);
    }
    const cp = c & CODEPOINT;
    const simple = (c & COMBINED) === 0 && w === 1 && cp < 0x10000;
    if (seg > 0 && (!simple || cf !== fg || cb !== bg || ca !== attrs)) {
      units[segAt] = seg;
      seg = 0;
    }
    if (seg === 0) {
      // open a segment: header + what changed
      const h = u++;
      let head = simple ? 0 : GLYPH;
      if (cf !== fg) {
        head |= FG;
        if (cf === DEFAULT_COLOR) head |= FG_DEFAULT;
        else if (cf >= TRUECOLOR) {
          head |= FG_RGB;
          units[u++] = (cf >> 16) & 0xff;
          units[u++] = cf & 0xffff;
        } else units[u++] = cf;
      }
      if (cb !== bg) {
        head |= BG;
        if (cb === DEFAULT_COLOR) head |= BG_DEFAULT;
        else if (cb >= TRUECOLOR) {
          head |= BG_RGB;
          units[u++] = (cb >> 16) & 0xff;
          units[u++] = cb & 0xffff;
        } else units[u++] = cb;
      }
      if (ca !== attrs) {
        head |= ATTRS;
        units[u++] = ca;
      }
      units[h] = head;
      fg = cf;
      bg = cb;
      attrs = ca;
      segAt = u++;
    }
    if (simple) {
      textBuf[t++] = cp === 0 ? 32 : cp;
      seg++;
    } else {
      const chars =
        c & COMBINED
          ? (line._combined[x] ?? ' ')
          : cp === 0
            ? w > 1
              ? '  '
              : ' '
            : String.fromCodePoint(cp);
      for (let k = 0; k < chars.length; k++) textBuf[t++] = chars.charCodeAt(k);
      units[segAt] = w;
      units[u++] = chars.length;
    }
    if (c & HAS_CONTENT) trimmed = t;
    x += w;
  }
  if (seg > 0) units[segAt] = seg;
  // One flat string from one buffer (concatenating would keep a tree of three strings alive).
  const n = 2 + u + t;
  if (out.length < n) out = new Uint16Array(n * 2);
  out[0] = u;
  out[1] = trimmed;
  out.set(units.subarray(0, u), 2);
  out.set(textBuf.subarray(0, t), 2 + u);
  return fromUnits(out, n);
}

/** The text of a packed line up to its last written cell (xterm's translateToString(true)). */
export function compactText(s: string): string {
  const start = 2 + s.charCodeAt(0);
  return s.slice(start, start + s.charCodeAt(1));
}

/** Whether the last run pushed is a glyph (a run of its own, see StyledRun). */
let lastGlyph = false;

function push(
  runs: StyledRun[],
  text: string,
  width: number,
  fg: number,
  bg: number,
  attrs: number,
  glyph = false,
): void {
  const last = runs[runs.length - 1];
  if (!glyph && !lastGlyph && last && last.fg === fg && last.bg === bg && last.attrs === attrs) {
    last.text += text;
    last.width += width;
  } else runs.push({ text, width, fg, bg, attrs });
  lastGlyph = glyph;
}

/** Unpacks a line into runs covering exactly `cols` cells, as readLine would have read it. */
export function decodeLine(s: string, cols: number): StyledRun[] {
  const runs: StyledRun[] = [];
  lastGlyph = false;
  const styleEnd = 2 + s.charCodeAt(0);
  let u = 2;
  let p = styleEnd;
  let x = 0;
  let fg = DEFAULT_COLOR;
  let bg = DEFAULT_COLOR;
  let attrs = 0;
  while (u < styleEnd && x < cols) {
    const head = s.charCodeAt(u++);
    if (head & FG) {
      if (head & FG_DEFAULT) fg = DEFAULT_COLOR;
      else if (head & FG_RGB) {
        fg = TRUECOLOR | (s.charCodeAt(u) << 16) | s.charCodeAt(u + 1);
        u += 2;
      } else fg = s.charCodeAt(u++);
    }
    if (head & BG) {
      if (head & BG_DEFAULT) bg = DEFAULT_COLOR;
      else if (head & BG_RGB) {
        bg = TRUECOLOR | (s.charCodeAt(u) << 16) | s.charCodeAt(u + 1);
        u += 2;
      } else bg = s.charCodeAt(u++);
    }
    if (head & ATTRS) attrs = s.charCodeAt(u++);
    const width = s.charCodeAt(u++);
    if (head & GLYPH) {
      const len = s.charCodeAt(u++);
      // Half a glyph cannot be drawn: a blank keeps the row exactly `cols` wide.
      if (x + width > cols) push(runs, ' ', 1, fg, bg, attrs);
      else {
        const text = s.slice(p, p + len);
        push(runs, text, width, fg, bg, attrs, !(text.length === 1 && plainCell(text.charCodeAt(0), width)));
      }
      p += len;
      x += Math.min(width, cols - x);
    } else {
      const w = Math.min(width, cols - x);
      // One cell a unit; the cells that are not plain are runs of their own (see StyledRun).
      let from = p;
      for (let k = p; k < p + w; k++) {
        if (plainCell(s.charCodeAt(k), 1)) continue;
        if (k > from) push(runs, s.slice(from, k), k - from, fg, bg, attrs);
        push(runs, s[k], 1, fg, bg, attrs, true);
        from = k + 1;
      }
      if (p + w > from) push(runs, s.slice(from, p + w), p + w - from, fg, bg, attrs);
      p += width;
      x += w;
    }
  }
  if (x < cols) push(runs, ' '.repeat(cols - x), cols - x, DEFAULT_COLOR, DEFAULT_COLOR, 0);
  return runs;
}
