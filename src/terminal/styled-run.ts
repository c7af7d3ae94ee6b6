/** A stretch of cells sharing one style. `width` counts cells (a wide glyph counts 2). */
export interface StyledRun { text: string; width: number; fg: number; bg: number; attrs: number }

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
