/**
 * What a slice of output does, for skipping output that cannot be seen: a slice made only of
 * text, CR, LF, TAB and SGR (colour) sequences changes nothing but cells and the colour state. When
 * enough such lines follow it to push all of it out of the scrollback, parsing it is wasted work:
 * it is dropped and only its effect on the colour state is kept. A flood is where this matters.
 */
export interface SliceInfo {
  /** Only text, CR, LF, TAB and SGR sequences. */
  plain: boolean;
  /** Line feeds in it. */
  lf: number;
  /** Whether it contains an SGR that starts from the default style (`ESC[m`, `ESC[0;...m`). */
  reset: boolean;
  /** Its SGR sequences from the last such reset on (all of them when there is none). */
  sgr: string;
}

const MAX_SGR = 4096;
const NOT_PLAIN: SliceInfo = { plain: false, lf: 0, reset: false, sgr: '' };

export function scanSlice(s: string): SliceInfo {
  let lf = 0;
  let reset = false;
  let sgr = '';
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20) {
      if (c === 0x7f || (c >= 0x80 && c < 0xa0)) return NOT_PLAIN; // DEL, C1 controls
      continue;
    }
    if (c === 0x0a) { lf++; continue; }
    if (c === 0x0d || c === 0x09) continue;
    if (c !== 0x1b || s.charCodeAt(i + 1) !== 0x5b) return NOT_PLAIN;
    // ESC [ params m
    let j = i + 2;
    while (j < n) {
      const p = s.charCodeAt(j);
      if ((p >= 0x30 && p <= 0x39) || p === 0x3b || p === 0x3a) j++;
      else break;
    }
    if (j >= n || s.charCodeAt(j) !== 0x6d) return NOT_PLAIN;
    const seq = s.slice(i, j + 1);
    // First parameter empty or zero: the style starts over from the default here.
    let k = i + 2;
    while (k < j && s.charCodeAt(k) === 0x30) k++;
    if (k === j || s.charCodeAt(k) === 0x3b) {
      reset = true;
      sgr = seq;
    } else {
      sgr += seq;
      if (sgr.length > MAX_SGR) return NOT_PLAIN;
    }
    i = j;
  }
  return { plain: true, lf, reset, sgr };
}
