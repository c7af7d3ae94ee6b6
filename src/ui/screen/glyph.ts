/**
 * What may reach the real terminal from a cell. Terminals disagree on the width of many
 * characters (unassigned code points, separators, joiners, selectors, emoji sequences, marks
 * without a base); a disagreement shifts the rest of the row, borders and the next panel included.
 * So: a grapheme no terminal can be trusted to draw with a width at all becomes U+FFFD, and every
 * cell not in a small set of characters whose width all terminals agree on is drawn on its own,
 * with the cursor placed again after it (see Screen.ansiRange).
 */

export const REPLACEMENT = '\ufffd';

// No base to draw: controls, format characters, unassigned, surrogates, separators, marks
// (combining or spacing, selectors included), default-ignorables (fillers), Hangul medial/final
// jamo (zero width in wcwidth, one cell elsewhere).
const NO_BASE = /^[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{M}\p{Default_Ignorable_Code_Point}\u1160-\u11ff\ud7b0-\ud7ff]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
/** A cluster this long is no real text (tmux keeps a few marks per cell; the rest is bytes). */
const MAX_CLUSTER = 32;

const safeCache = new Map<string, string>();
const uncertainCache = new Map<string, boolean>();

/** `g` (one grapheme) as it may be drawn: itself, or U+FFFD. */
export function safeGlyph(g: string): string {
  let s = safeCache.get(g);
  if (s === undefined) {
    s = g.length > MAX_CLUSTER || NO_BASE.test(g) ? REPLACEMENT : g;
    if (safeCache.size < 10000) safeCache.set(g, s);
  }
  return s;
}

/** Single code points whose width every terminal agrees on (as long as they are not emoji). */
function agreed(c: number): boolean {
  return (
    (c >= 0x20 && c < 0x7f) ||
    (c >= 0xa1 && c <= 0x2af && c !== 0xad) || // Latin-1, Latin Extended A/B, IPA
    (c >= 0x386 && c <= 0x3ff) || // Greek
    (c >= 0x400 && c <= 0x482) || (c >= 0x48a && c <= 0x52f) || // Cyrillic
    (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || // punctuation
    (c >= 0x2190 && c <= 0x23ff) || // arrows, math, technical
    (c >= 0x2500 && c <= 0x25ff) || // box drawing, blocks, shapes
    (c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) || // kana
    (c >= 0x4e00 && c <= 0x9fa5) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xff01 && c <= 0xff60)
  );
}

/** Whether a real terminal might draw `g` wider or narrower than we count it. */
export function widthUncertain(g: string): boolean {
  if (g.length === 1) {
    const c = g.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f) return false;
  }
  let u = uncertainCache.get(g);
  if (u === undefined) {
    u = g.length !== 1 || !agreed(g.charCodeAt(0)) || PICTOGRAPHIC.test(g);
    if (uncertainCache.size < 10000) uncertainCache.set(g, u);
  }
  return u;
}
