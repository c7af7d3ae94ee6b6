/**
 * The payload of a string (OSC, DCS, SOS, PM, APC) is cut after MAX_STRING characters and the rest
 * dropped up to its terminator, which still ends it: a title is a title, not 10 MB that xterm
 * gathers one concatenation at a time (an OSC that never ends, `printf '\e]0;'; base64
 * /dev/urandom`, kept the main thread busy collecting garbage and held other agents' echo for
 * hundreds of ms). Used by OutputGate, which finds where strings open; this follows one to its end,
 * across chunks, with xterm's own idea of what ends it.
 */

/**
 * Characters of a string's payload handed to xterm (a path, a shell integration mark fit: PATH_MAX
 * is 4096).
 */
export const MAX_STRING = 4096;
/** ...and of a title (OSC 0, 1, 2): the terminal keeps 1024 characters of it (MAX_TITLE). */
export const MAX_TITLE_STRING = 1026;

/** What ends an OSC in xterm: BEL, CAN, SUB, ESC (ST is ESC \) and any C1 control. */
const OSC_END = /[\x07\x18\x1a\x1b\x80-\x9f]/g;
/** What ends the other strings (BEL is part of their data). */
const STRING_END = /[\x18\x1a\x1b\x80-\x9f]/g;
export const OSC = 1;
export const OTHER_STRING = 2;

/** The string an introducer (the byte after ESC, or an 8-bit one) opens, or 0. */
export function stringKind(c: number): number {
  if (c === 0x5d || c === 0x9d) return OSC;
  return c === 0x50 ||
    c === 0x58 ||
    c === 0x5e ||
    c === 0x5f ||
    c === 0x90 ||
    c === 0x98 ||
    c === 0x9e ||
    c === 0x9f
    ? OTHER_STRING
    : 0;
}

export class StringCut {
  /** Inside a string (OSC or OTHER_STRING) that goes on in the next chunk, or 0. */
  private kind = 0;
  /** Payload characters of that string so far, and how many of them are kept. */
  private len = 0;
  private max = MAX_STRING;

  get open(): boolean {
    return this.kind !== 0;
  }

  /** The terminal abandoned the open string: what comes next is output again. */
  end(): void {
    this.kind = 0;
  }

  /** A string of `kind` opens at `start` in s (its payload); see scan. */
  begin(s: string, start: number, kind: number): { end: number; keep: number } {
    this.kind = kind;
    this.len = 0;
    // A title (its number and ';' in this chunk) keeps what the terminal keeps of one.
    const c = s.charCodeAt(start);
    this.max =
      kind === OSC && c >= 0x30 && c <= 0x32 && s.charCodeAt(start + 1) === 0x3b
        ? MAX_TITLE_STRING
        : MAX_STRING;
    return this.scan(s, start);
  }

  /**
   * The open string's payload from `start` in s: where it ends (its terminator) or -1, and how
   * many of its characters from `start` are kept.
   */
  scan(s: string, start: number): { end: number; keep: number } {
    const re = this.kind === OSC ? OSC_END : STRING_END;
    re.lastIndex = start;
    const m = re.exec(s);
    const end = m ? m.index : -1;
    const len = (end < 0 ? s.length : end) - start;
    const keep = Math.max(0, Math.min(len, this.max - this.len));
    this.len += len;
    if (end >= 0) this.kind = 0;
    return { end, keep };
  }
}
