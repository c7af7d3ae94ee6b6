/**
 * Stands between an agent's output and its headless terminal, so that no byte stream can hold the
 * main thread:
 *
 * - xterm runs counted sequences one step at a time (`ESC[99999S` scrolls 99999 times, ~0.65 s),
 *   so counts are clamped to what can change the screen before xterm sees them;
 * - xterm parses each write whole and only yields between writes (after ~12 ms), so output is
 *   handed over in slices of bounded parse cost, weighed by what each sequence makes xterm do;
 * - the payload of a string (OSC, DCS, SOS, PM, APC) is cut to what the hub uses (string-cut.ts).
 *
 * It is an incremental scanner of xterm's own escape grammar (ESC, CSI and 8-bit CSI; C0 controls
 * inside a sequence are executed and do not end it): a sequence split across chunks is held back
 * until its final byte, so it is clamped like any other; a string is followed across chunks. One
 * CSI's scan is csi-scan.ts.
 */

import { NOT_PLAIN } from './flood-skip.js';
import { StringCut, stringKind } from './string-cut.js';
import { ESC, inert, scanCsi, type Csi } from './csi-scan.js';

export { MAX_STRING, MAX_TITLE_STRING } from './string-cut.js';

/** A CSI longer than this is dropped, as st does; it keeps what is held back bounded. */
export const MAX_SEQUENCE = 256;
/** Parse cost per slice, in units of about one printed ASCII character (~0.1 µs). */
export const SLICE_UNITS = 8192;
/** At most this many characters printed by one REP (`CSI Ps b`)... */
const REP_UNITS = 16384;
/** ...and this many code units when it repeats a cluster (xterm joins each mark on its own: ~4 µs). */
const REP_CLUSTER_UNITS = 2048;
/** Weight of a full reset or a screen switch (xterm rebuilds buffers: ~0.1 ms). */
const HEAVY = 1000;
/** The start of an SGR cut off at the end of a chunk. */
const SGR_START = /^\x1b(?:\[[0-9;:]*)?$/;

/** Final bytes whose sequences count or weigh something (S T L M Z I @ P X b J). */
const COUNTED = new Uint8Array(128);
for (const f of 'STLMZI@PXbJ') COUNTED[f.charCodeAt(0)] = 1;
/** 8-bit introducers: CSI, and the strings DCS, SOS, OSC, PM, APC. */
const C1_INTRO = /[\x90\x98\x9b\x9d-\x9f]/g;
export class OutputGate {
  /** An unfinished sequence held back from the last chunk (at most MAX_SEQUENCE + a few chars). */
  private carry = '';
  /** Inside an over-long CSI that is being dropped. */
  private dropping = false;
  /** Non-ASCII code units at the end of the text so far: bounds the grapheme a REP repeats. */
  private trail = 0;
  /** The string being followed (its payload cut), across chunks. */
  private readonly strings = new StringCut();

  /** Inside a string whose payload is being cut (the terminal is inside it too). */
  get inString(): boolean {
    return this.strings.open;
  }

  /** Nothing held back or followed: plain text goes to the terminal as it came. */
  get idle(): boolean {
    return this.carry === '' && !this.dropping && !this.strings.open;
  }

  /** The terminal abandoned the open string (see StringTimeout): what comes next is output again. */
  endString(): void {
    this.strings.end();
  }

  /**
   * Hands `data` to `emit` as one or more slices, each cheap to parse, with counts clamped for a
   * `cols` x `rows` screen. An unfinished sequence at the end is kept for the next call.
   */
  feed(data: string, cols: number, rows: number, emit: (slice: string, plain?: boolean) => void): void {
    const s = this.carry === '' ? data : this.carry + data;
    this.carry = '';
    if (this.strings.open) {
      // A string goes on: only the part of it that is kept, and nothing more if it does not end here.
      const r = this.strings.scan(s, 0);
      if (r.end < 0) {
        if (r.keep > 0) emit(s.slice(0, r.keep));
        return;
      }
      if (r.keep > 0) emit(s.slice(0, r.keep));
      this.feed(s.slice(r.end), cols, rows, emit);
      return;
    }
    if (!this.dropping && this.plain(s, emit)) return;
    const n = s.length;
    // The next 8-bit introducer (rare), so the search is not repeated per ESC.
    const next8At = (k: number): number => {
      C1_INTRO.lastIndex = k;
      return C1_INTRO.exec(s)?.index ?? -1;
    };
    let next8 = next8At(0);
    let out = ''; // rewritten part of the current slice, before `from`
    let from = 0; // start of the part of s not yet in `out` or emitted
    let units = 0;
    let i = 0;
    let runStart = -1; // where the text since the last sequence starts (-1: in an earlier chunk)
    /** A string opens at `start` (its payload): cut it; false when it goes on past this chunk. */
    const string = (kind: number, start: number): boolean => {
      const r = this.strings.begin(s, start, kind);
      units += 1 + r.keep;
      if (r.end < 0) {
        out += s.slice(from, start + r.keep);
        from = n;
        i = n;
        return false;
      }
      if (start + r.keep < r.end) {
        out += s.slice(from, start + r.keep);
        from = r.end;
      }
      i = r.end;
      runStart = i;
      if (units >= SLICE_UNITS) flush(i);
      return true;
    };
    const flush = (to: number): void => {
      const slice = out + s.slice(from, to);
      out = '';
      from = to;
      units = 0;
      if (slice !== '') emit(slice);
    };
    if (this.dropping) {
      const k = this.drop(s, 0);
      out = this.dropKept;
      from = k;
      i = k;
    }
    while (i < n) {
      let e = s.indexOf('\x1b', i);
      if (next8 >= 0 && next8 < i) next8 = next8At(i);
      if (next8 >= 0 && (e < 0 || next8 < e)) e = next8;
      const textEnd = e < 0 ? n : e;
      // Plain text up to the next sequence, cut where the slice is full.
      while (units + (textEnd - i) > SLICE_UNITS) {
        const cut = i + (SLICE_UNITS - units);
        flush(cut);
        i = cut;
      }
      units += textEnd - i;
      if (e < 0) break;
      i = e;
      let j = e + 1;
      const k8 = s.charCodeAt(e) === ESC ? 0 : stringKind(s.charCodeAt(e));
      if (k8 !== 0) {
        if (!string(k8, e + 1)) break;
        continue;
      }
      if (s.charCodeAt(e) === ESC) {
        while (j < n && inert(s.charCodeAt(j))) j++;
        if (j >= n) {
          // Controls after an ESC run at once without ending it: they may go first, the ESC waits.
          this.hold(out + s.slice(from, e) + controlsIn(s, e, n), '\x1b', emit);
          return;
        }
        const f = s.charCodeAt(j);
        const kind = stringKind(f);
        if (kind !== 0 && f < 0x80) {
          if (!string(kind, j + 1)) break;
          continue;
        }
        if (f !== 0x5b) {
          // Not a CSI: RIS (ESC c) and DECALN (ESC # 8) are the costly ones; the rest is text-cheap.
          if (f === 0x63) units += HEAVY;
          else if (f === 0x23) units += (rows * cols) >> 5;
          i = j + (f === ESC || f === 0x18 || f === 0x1a || f >= 0x80 ? 0 : 1);
          runStart = i;
          if (units >= SLICE_UNITS) {
            flush(i);
          }
          continue;
        }
        j++;
      }
      // Fast path (SGR and most others): plain parameters and a final byte that counts nothing.
      let k = j;
      let c = k < n ? s.charCodeAt(k) : -1;
      while (c >= 0x30 && c <= 0x3b) c = ++k < n ? s.charCodeAt(k) : -1;
      if (c >= 0x40 && c <= 0x7e && COUNTED[c] === 0 && k - e < MAX_SEQUENCE) {
        i = k + 1;
        runStart = i;
        if (++units >= SLICE_UNITS) flush(i);
        continue;
      }
      const r = scanCsi(s, j, e + MAX_SEQUENCE);
      if (r.end === -1) {
        this.hold(out + s.slice(from, e), s.slice(e), emit);
        return;
      }
      if (r.end === -2) {
        i = r.abortAt;
        continue;
      }
      if (r.end === -3) {
        // Too long to be real: drop the sequence, keep the controls inside it (xterm ran them).
        out += s.slice(from, e) + controlsIn(s, e, e + MAX_SEQUENCE);
        this.dropping = true;
        const k = this.drop(s, e + MAX_SEQUENCE);
        out += this.dropKept;
        from = k;
        i = k;
        continue;
      }
      i = r.end;
      const trailStart = runStart;
      runStart = i;
      if (r.ignore || r.final === 0x6d) {
        units++; // SGR, the most common by far
        continue;
      }
      // A REP repeats the cell printed last, marks joined to it included: those since the last
      // control or sequence (xterm joins across writes, so the count carries over chunks).
      this.trail = trailStart >= 0 ? trailOf(s, trailStart, e, 0) : trailOf(s, 0, e, this.trail);
      const limit = this.limitFor(r, cols, rows);
      const count = r.first <= 0 ? 1 : r.first;
      if (limit > 0 && count > limit) {
        out += s.slice(from, e) + rewrite(s, e, i, limit, r.final);
        from = i;
      }
      units += this.weightOf(r, Math.min(count, limit > 0 ? limit : count), cols, rows);
      if (units >= SLICE_UNITS) flush(i);
    }
    this.trail = trailOf(s, Math.max(0, runStart), n, runStart < 0 ? this.trail : 0);
    flush(n);
  }

  /** What the count of this sequence is clamped to (0: not a counted sequence). */
  private limitFor(r: Csi, cols: number, rows: number): number {
    if (r.prefix !== 0) return 0;
    const f = r.final;
    if (r.inter === '') {
      if (f === 0x53 || f === 0x54 || f === 0x4c || f === 0x4d) return rows; // S T L M
      if (f === 0x5a || f === 0x49 || f === 0x40 || f === 0x50 || f === 0x58) return cols; // Z I @ P X
      if (f === 0x62)
        return Math.max(
          1,
          Math.min(
            cols * rows,
            this.trail === 0 ? REP_UNITS : Math.floor(REP_CLUSTER_UNITS / (1 + this.trail)),
          ),
        ); // b
      return 0;
    }
    if ((r.inter === ' ' && (f === 0x40 || f === 0x41)) || (r.inter === "'" && (f === 0x7d || f === 0x7e)))
      return cols; // SL SR DECIC DECDC
    return 0;
  }

  private weightOf(r: Csi, count: number, cols: number, rows: number): number {
    const f = r.final;
    if (r.prefix === 0x3f) return f === 0x68 || f === 0x6c ? HEAVY : 1; // DECSET/DECRST: screen switches
    if (r.prefix !== 0) return 1;
    if (r.inter === '') {
      if (f === 0x53 || f === 0x54 || f === 0x4c || f === 0x4d) return (count * cols) >> 2;
      if (f === 0x62) return this.trail > 0 ? count * (1 + this.trail) * 40 : count;
      if (f === 0x4a) return (rows * cols) >> 5; // ED
      return count > 8 ? count : 1;
    }
    return r.inter === ' ' || r.inter === "'" ? (rows * cols) >> 3 : 1;
  }

  /**
   * The fast path for what floods are made of: a chunk of text and colours (an SGR cut off at its
   * end is kept for the next chunk) has nothing to clamp and fits one slice: one regex decides it,
   * instead of a walk over each sequence. `emit` learns that the slice is plain. False: not such
   * a chunk, nothing done.
   */
  private plain(s: string, emit: (slice: string, plain?: boolean) => void): boolean {
    let end = s.length;
    const last = s.lastIndexOf('\x1b');
    if (last >= 0 && end - last < MAX_SEQUENCE && SGR_START.test(s.slice(last))) end = last;
    // A plain slice costs one unit a character at most (an SGR counts one).
    if (end > SLICE_UNITS) return false;
    const body = end === s.length ? s : s.slice(0, end);
    if (NOT_PLAIN.test(body)) return false;
    if (end < s.length) {
      // As feed does when it holds a sequence back, the REP trail is left as it was.
      if (body !== '') emit(body, true);
      this.carry = s.slice(end);
      return true;
    }
    const seq = body.lastIndexOf('\x1b');
    this.trail =
      seq < 0 ? trailOf(body, 0, end, this.trail) : trailOf(body, body.indexOf('m', seq) + 1, end, 0);
    if (body !== '') emit(body, true);
    return true;
  }

  /** Emits `ready` and keeps the unfinished sequence `rest` for the next chunk. */
  private hold(ready: string, rest: string, emit: (slice: string) => void): void {
    if (ready !== '') emit(ready);
    this.carry = rest;
  }

  private dropKept = '';

  /** Skips the rest of a dropped CSI from `k`; returns where normal text resumes. */
  private drop(s: string, k: number): number {
    let kept = '';
    const n = s.length;
    for (; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x20 && c <= 0x3f) continue;
      if (c >= 0x40 && c <= 0x7e) {
        this.dropping = false;
        this.dropKept = kept;
        return k + 1;
      }
      if (inert(c)) {
        if (c !== 0x7f) kept += s[k];
        continue;
      }
      this.dropping = false;
      break;
    }
    this.dropKept = kept;
    return k;
  }
}

