import { allSimple, textWidth as stringWidth } from './text-width.js';
import { DEFAULT_COLOR, sgr, type CellStyle } from './cell-style.js';
import { REPLACEMENT, fitGlyph, safeGlyph, widthUncertain } from './glyph.js';

export interface Clip {
  x1: number;
  y1: number;
  x2: number; // exclusive
  y2: number; // exclusive
}

/**
 * A grid of cells (char + fg + bg + attrs) in typed arrays. The chrome painter, the terminal
 * panels and the overlay all write here; the frame writer diffs two screens row by row.
 * A wide character occupies its cell and the next one holds '' (a continuation), and only then:
 * a write that covers half of a wide character blanks the other half, as terminals do (a '' left
 * after a narrow character would be sent as nothing and move the rest of the row a column left).
 */
export class Screen {
  readonly width: number;
  readonly height: number;
  readonly chars: string[];
  readonly fg: Int32Array;
  readonly bg: Int32Array;
  readonly attrs: Int32Array;

  constructor(width: number, height: number) {
    this.width = Math.max(0, width | 0);
    this.height = Math.max(0, height | 0);
    const n = this.width * this.height;
    this.chars = new Array<string>(n).fill(' ');
    this.fg = new Int32Array(n).fill(DEFAULT_COLOR);
    this.bg = new Int32Array(n).fill(DEFAULT_COLOR);
    this.attrs = new Int32Array(n);
  }

  clear(): void {
    this.chars.fill(' ');
    this.fg.fill(DEFAULT_COLOR);
    this.bg.fill(DEFAULT_COLOR);
    this.attrs.fill(0);
  }

  copyFrom(other: Screen): void {
    if (other.width !== this.width || other.height !== this.height) throw new Error('screen size mismatch');
    for (let i = 0; i < this.chars.length; i++) this.chars[i] = other.chars[i];
    this.fg.set(other.fg);
    this.bg.set(other.bg);
    this.attrs.set(other.attrs);
  }

  /** Row `y` of `other` (same size) into this screen. */
  copyRow(other: Screen, y: number): void {
    const start = y * this.width;
    const end = start + this.width;
    // (typed copies: a scroll copies every row of the panel, 44 rows in ~half the time of one loop)
    for (let i = start; i < end; i++) this.chars[i] = other.chars[i];
    this.fg.set(other.fg.subarray(start, end), start);
    this.bg.set(other.bg.subarray(start, end), start);
    this.attrs.set(other.attrs.subarray(start, end), start);
  }

  /**
   * Rows top..bottom (inclusive) move up `n`, the `n` at the bottom left blank in the default
   * style: what a terminal does to its screen for `n` line feeds at the bottom of that scroll region.
   */
  scrollUp(top: number, bottom: number, n: number): void {
    const w = this.width;
    const start = top * w;
    const end = (bottom + 1) * w;
    const from = Math.min(end, start + n * w);
    // (a loop: Array's copyWithin is ~50x slower on an array of strings)
    const chars = this.chars;
    for (let i = start, j = from; j < end; i++, j++) chars[i] = chars[j];
    this.fg.copyWithin(start, from, end);
    this.bg.copyWithin(start, from, end);
    this.attrs.copyWithin(start, from, end);
    const blank = end - (from - start);
    for (let i = blank; i < end; i++) chars[i] = ' ';
    this.fg.fill(DEFAULT_COLOR, blank, end);
    this.bg.fill(DEFAULT_COLOR, blank, end);
    this.attrs.fill(0, blank, end);
  }

  /** Cells [x1, x2) of row `from` of `other` (same size) into row `to` of this screen. */
  copyCells(other: Screen, from: number, to: number, x1: number, x2: number): void {
    const src = from * this.width;
    const dst = to * this.width;
    for (let x = x1; x < x2; x++) this.chars[dst + x] = other.chars[src + x];
    this.fg.set(other.fg.subarray(src + x1, src + x2), dst + x1);
    this.bg.set(other.bg.subarray(src + x1, src + x2), dst + x1);
    this.attrs.set(other.attrs.subarray(src + x1, src + x2), dst + x1);
  }

