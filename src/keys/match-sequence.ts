// Pure matcher: recognise the one input event that starts at s[i].
// Returns null when more input could change the answer (and eof is false). With eof true it always
// consumes at least one code unit, so the caller can never loop forever. A mouse report's event is
// mouse-event.ts.

import type { KeyEvent } from './key-event.js';
import { mouseEvent } from './mouse-event.js';
import {
  CODE_KEYS,
  ESC,
  KITTY_KEYS,
  LETTER_KEYS,
  SS3_KEYPAD,
  TILDE_KEYS,
  isCasedLetter,
  isUpperLetter,
  modsFromParam,
} from './key-tables.js';
import { isTerminalReply, stringReplyAt } from './terminal-replies.js';

export interface Match {
  len: number;
  event?: KeyEvent;
  /** `ESC [ 200 ~`: the caller switches to paste mode. */
  pasteStart?: boolean;
  /** A guess made because the sequence did not continue as one (ESC [ x -> alt+[); never extended with a second ESC. */
  fallback?: boolean;
}

// Longest escape sequence we wait for; beyond this it is garbage and gets emitted as 'unknown'.
const MAX_SEQUENCE = 128;
// Longest OSC/DCS/APC reply read as one event; past it the rest is read as keys (only a clipboard
// read, OSC 52, which the hub never asks for, is that long).
const MAX_STRING = 4096;

interface Flags {
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
}

function key(name: string, sequence: string, f: Flags = {}, text?: string): KeyEvent {
  const ev: KeyEvent = { kind: 'key', name, ctrl: !!f.ctrl, alt: !!f.alt, shift: !!f.shift, sequence };
  if (text !== undefined) ev.text = text;
  return ev;
}

function unknown(s: string, i: number, len: number): Match {
  return { len, event: key('unknown', s.slice(i, i + len)) };
}

/** A printable character or named key: letters carry shift in their case. */
function charKey(ch: string, sequence: string, f: Flags): KeyEvent {
  if (ch === ' ') return key('space', sequence, f, f.ctrl || f.alt ? undefined : ' ');
  if (isCasedLetter(ch)) {
    // With ctrl the case is meaningless (terminals send the same byte), so report the lower-case letter.
    if (f.ctrl) return key(ch.toLowerCase(), sequence, f);
    const upper = f.shift || isUpperLetter(ch);
    const name = upper ? ch.toUpperCase() : ch;
    return key(name, sequence, { ...f, shift: upper }, f.alt ? undefined : name);
  }
  return key(ch, sequence, f, f.ctrl || f.alt ? undefined : ch);
}

