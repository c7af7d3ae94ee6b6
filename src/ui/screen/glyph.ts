import { eastAsianWidth } from 'get-east-asian-width';

/**
 * What may reach the real terminal from a cell. Terminals disagree on the width of many
 * characters (unassigned code points, separators, joiners, selectors, emoji sequences, marks
 * without a base); a disagreement shifts the rest of the row, borders and the next panel included.
 * So the width of a cell is decided once, when it is written to the frame (the agent's terminal
 * decides for its panel, our width table for the hub's own text), and what is sent for it is made
 * to fit that width on any terminal:
 * - a grapheme no terminal can be trusted to draw with a width at all becomes U+FFFD;
 * - a cluster keeps its base and the marks that join it, nothing that makes terminals disagree
 *   (see fitGlyph);
 * - every cell not in a small set of characters whose width all terminals agree on is drawn on
 *   blanked cells, with the cursor placed again after it (see Screen.ansiRange): a terminal that
 *   draws it narrower leaves a blank, one that draws it wider is bounded by fitGlyph.
 */

export const REPLACEMENT = '\ufffd';

// No base to draw: controls, format characters, unassigned, surrogates, separators, joining marks
// (selectors included), default-ignorables (fillers), Hangul medial/final jamo (zero width in
// wcwidth, one cell elsewhere). A spacing mark (Mc) alone is one cell in wcwidth, as in the
// agent's terminal (an Indic vowel sign after a conjunct): it stays.
const NO_BASE =
  /^[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}\u1160-\u11ff\ud7b0-\ud7ff]/u;
/** Marks every terminal joins to the cell before them, width 0 (variation selectors excepted: they change widths). */
const JOINING_MARK = /^(?![\ufe00-\ufe0f\u{e0100}-\u{e01ef}])[\p{Mn}\p{Me}]$/u;
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

/** fitGlyph's answers for one cell and for two. */
const fitCache = [new Map<string, string>(), new Map<string, string>()];

/**
 * `g` (one grapheme) as it may be sent for a cell `w` cells wide, so that no terminal draws it
 * wider: only its base and the marks that join it (Mn, Me) stay. Everything else in a cluster is
 * drawn by some terminal in cells of its own or changes what the terminal does next: the parts of
 * a joiner sequence or a flag, a skin tone, a spacing mark (tmux 3.3 draws each emoji of
 * `👩‍💻` two cells wide; after a trailing joiner it joins the next character, even one written
 * after a cursor move, to the cell before it). U+FE0F right after the base stays in a two-cell
 * slot (emoji presentation: two cells, or one). A base wider than `w` becomes U+FFFD.
 */
export function fitGlyph(g: string, w: number): string {
  if (g.length === 1 && g.charCodeAt(0) < 0x7f) return g;
  const cache = fitCache[w >= 2 ? 1 : 0];
  let s = cache.get(g);
  if (s !== undefined) return s;
  s = safeGlyph(g);
  if (s !== REPLACEMENT) {
    const cps = Array.from(s);
    let out = cps[0];
    for (let k = 1; k < cps.length; k++) {
      const c = cps[k];
      if (k === 1 && c === '\ufe0f' && w >= 2) out += c;
      else if (JOINING_MARK.test(c)) out += c;
    }
    const base = cps[0].codePointAt(0)!;
    s = eastAsianWidth(base) > Math.max(1, w) ? REPLACEMENT : out;
  }
  if (cache.size < 10000) cache.set(g, s);
  return s;
}

/** Single code points whose width every terminal agrees on (as long as they are not emoji). */
function agreed(c: number): boolean {
  return (
    (c >= 0x20 && c < 0x7f) ||
    (c >= 0xa1 && c <= 0x2af && c !== 0xad) || // Latin-1, Latin Extended A/B, IPA
    (c >= 0x386 && c <= 0x3ff) || // Greek
    (c >= 0x400 && c <= 0x482) ||
    (c >= 0x48a && c <= 0x52f) || // Cyrillic
    (c >= 0x2010 && c <= 0x2027) ||
    (c >= 0x2030 && c <= 0x205e) || // punctuation
    (c >= 0x2190 && c <= 0x23ff) || // arrows, math, technical
    (c >= 0x2500 && c <= 0x25ff) || // box drawing, blocks, shapes
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x30a1 && c <= 0x30fa) || // kana
    (c >= 0x4e00 && c <= 0x9fa5) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xff01 && c <= 0xff60)
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