  setCell(x: number, y: number, ch: string, fg: number, bg: number, attrs: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = y * this.width + x;
    this.chars[i] = ch;
    this.fg[i] = fg;
    this.bg[i] = bg;
    this.attrs[i] = attrs;
  }

  /** Writes one line of text (no newlines) from (x, y); returns the x after the last cell written. */
  writeText(x: number, y: number, text: string, style: CellStyle, clip?: Clip): number {
    const c = clip ?? { x1: 0, y1: 0, x2: this.width, y2: this.height };
    if (y < c.y1 || y >= c.y2 || y < 0 || y >= this.height) return x + stringWidth(text);
    if (allSimple(text)) return this.writeSimple(x, y, text, style, c);
    const x0 = x;
    const from = this.openLeft(x, y, c);
    for (const g of graphemes(text)) {
      const w = charWidth(g);
      if (w === 0) continue;
      const ch = g.length > 1 || g.charCodeAt(0) >= 0x7f ? fitGlyph(g, w) : g;
      if (x >= c.x1 && x + w <= c.x2) {
        this.setCell(x, y, ch, style.fg, style.bg, style.attrs);
        // (U+FFFD standing in for a wide glyph takes one cell; the other is a blank)
        if (w === 2) this.setCell(x + 1, y, ch === REPLACEMENT ? ' ' : '', style.fg, style.bg, style.attrs);
      } else if (x < c.x2 && x + w > c.x1) {
        // A wide char cut by the clip edge becomes a blank, as terminals do.
        for (let k = 0; k < w; k++)
          if (x + k >= c.x1 && x + k < c.x2) this.setCell(x + k, y, ' ', style.fg, style.bg, style.attrs);
      }
      x += w;
    }
    this.closeRight(x0, x, y, c, from);
    return x;
  }

  /**
   * A run of an agent's screen, `width` cells (its terminal decided): text whose width every
   * table agrees on is written as text; anything else (the terminal reports such a cell as a run
   * of its own) fills exactly the cells the terminal gave it (writeCells).
   */
  writeRun(x: number, y: number, text: string, width: number, style: CellStyle, clip: Clip): number {
    const end = x + width;
    if (y < clip.y1 || y >= clip.y2 || y < 0 || y >= this.height) return end;
    if (!allSimple(text) || this.writeSimple(x, y, text, style, clip) !== end)
      this.writeCells(x, y, text, width, style, clip);
    return end;
  }

  /**
   * One cell of an agent's screen `width` cells wide (its terminal decided), holding `text`: exactly
   * those cells are written, whatever our own tables say the text's width is, so nothing after it
   * moves. A cell (at most two wide) is one glyph, however Intl.Segmenter would cut its text (xterm
   * keeps a ZWSP after a character in that character's cell); text over more cells is cut into
   * graphemes and what does not fit is dropped. Narrower text is padded.
   */
  writeCells(x: number, y: number, text: string, width: number, style: CellStyle, clip?: Clip): number {
    const c = clip ?? { x1: 0, y1: 0, x2: this.width, y2: this.height };
    const end = x + width;
    if (width <= 0 || y < c.y1 || y >= c.y2 || y < 0 || y >= this.height) return end;
    const from = this.openLeft(x, y, c);
    let at = x;
    if (width <= 2) at = this.putGlyph(at, y, fitGlyph(text, width), width, style, c);
    else {
      for (const g of graphemes(text)) {
        let w = charWidth(g);
        if (w === 0) continue;
        if (at + w > end) {
          if (at > x) break;
          w = end - at;
        }
        at = this.putGlyph(at, y, fitGlyph(g, w), w, style, c);
      }
    }
    for (; at < end; at++)
      if (at >= c.x1 && at < c.x2) this.setCell(at, y, ' ', style.fg, style.bg, style.attrs);
    this.closeRight(x, end, y, c, from);
    return end;
  }

