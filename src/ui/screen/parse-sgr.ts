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
  type CellStyle,
} from './cell-style.js';

export interface StyledSegment {
  text: string;
  style: CellStyle;
}

// CSI ... m (SGR), other CSI sequences, and OSC (hyperlinks) — the latter two are dropped.
const ESCAPES = /\x1b\[([0-9;:]*)m|\x1b\[[0-9;?]*[A-Za-ln-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Splits a line of ANSI text (as chalk produces) into runs of plain text with a cell style. */
export function parseSgrLine(line: string, base: CellStyle): StyledSegment[] {
  const out: StyledSegment[] = [];
  let style: CellStyle = { ...base };
  let last = 0;
  ESCAPES.lastIndex = 0;
  for (let m = ESCAPES.exec(line); m; m = ESCAPES.exec(line)) {
    if (m.index > last) out.push({ text: line.slice(last, m.index), style });
    last = m.index + m[0].length;
    if (m[1] !== undefined) style = applySgr(style, m[1], base);
  }
  if (last < line.length) out.push({ text: line.slice(last), style });
  return out;
}

function applySgr(prev: CellStyle, params: string, base: CellStyle): CellStyle {
  const s = { ...prev };
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) {
      s.fg = base.fg;
      s.bg = base.bg;
      s.attrs = base.attrs;
    } else if (c === 1) s.attrs |= BOLD;
    else if (c === 2) s.attrs |= DIM;
    else if (c === 3) s.attrs |= ITALIC;
    else if (c === 4) s.attrs |= UNDERLINE;
    else if (c === 5) s.attrs |= BLINK;
    else if (c === 7) s.attrs |= INVERSE;
    else if (c === 8) s.attrs |= INVISIBLE;
    else if (c === 9) s.attrs |= STRIKETHROUGH;
    else if (c === 22) s.attrs &= ~(BOLD | DIM);
    else if (c === 23) s.attrs &= ~ITALIC;
    else if (c === 24) s.attrs &= ~UNDERLINE;
    else if (c === 25) s.attrs &= ~BLINK;
    else if (c === 27) s.attrs &= ~INVERSE;
    else if (c === 28) s.attrs &= ~INVISIBLE;
    else if (c === 29) s.attrs &= ~STRIKETHROUGH;
    else if (c === 53) s.attrs |= OVERLINE;
    else if (c === 55) s.attrs &= ~OVERLINE;
    else if (c >= 30 && c <= 37) s.fg = c - 30;
    else if (c >= 90 && c <= 97) s.fg = c - 90 + 8;
    else if (c >= 40 && c <= 47) s.bg = c - 40;
    else if (c >= 100 && c <= 107) s.bg = c - 100 + 8;
    else if (c === 39) s.fg = base.fg === DEFAULT_COLOR ? DEFAULT_COLOR : base.fg;
    else if (c === 49) s.bg = base.bg === DEFAULT_COLOR ? DEFAULT_COLOR : base.bg;
    else if (c === 38 || c === 48) {
      let color: number | undefined;
      if (codes[i + 1] === 5) {
        color = codes[i + 2] & 255;
        i += 2;
      } else if (codes[i + 1] === 2) {
        color = TRUECOLOR | ((codes[i + 2] & 255) << 16) | ((codes[i + 3] & 255) << 8) | (codes[i + 4] & 255);
        i += 4;
      }
      if (color !== undefined) {
        if (c === 38) s.fg = color;
        else s.bg = color;
      }
    }
  }
  return s;
}