/** Non-ASCII code units at the end of s[from, to), plus `before` if they reach back to `from`. */
function trailOf(s: string, from: number, to: number, before: number): number {
  let k = to - 1;
  while (k >= from && s.charCodeAt(k) >= 0x80) k--;
  return k >= from ? to - 1 - k : before + (to - from);
}

/** The C0 controls (which xterm executes where they stand) in s[a, b), in order. */
function controlsIn(s: string, a: number, b: number): string {
  let kept = '';
  for (let k = a; k < b; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x20 && inert(c)) kept += s[k];
  }
  return kept;
}

/**
 * The sequence s[e, end) with its first parameter set to `count`. Controls inside it run first
 * (xterm executes them before the sequence dispatches, so the order of effects is the same).
 */
function rewrite(s: string, e: number, end: number, count: number, final: number): string {
  // Everything after the introducer (ESC [ or 0x9B), without the controls and the final byte.
  const params = s
    .slice(s.indexOf(s.charCodeAt(e) === ESC ? '[' : '\x9b', e) + 1, end - 1)
    .replace(/[\x00-\x1f\x7f]/g, '');
  const pre = controlsIn(s, e, end);
  return `${pre}\x1b[${count}${params.replace(/^\d*/, '')}${String.fromCharCode(final)}`;
}
