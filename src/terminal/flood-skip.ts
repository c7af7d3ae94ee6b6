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
/** Anything but text, CR, LF, TAB and ESC: C0 controls, DEL, C1 controls. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/;

/** Index after the SGR (`ESC [ digits;: m`) at `i`, or -1 when what starts there is not one. */
function sgrEnd(s: string, i: number, n: number): number {
  if (s.charCodeAt(i + 1) !== 0x5b) return -1;
  let j = i + 2;
  while (j < n) {
    const p = s.charCodeAt(j);
    if (p >= 0x30 && p <= 0x3b) j++; // digits, ':' and ';'
    else break;
  }
  return j < n && s.charCodeAt(j) === 0x6d ? j + 1 : -1;
}

/**
 * Runs once per slice of a flood, so it leans on what V8 does natively (a regex for controls,
 * indexOf for ESC and LF) instead of a loop over every character, and slices out only the SGRs
 * from the last reset on.
 */
export function scanSlice(s: string): SliceInfo {
  if (CONTROL.test(s)) return NOT_PLAIN;
  const n = s.length;
  let lastReset = -1;
  for (let i = s.indexOf('\x1b'); i >= 0; i = s.indexOf('\x1b', i)) {
    const end = sgrEnd(s, i, n);
    if (end < 0) return NOT_PLAIN;
    // First parameter empty or zero: the style starts over from the default here.
    let k = i + 2;
    while (k < end - 1 && s.charCodeAt(k) === 0x30) k++;
    if (k === end - 1 || s.charCodeAt(k) === 0x3b) lastReset = i;
    i = end;
  }
  let sgr = '';
  for (let i = s.indexOf('\x1b', Math.max(0, lastReset)); i >= 0; i = s.indexOf('\x1b', i)) {
    const end = sgrEnd(s, i, n);
    sgr += s.slice(i, end);
    if (sgr.length > MAX_SGR) return NOT_PLAIN;
    i = end;
  }
  let lf = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) lf++;
  return { plain: true, lf, reset: lastReset >= 0, sgr };
}
