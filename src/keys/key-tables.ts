// Byte tables shared by the parser (bytes -> key) and the encoder (key -> bytes).

export const ESC = '\x1b';

/** Named keys reachable through `ESC [ <n> ~` (vt220 / xterm), with their number. */
export const TILDE_KEYS: Readonly<Record<number, string>> = {
  1: 'home',
  2: 'insert',
  3: 'delete',
  4: 'end',
  5: 'pageup',
  6: 'pagedown',
  7: 'home',
  8: 'end',
  11: 'f1',
  12: 'f2',
  13: 'f3',
  14: 'f4',
  15: 'f5',
  17: 'f6',
  18: 'f7',
  19: 'f8',
  20: 'f9',
  21: 'f10',
  23: 'f11',
  24: 'f12',
};

/** The number xterm sends for each `~` key (the encoder's direction; home/end/f1-f4 use letters). */
export const TILDE_NUMBER: Readonly<Record<string, number>> = {
  insert: 2,
  delete: 3,
  pageup: 5,
  pagedown: 6,
  f5: 15,
  f6: 17,
  f7: 18,
  f8: 19,
  f9: 20,
  f10: 21,
  f11: 23,
  f12: 24,
};

/** Final letters of `ESC [ A` / `ESC O A` style keys. */
export const LETTER_KEYS: Readonly<Record<string, string>> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  P: 'f1',
  Q: 'f2',
  R: 'f3',
  S: 'f4',
};

export const LETTER_OF: Readonly<Record<string, string>> = {
  up: 'A',
  down: 'B',
  right: 'C',
  left: 'D',
  home: 'H',
  end: 'F',
  f1: 'P',
  f2: 'Q',
  f3: 'R',
  f4: 'S',
};

/** Keypad keys in application keypad mode (`ESC O <c>`): what they type. */
export const SS3_KEYPAD: Readonly<Record<string, string>> = {
  j: '*',
  k: '+',
  l: ',',
  m: '-',
  n: '.',
  o: '/',
  p: '0',
  q: '1',
  r: '2',
  s: '3',
  t: '4',
  u: '5',
  v: '6',
  w: '7',
  x: '8',
  y: '9',
  X: '=',
};

/** kitty's private-use code points for keypad keys (CSI u with disambiguation on). */
export const KITTY_KEYS: Readonly<Record<number, string>> = {
  57399: '0',
  57400: '1',
  57401: '2',
  57402: '3',
  57403: '4',
  57404: '5',
  57405: '6',
  57406: '7',
  57407: '8',
  57408: '9',
  57409: '.',
  57410: '/',
  57411: '*',
  57412: '-',
  57413: '+',
  57414: 'enter',
  57415: '=',
  57416: ',',
  57417: 'left',
  57418: 'right',
  57419: 'up',
  57420: 'down',
  57421: 'pageup',
  57422: 'pagedown',
  57423: 'home',
  57424: 'end',
  57425: 'insert',
  57426: 'delete',
};

/** Code points CSI u / modifyOtherKeys use for named keys. */
export const CODE_KEYS: Readonly<Record<number, string>> = {
  8: 'backspace',
  9: 'tab',
  13: 'enter',
  27: 'escape',
  32: 'space',
  127: 'backspace',
};

export const CODE_OF: Readonly<Record<string, number>> = {
  backspace: 127,
  tab: 9,
  enter: 13,
  escape: 27,
  space: 32,
};

/** A single code point that has distinct upper and lower case (so shift is visible in the char). */
export function isCasedLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a); // hot path
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  return lower !== upper && [...lower].length === 1 && [...upper].length === 1;
}

export function isUpperLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 0x80) return c >= 0x41 && c <= 0x5a;
  return isCasedLetter(ch) && ch === ch.toUpperCase();
}

/** xterm modifier parameter (1 + bits) -> flags. kitty's meta (32) counts as alt; super/hyper are ignored. */
export function modsFromParam(m: number | undefined): { ctrl: boolean; alt: boolean; shift: boolean } {
  if (m === undefined || !Number.isFinite(m) || m < 1) return { ctrl: false, alt: false, shift: false };
  const bits = m - 1;
  return { shift: (bits & 1) !== 0, alt: (bits & 2) !== 0 || (bits & 32) !== 0, ctrl: (bits & 4) !== 0 };
}

export function paramFromMods(m: { ctrl: boolean; alt: boolean; shift: boolean }): number {
  return 1 + (m.shift ? 1 : 0) + (m.alt ? 2 : 0) + (m.ctrl ? 4 : 0);
}