/** The key for one code point typed on its own (no ESC prefix). */
function singleCharEvent(ch: string, sequence: string, alt: boolean): KeyEvent {
  const c = ch.codePointAt(0)!;
  if (c === 0x00) return key('space', sequence, { ctrl: true, alt });
  if (c === 0x09) return key('tab', sequence, { alt });
  if (c === 0x0d) return key('enter', sequence, { alt });
  if (c === 0x1b) return key('escape', sequence, { alt });
  if (c >= 0x01 && c <= 0x1a) return key(String.fromCharCode(c + 0x60), sequence, { ctrl: true, alt });
  if (c >= 0x1c && c <= 0x1f) return key('\\]^_'[c - 0x1c], sequence, { ctrl: true, alt });
  if (c === 0x7f) return key('backspace', sequence, { alt });
  if (c >= 0x80 && c <= 0x9f) return key('unknown', sequence);
  return charKey(ch, sequence, { alt });
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Length (1 or 2 code units) of the code point at i, or 0 if a split surrogate pair may still complete. */
function codePointLen(s: string, i: number, eof: boolean): number {
  if (!isHighSurrogate(s.charCodeAt(i))) return 1;
  if (i + 1 >= s.length) return eof ? 1 : 0;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

export function matchAt(s: string, i: number, eof: boolean): Match | null {
  const c = s.charCodeAt(i);
  if (c === 0x1b) return matchEscape(s, i, eof);
  if (c > 0x20 && c < 0x7f) {
    // Hot path for typed (or unbracketed pasted) ASCII.
    const ch = s[i];
    return {
      len: 1,
      event: {
        kind: 'key',
        name: ch,
        ctrl: false,
        alt: false,
        shift: c >= 0x41 && c <= 0x5a,
        sequence: ch,
        text: ch,
      },
    };
  }
  const len = codePointLen(s, i, eof);
  if (len === 0) return null;
  const ch = s.slice(i, i + len);
  return { len, event: singleCharEvent(ch, ch, false) };
}

function matchEscape(s: string, i: number, eof: boolean): Match | null {
  const n = s.length;
  if (i + 1 >= n) return eof ? { len: 1, event: key('escape', ESC) } : null;
  const next = s[i + 1];
  if (next === '[') return matchCsi(s, i, eof);
  if (next === 'O') return matchSs3(s, i, eof);
  // The user's terminal replying (OSC, DCS, APC): ESC and its kind alone are alt+] alt+P alt+_.
  if (next === ']' || next === 'P' || next === '_') {
    if (i + 2 >= n && !eof) return null;
    if (stringReplyAt(s, i)) return matchString(s, i, eof);
  }
  if (next === ESC) {
    // Some terminals (rxvt, old xterm) send alt+<special> as ESC + the special key's sequence.
    if (i + 2 >= n) return eof ? { len: 2, event: key('escape', ESC + ESC, { alt: true }) } : null;
    const third = s[i + 2];
    if (third === '[' || third === 'O') {
      const inner = third === '[' ? matchCsi(s, i + 1, eof) : matchSs3(s, i + 1, eof);
      if (inner === null) return null;
      const ev = inner.event;
      if (ev && ev.kind === 'key' && ev.name !== 'unknown' && !inner.fallback) {
        const alt: KeyEvent = { ...ev, alt: true, sequence: s.slice(i, i + 1 + inner.len) };
        delete alt.text;
        return { len: inner.len + 1, event: alt };
      }
      // ESC typed, then the terminal's reply: the escape key, and the reply whole.
      if (ev && isTerminalReply(ev.sequence)) return { len: 1, event: key('escape', ESC) };
    }
    if (third === ']' || third === 'P' || third === '_') {
      if (i + 3 >= n && !eof) return null;
      if (stringReplyAt(s, i + 1)) return { len: 1, event: key('escape', ESC) };
    }
    return { len: 2, event: key('escape', ESC + ESC, { alt: true }) };
  }
  // ESC + one character = alt + that key.
  const len = codePointLen(s, i + 1, eof);
  if (len === 0) return null;
  const ch = s.slice(i + 1, i + 1 + len);
  return { len: 1 + len, event: singleCharEvent(ch, s.slice(i, i + 1 + len), true) };
}

/**
 * An OSC, DCS or APC string (a reply of the user's terminal) up to its end: BEL or ST (`ESC \`,
 * U+009C). A control character (a key: enter, ctrl+c, an ESC that is no ST) ends one cut short;
 * so do MAX_STRING characters. Null while its end may still come.
 */
function matchString(s: string, i: number, eof: boolean): Match | null {
  const n = s.length;
  const limit = Math.min(n, i + MAX_STRING);
  for (let k = i + 2; k < limit; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x07 || c === 0x9c) return unknown(s, i, k + 1 - i);
    if (c === 0x1b) {
      if (k + 1 >= n) return eof ? unknown(s, i, k - i) : null;
      return unknown(s, i, s[k + 1] === '\\' ? k + 2 - i : k - i);
    }
    if (c < 0x20 || c === 0x7f) return unknown(s, i, k - i);
  }
  if (limit - i >= MAX_STRING) return unknown(s, i, MAX_STRING);
  return eof ? unknown(s, i, n - i) : null;
}

function altFallback(s: string, i: number, ch: string): Match {
  return { len: 2, event: charKey(ch, s.slice(i, i + 2), { alt: true }), fallback: true };
}

function matchSs3(s: string, i: number, eof: boolean): Match | null {
  const n = s.length;
  let k = i + 2;
  // Old xterm / konsole put a modifier digit before the final: ESC O 5 A, ESC O 1;5P.
  while (k < n && k - i < 8 && /[0-9;]/.test(s[k])) k++;
  if (k >= n) {
    if (!eof) return null;
    return k === i + 2 ? altFallback(s, i, 'O') : unknown(s, i, k - i);
  }
  const f = s.charCodeAt(k);
  if (f < 0x40 || f > 0x7e) return k === i + 2 ? altFallback(s, i, 'O') : unknown(s, i, k - i);
  const seq = s.slice(i, k + 1);
  const params = s.slice(i + 2, k).split(';');
  const modNum =
    params.length > 0 && params[params.length - 1] !== '' ? Number(params[params.length - 1]) : undefined;
  const mods = modsFromParam(modNum);
  const fin = s[k];
  const len = k + 1 - i;
  if (LETTER_KEYS[fin]) return { len, event: key(LETTER_KEYS[fin], seq, mods) };
  if (fin === 'M') return { len, event: key('enter', seq, mods) };
  if (fin === 'I') return { len, event: key('tab', seq, mods) };
  if (SS3_KEYPAD[fin] !== undefined) return { len, event: charKey(SS3_KEYPAD[fin], seq, mods) };
  // rxvt: ESC O a..d = ctrl+arrows.
  const rxvt = 'abcd'.indexOf(fin);
  if (rxvt >= 0) return { len, event: key(['up', 'down', 'right', 'left'][rxvt], seq, { ctrl: true }) };
  return { len, event: key('unknown', seq) };
}

function isParamByte(c: number): boolean {
  return c >= 0x30 && c <= 0x3f;
}

function isIntermediateByte(c: number): boolean {
  return c >= 0x20 && c <= 0x2f;
}

function matchCsi(s: string, i: number, eof: boolean): Match | null {
  const n = s.length;
  const j = i + 2;
  if (j >= n) return eof ? altFallback(s, i, '[') : null;
  const first = s[j];
  if (first === '[') {
    // Linux console: ESC [ [ A .. ESC [ [ E = F1..F5.
    if (j + 1 >= n) return eof ? unknown(s, i, 3) : null;
    const idx = 'ABCDE'.indexOf(s[j + 1]);
    return idx >= 0 ? { len: 4, event: key(`f${idx + 1}`, s.slice(i, i + 4)) } : unknown(s, i, 3);
  }
  if (first === 'M') return matchX10Mouse(s, i, eof);
  // Scan at most MAX_SEQUENCE chars, whether or not more input is buffered, so chunking never
  // changes where a garbage sequence is cut.
  const limit = Math.min(n, i + MAX_SEQUENCE);
  let k = j;
  while (k < limit && isParamByte(s.charCodeAt(k))) k++;
  // rxvt's shift+<tilde key> ends in '$' (an intermediate byte by the grammar): ESC [ 2 $. (Not
  // ESC [ 4 ; 2 $ y: a terminal's mode report.)
  if (k < limit && s[k] === '$' && k > j && /^[0-9]+$/.test(s.slice(j, k))) {
    return interpretCsi(s.slice(j, k), '$', s.slice(i, k + 1), k + 1 - i);
  }
  while (k < limit && isIntermediateByte(s.charCodeAt(k))) k++;
  if (k - i >= MAX_SEQUENCE) return unknown(s, i, k - i);
  if (k >= n) {
    if (!eof) return null;
    return k === j ? altFallback(s, i, '[') : unknown(s, i, k - i);
  }
  const f = s.charCodeAt(k);
  if (f < 0x40 || f > 0x7e) return k === j ? altFallback(s, i, '[') : unknown(s, i, k - i);
  return interpretCsi(s.slice(j, k), s[k], s.slice(i, k + 1), k + 1 - i);
}

/** Parameters as numbers with ':' sub-parameters; null if they are not plain numbers. */
function parseParams(body: string): (number | undefined)[][] | null {
  if (body === '') return [];
  const out: (number | undefined)[][] = [];
  for (const p of body.split(';')) {
    const subs: (number | undefined)[] = [];
    for (const sub of p.split(':')) {
      if (sub === '') subs.push(undefined);
      else if (/^[0-9]{1,9}$/.test(sub)) subs.push(Number(sub));
      else return null;
    }
    out.push(subs);
  }
  return out;
}

function interpretCsi(body: string, fin: string, seq: string, len: number): Match {
  const unk: Match = { len, event: key('unknown', seq) };
  const priv = /^[<=>?]/.test(body) ? body[0] : '';
  const params = parseParams(priv ? body.slice(1) : body);
  if (params === null) return unk;
  const p = (idx: number, sub = 0): number | undefined => params[idx]?.[sub];
  if (priv === '<') {
    if ((fin !== 'M' && fin !== 'm') || params.length !== 3) return unk;
    const [b, x, y] = [p(0), p(1), p(2)];
    if (b === undefined || x === undefined || y === undefined) return unk;
    return { len, event: mouseEvent(b, x, y, fin === 'm', seq) };
  }
  if (priv !== '') return unk; // replies to queries (DA, DECRQM...), never keys
  const simple = p(0) === undefined || p(0) === 1; // ESC [ A or ESC [ 1 ; m A
  if (LETTER_KEYS[fin]) {
    if (!simple || params.length > 2) return unk; // e.g. a cursor position report ESC [ 12 ; 40 R
    return { len, event: key(LETTER_KEYS[fin], seq, modsFromParam(p(1))) };
  }
  switch (fin) {
    case 'Z':
      if (!simple) return unk;
      return { len, event: key('tab', seq, { ...modsFromParam(p(1)), shift: true }) };
    case 'I':
    case 'O':
      if (body !== '') return unk;
      return {
        len,
        event: {
          kind: 'focus',
          name: fin === 'I' ? 'focusin' : 'focusout',
          ctrl: false,
          alt: false,
          shift: false,
          sequence: seq,
        },
      };
    case 'a':
    case 'b':
    case 'c':
    case 'd': // rxvt shift+arrows
      if (body !== '') return unk;
      return { len, event: key(['up', 'down', 'right', 'left']['abcd'.indexOf(fin)], seq, { shift: true }) };
    case 'M': // urxvt 1015 mouse: ESC [ b+32 ; x ; y M
      if (params.length !== 3 || p(0) === undefined || p(1) === undefined || p(2) === undefined) return unk;
      return { len, event: mouseEvent(p(0)! - 32, p(1)!, p(2)!, false, seq) };
    case 'u':
      return codeKey(p(0), p(0, 1), p(1), p(1, 1), seq, len) ?? unk;
    case '~':
    case '^':
    case '@':
    case '$': {
      const num = p(0);
      if (num === undefined) return unk;
      if (fin === '~' && num === 200 && params.length === 1) return { len, pasteStart: true };
      if (fin === '~' && num === 27) return codeKey(p(2), undefined, p(1), undefined, seq, len) ?? unk; // modifyOtherKeys
      const name = TILDE_KEYS[num];
      if (!name) return unk;
      const mods = fin === '~' ? modsFromParam(p(1)) : { ctrl: fin !== '$', alt: false, shift: fin !== '^' }; // rxvt: ^ ctrl, $ shift, @ ctrl+shift
      return { len, event: key(name, seq, mods) };
    }
    default:
      return unk;
  }
}

/** CSI u (kitty / fixterms) and modifyOtherKeys: a Unicode code point plus an xterm modifier. */
function codeKey(
  code: number | undefined,
  shifted: number | undefined,
  modParam: number | undefined,
  eventType: number | undefined,
  seq: string,
  len: number,
): Match | null {
  if (code === undefined || eventType === 3) return null; // key releases are not key presses
  const mods = modsFromParam(modParam);
  const named = CODE_KEYS[code] ?? KITTY_KEYS[code];
  if (named !== undefined) {
    if (named === 'space') return { len, event: charKey(' ', seq, mods) };
    return { len, event: named.length === 1 ? charKey(named, seq, mods) : key(named, seq, mods) };
  }
  if (code < 0x20) {
    const ev = singleCharEvent(String.fromCharCode(code), seq, mods.alt);
    return { len, event: { ...ev, shift: ev.shift || mods.shift } };
  }
  if (
    code > 0x10ffff ||
    (code >= 0xd800 && code <= 0xdfff) ||
    (code >= 0x80 && code <= 0x9f) ||
    (code >= 0xe000 && code <= 0xf8ff)
  ) {
    return null;
  }
  let ch = String.fromCodePoint(code);
  let f: Flags = mods;
  // kitty reports the shifted key when asked (code:shifted); use it for non-letters so shift+1 reads '!'.
  if (mods.shift && !mods.ctrl && shifted !== undefined && !isCasedLetter(ch) && shifted <= 0x10ffff) {
    ch = String.fromCodePoint(shifted);
    f = { ...mods, shift: false };
  }
  return { len, event: charKey(ch, seq, f) };
}

function matchX10Mouse(s: string, i: number, eof: boolean): Match | null {
  // ESC [ M then three code points, each value+32 (1-based coordinates). With mode 1005 they are
  // UTF-8 characters, which our UTF-8 decoding already handles.
  const n = s.length;
  let k = i + 3;
  const vals: number[] = [];
  for (let t = 0; t < 3; t++) {
    if (k >= n) return eof ? unknown(s, i, k - i) : null;
    const len = codePointLen(s, k, eof);
    if (len === 0) return null;
    vals.push(s.codePointAt(k)!);
    k += len;
  }
  const seq = s.slice(i, k);
  return { len: k - i, event: mouseEvent(vals[0] - 32, vals[1] - 32, vals[2] - 32, false, seq) };
}