  /** A glyph `w` cells wide at x (a blank where the clip cuts it); returns the x after it. */
  private putGlyph(x: number, y: number, ch: string, w: number, style: CellStyle, c: Clip): number {
    if (x >= c.x1 && x + w <= c.x2) {
      this.setCell(x, y, ch, style.fg, style.bg, style.attrs);
      // (U+FFFD standing in for a wide glyph takes one cell; the other is a blank)
      if (w === 2) this.setCell(x + 1, y, ch === REPLACEMENT ? ' ' : '', style.fg, style.bg, style.attrs);
    } else {
      for (let k = 0; k < w; k++)
        if (x + k >= c.x1 && x + k < c.x2) this.setCell(x + k, y, ' ', style.fg, style.bg, style.attrs);
    }
    return x + w;
  }

  /**
   * Before writing from `x`: where the write starts on the second half of a wide character, its
   * first half (outside the write) becomes a blank. Returns the first column written.
   */
  private openLeft(x: number, y: number, c: Clip): number {
    const from = Math.max(x, c.x1, 0);
    if (from > 0 && from < Math.min(c.x2, this.width)) {
      const i = y * this.width + from;
      if (this.chars[i] === '') this.chars[i - 1] = ' ';
    }
    return from;
  }

  /** After writing [x0, x): a continuation right after the last column written lost its glyph. */
  private closeRight(x0: number, x: number, y: number, c: Clip, from: number): void {
    const to = Math.min(x, c.x2, this.width);
    if (to <= from || x <= x0) return;
    if (to < this.width && this.chars[y * this.width + to] === '') this.chars[y * this.width + to] = ' ';
  }

  /** writeText for text whose every UTF-16 unit is one character (the common case: a frame's hot path). */
  private writeSimple(x: number, y: number, text: string, style: CellStyle, c: Clip): number {
    const { fg, bg, attrs } = style;
    const width = this.width;
    const base = y * width;
    const x0 = x;
    const from = this.openLeft(x, y, c);
    // Trailing blanks (most of an agent's row) are filled, not written a cell at a time.
    let tail = text.length;
    while (tail > 0 && text.charCodeAt(tail - 1) === 0x20) tail--;
    for (let k = 0; k < tail; k++) {
      const code = text.charCodeAt(k);
      const ascii = code >= 0x20 && code < 0x7f;
      const w = ascii ? 1 : charWidth(text[k]);
      if (w === 0) continue;
      if (x >= c.x1 && x + w <= c.x2) {
        const ch = ascii ? text[k] : safeGlyph(text[k]);
        for (let j = 0; j < w; j++) {
          if (x + j < 0 || x + j >= width) continue;
          const i = base + x + j;
          this.chars[i] = j === 0 ? ch : ch === REPLACEMENT ? ' ' : '';
          this.fg[i] = fg;
          this.bg[i] = bg;
          this.attrs[i] = attrs;
        }
      } else if (x < c.x2 && x + w > c.x1) {
        // A wide char cut by the clip edge becomes a blank, as terminals do.
        for (let j = 0; j < w; j++)
          if (x + j >= c.x1 && x + j < c.x2) this.setCell(x + j, y, ' ', fg, bg, attrs);
      }
      x += w;
    }
    const blanks = text.length - tail;
    if (blanks > 0) {
      const a = Math.max(x, c.x1, 0);
      const b = Math.min(x + blanks, c.x2, width);
      if (a < b) {
        this.chars.fill(' ', base + a, base + b);
        this.fg.fill(fg, base + a, base + b);
        this.bg.fill(bg, base + a, base + b);
        this.attrs.fill(attrs, base + a, base + b);
      }
      x += blanks;
    }
    this.closeRight(x0, x, y, c, from);
    return x;
  }

