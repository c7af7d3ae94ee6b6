/**
 * A stretch of cells sharing one style. `width` counts cells (a wide glyph counts 2). A cell that
 * is not plain (see plainCell) is a run of its own, so the painter can give it exactly the cells
 * the terminal did.
 */
export interface StyledRun {
  text: string;
  width: number;
  fg: number;
  bg: number;
  attrs: number;
}

// Colour encoding: -1 = default; 0..255 = palette index; TRUECOLOR | 0xRRGGBB = truecolor.
export const DEFAULT_COLOR = -1;
export const TRUECOLOR = 0x1000000;

// attrs bit flags
export const BOLD = 1;
export const DIM = 2;
export const ITALIC = 4;
export const UNDERLINE = 8;
export const BLINK = 16;
export const INVERSE = 32;
export const INVISIBLE = 64;
export const STRIKETHROUGH = 128;
export const OVERLINE = 256;

export function isTruecolor(color: number): boolean {
  return color >= TRUECOLOR;
}

/**
 * A cell that may share a run with others: one UTF-16 unit from blocks whose width every width
 * table agrees on (ASCII, Latin-1, punctuation, arrows and maths, box drawing; CJK, kana, Hangul
 * syllables and fullwidth forms two cells wide), at the width the terminal gave it. The painter's
 * own list of such characters (ui/screen/text-width) holds all of these.
 */
export function plainCell(code: number, w: number): boolean {
  if (w === 1) {
    return (
      (code >= 0x20 && code < 0x7f) ||
      (code >= 0xa0 && code <= 0xff && code !== 0xad) ||
      (code >= 0x2010 && code <= 0x2027) ||
      (code >= 0x2030 && code <= 0x205e) ||
      (code >= 0x2190 && code <= 0x22ff) ||
      (code >= 0x2500 && code <= 0x25ff)
    );
  }
  return (
    w === 2 &&
    ((code >= 0x3041 && code <= 0x3096) ||
      (code >= 0x30a1 && code <= 0x30fa) ||
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xff01 && code <= 0xff60))
  );
}
