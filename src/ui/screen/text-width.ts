import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { eastAsianWidth } from 'get-east-asian-width';

// string-width is exact for every grapheme cluster, but its first non-ASCII call compiles
// Unicode-property regexes (~20 ms at start) and every call segments graphemes. Strings made only
// of single-code-point characters from the blocks below (what layouts draw: box drawing, marks,
// arrows, CJK) have exactly their East Asian Width, so they skip it; anything else
// (emoji, combining marks, joiners, variation selectors) still goes to string-width.
export function simple(c: number): boolean {
  return (
    (c >= 0x20 && c < 0x7f) ||
    (c >= 0xa0 && c <= 0xff && c !== 0xad) ||
    (c >= 0x2010 && c <= 0x2027) ||
    (c >= 0x2030 && c <= 0x205e) ||
    (c >= 0x2190 && c <= 0x22ff) ||
    (c >= 0x2500 && c <= 0x25ff) ||
    (c >= 0x2700 && c <= 0x27bf) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x30a1 && c <= 0x30fa) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xff01 && c <= 0xff60)
  );
}

export function textWidth(text: string): number {
  if (text.includes('\x1b') || text.includes('\x9b')) text = stripAnsi(text);
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      width++;
      continue;
    }
    if (!simple(c)) return stringWidth(text);
    width += eastAsianWidth(c);
  }
  return width;
}

/** True when every UTF-16 unit of text is a simple character: each one is then its own grapheme. */
export function allSimple(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!simple(text.charCodeAt(i))) return false;
  return true;
}