  fillRect(x: number, y: number, w: number, h: number, style: CellStyle, ch = ' '): void {
    const c = { x1: Math.max(0, x), y1: 0, x2: Math.min(this.width, x + w), y2: this.height };
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      const from = this.openLeft(c.x1, row, c);
      for (let col = c.x1; col < c.x2; col++) {
        this.setCell(col, row, ch, style.fg, style.bg, style.attrs);
      }
      this.closeRight(c.x1, c.x2, row, c, from);
    }
  }

  rowEquals(other: Screen, y: number): boolean {
    const start = y * this.width;
    const end = start + this.width;
    for (let i = start; i < end; i++) {
      if (
        this.chars[i] !== other.chars[i] ||
        this.fg[i] !== other.fg[i] ||
        this.bg[i] !== other.bg[i] ||
        this.attrs[i] !== other.attrs[i]
      ) {
        return false;
      }
    }
    return true;
  }

  /** Plain text of a row, trailing spaces kept (callers trim if they want). */
  rowText(y: number): string {
    let out = '';
    const start = y * this.width;
    for (let i = start; i < start + this.width; i++) out += this.chars[i];
    return out;
  }

  /** A row as ANSI: SGR only where the style changes, always ending in a reset. */
  rowAnsi(y: number): string {
    return this.ansiRange(y, 0, this.width - 1, false);
  }

  /**
   * Cells from..to (inclusive) of a row as ANSI. `absolute` starts with a full SGR (for writing at
   * a cursor position whose current style is unknown) and always ends in a reset.
   */
  ansiRange(y: number, from: number, to: number, absolute = true): string {
    let out = '';
    let fg = absolute ? NaN : DEFAULT_COLOR;
    let bg = absolute ? NaN : DEFAULT_COLOR;
    let attrs = absolute ? NaN : 0;
    const base = y * this.width;
    for (let i = base + from; i <= base + to; i++) {
      if (this.fg[i] !== fg || this.bg[i] !== bg || this.attrs[i] !== attrs) {
        fg = this.fg[i];
        bg = this.bg[i];
        attrs = this.attrs[i];
        out += sgr(fg, bg, attrs);
      }
      const ch = this.chars[i];
      if (ch.length === 1 && ch.charCodeAt(0) < 0x7f) out += ch;
      else if (absolute && ch !== '' && widthUncertain(ch)) {
        // The terminal may count this one differently: blank its cells, draw it at its place, and
        // put the cursor where the next cell starts, so nothing after it moves.
        const x = i - base;
        let w = 1;
        while (x + w < this.width && this.chars[i + w] === '') w++;
        out += `${' '.repeat(w)}\x1b[${y + 1};${x + 1}H${ch}\x1b[${y + 1};${x + w + 1}H`;
      } else out += ch;
    }
    if (absolute || fg !== DEFAULT_COLOR || bg !== DEFAULT_COLOR || attrs !== 0) out += '\x1b[0m';
    return out;
  }

  toText(): string {
    const rows: string[] = [];
    for (let y = 0; y < this.height; y++) rows.push(this.rowText(y).trimEnd());
    return rows.join('\n');
  }

  toAnsi(): string {
    const rows: string[] = [];
    for (let y = 0; y < this.height; y++) rows.push(this.rowAnsi(y));
    return rows.join('\n');
  }
}

/** Cell `i` of `a` and cell `j` of `b` hold the same glyph in the same style. */
export function sameCell(a: Screen, i: number, b: Screen, j: number): boolean {
  return a.chars[i] === b.chars[j] && a.fg[i] === b.fg[j] && a.bg[i] === b.bg[j] && a.attrs[i] === b.attrs[j];
}

// Made on first use: the first Intl.Segmenter loads ICU's break rules (20-70 ms), which the
// first frame (ASCII, box drawing, arrows) never needs.
let segmenter: Intl.Segmenter | undefined;

function* graphemes(text: string): Iterable<string> {
  // Fast path: text made of simple characters (ASCII, box drawing, CJK...) has one grapheme per unit.
  if (allSimple(text)) {
    for (let i = 0; i < text.length; i++) yield text[i];
    return;
  }
  segmenter ??= new Intl.Segmenter();
  for (const s of segmenter.segment(text)) yield s.segment;
}

const widthCache = new Map<string, number>();

export function charWidth(ch: string): number {
  if (ch.length === 1) {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 && code < 0x7f) return 1;
    if (code < 0x20 || code === 0x7f) return 0;
  }
  let w = widthCache.get(ch);
  if (w === undefined) {
    w = Math.min(2, stringWidth(ch));
    if (widthCache.size < 10000) widthCache.set(ch, w);
  }
  return w;
}
