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
const NOT_PLAIN_INFO: SliceInfo = { plain: false, lf: 0, reset: false, sgr: '' };

/**
 * Anything but text, CR, LF, TAB and complete SGRs (`ESC [ digits;: m`): C0 controls, DEL, C1
 * controls (the 8-bit CSI among them), other escape sequences.
 */
export const NOT_PLAIN = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]|\x1b(?!\[[0-9;:]*m)/;

/**
 * Runs once per slice of a flood, so it leans on what V8 does natively (one regex, indexOf)
 * instead of a loop over every character; the style carried over is found walking back from the
 * end to the last reset (a flood resets every line or so). `plain`: the caller already knows the
 * slice is plain (the output gate tested it).
 */
export function scanSlice(s: string, plain = false): SliceInfo {
  if (!plain && NOT_PLAIN.test(s)) return NOT_PLAIN_INFO;
  let sgr = '';
  let reset = false;
  for (let e = s.lastIndexOf('\x1b'); e >= 0; e = e === 0 ? -1 : s.lastIndexOf('\x1b', e - 1)) {
    const end = s.indexOf('m', e) + 1;
    sgr = s.slice(e, end) + sgr;
    // First parameter empty or zero: the style starts over from the default here.
    let k = e + 2;
    while (k < end - 1 && s.charCodeAt(k) === 0x30) k++;
    if (k === end - 1 || s.charCodeAt(k) === 0x3b) {
      reset = true;
      break;
    }
    if (sgr.length > MAX_SGR) return NOT_PLAIN_INFO;
  }
  let lf = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) lf++;
  return { plain: true, lf, reset, sgr };
}
