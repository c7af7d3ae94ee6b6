// Key specs as users write them in Lua ("ctrl+a c", "g g", "shift+tab") and the canonical chord
// strings the keymap compares: parseKeySpec(spec)[0] === canonicalKey(ev) when the user pressed it.
//
// Canonical chord: modifiers in the order `ctrl+alt+shift+`, then the key name.
// - Named keys are lower case: enter tab backspace escape space up down left right home end pageup
//   pagedown insert delete f1..f12; `plus` is the `+` key (so `+` only ever separates modifiers).
// - Any other key is its single character: `a`, `A`, `-`, `<`, `€`, `😀`.
// - Letters carry shift in their case: `shift+a` and `A` are both `A`, `alt+shift+a` is `alt+A`.
// - With ctrl, letter case and shift are dropped: `ctrl+shift+a`, `ctrl+A` and `ctrl+a` are all
//   `ctrl+a`, because legacy terminals (xterm, tmux, VTE) send the same byte 0x01 for them. A binding
//   therefore fires the same on every terminal; ctrl+shift+letter cannot be bound separately.
// - shift stays explicit for everything else: `shift+tab`, `ctrl+shift+up`, `shift+f5`.
// - ctrl+i / ctrl+m / ctrl+[ are distinct from tab / enter / escape here; legacy terminals send the
//   latter, so bind `tab`, `enter`, `escape`.
// Modifier aliases: `control` = ctrl; `meta`, `option`, `opt` = alt (terminals send alt as meta).
// `cmd`, `super`, `win`, `hyper` are refused: terminals do not pass those keys to programs.
// Key aliases: return=enter, esc=escape, del=delete, ins=insert, pgup=pageup, pgdn=pagedown,
// minus=-. Modifier and named-key words are case-insensitive; single characters are not.

import type { KeyEvent, Mods } from './key-event.js';
import { isCasedLetter } from './key-tables.js';

export class KeySpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeySpecError';
  }
}

export const NAMED_KEYS: readonly string[] = [
  'enter',
  'tab',
  'backspace',
  'escape',
  'space',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'insert',
  'delete',
  'plus',
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
  'f6',
  'f7',
  'f8',
  'f9',
  'f10',
  'f11',
  'f12',
];
const NAMED = new Set(NAMED_KEYS);

const KEY_ALIASES: Readonly<Record<string, string>> = {
  return: 'enter',
  esc: 'escape',
  del: 'delete',
  ins: 'insert',
  pgup: 'pageup',
  pgdn: 'pagedown',
  minus: '-',
  '+': 'plus',
  ' ': 'space',
};

const MODIFIERS: Readonly<Record<string, keyof Mods>> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  alt: 'alt',
  meta: 'alt',
  option: 'alt',
  opt: 'alt',
  shift: 'shift',
};
const UNSUPPORTED_MODIFIERS = new Set(['cmd', 'command', 'super', 'win', 'hyper']);

export interface Chord extends Mods {
  name: string;
}

/** The canonical string for a key name with modifiers (see the rules at the top of this file). */
export function canonicalChord(c: Chord): string {
  let { ctrl, shift } = c;
  let name = KEY_ALIASES[c.name] ?? c.name;
  if ([...name].length === 1) {
    if (isCasedLetter(name)) {
      if (ctrl) name = name.toLowerCase();
      else if (shift || name === name.toUpperCase()) name = name.toUpperCase();
      shift = false;
    }
  } else {
    name = name.toLowerCase();
  }
  return `${ctrl ? 'ctrl+' : ''}${c.alt ? 'alt+' : ''}${shift ? 'shift+' : ''}${name}`;
}

/** The canonical chord an event stands for: 'paste', 'mouse', 'focusin'/'focusout', 'unknown' or a key. */
export function canonicalKey(ev: KeyEvent): string {
  if (ev.kind === 'paste') return 'paste';
  if (ev.kind === 'mouse') return 'mouse';
  if (ev.kind === 'focus' || ev.name === 'unknown') return ev.name;
  return canonicalChord(ev);
}

/** "ctrl+a c" -> ["ctrl+a", "c"]. Throws KeySpecError naming the bad part. */
export function parseKeySpec(spec: string): string[] {
  if (typeof spec !== 'string') throw new KeySpecError(`key spec must be a string, got ${typeof spec}`);
  const tokens = spec
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (tokens.length === 0) throw new KeySpecError('empty key spec');
  return tokens.map((t) => canonicalChord(parseChord(t, spec)));
}

/** Split a canonical chord back into parts (inverse of canonicalChord). */
export function chordParts(chord: string): Chord {
  const c: Chord = { ctrl: false, alt: false, shift: false, name: chord };
  for (;;) {
    const m = /^(ctrl|alt|shift)\+(.+)$/su.exec(c.name);
    if (!m) return c;
    c[m[1] as keyof Mods] = true;
    c.name = m[2];
  }
}

function parseChord(token: string, spec: string): Chord {
  const c: Chord = { ctrl: false, alt: false, shift: false, name: '' };
  let rest = token;
  for (;;) {
    const plus = rest.indexOf('+', 1); // from 1: a leading '+' is the plus key itself
    if (plus < 0) break;
    const word = rest.slice(0, plus);
    const lower = word.toLowerCase();
    const mod = MODIFIERS[lower];
    if (!mod) {
      if (UNSUPPORTED_MODIFIERS.has(lower)) {
        throw new KeySpecError(
          `modifier "${word}" in "${spec}" never reaches terminal programs; use ctrl+, alt+ or shift+`,
        );
      }
      throw new KeySpecError(`unknown modifier "${word}" in "${spec}" (use ctrl+, alt+ or shift+)`);
    }
    if (c[mod]) throw new KeySpecError(`modifier "${word}" given twice in "${spec}"`);
    c[mod] = true;
    rest = rest.slice(plus + 1);
  }
  if (rest === '') throw new KeySpecError(`missing key after "${token}" in "${spec}"`);
  c.name = keyName(rest, spec);
  return c;
}

function keyName(raw: string, spec: string): string {
  const chars = [...raw];
  if (chars.length === 1) {
    const cp = raw.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      throw new KeySpecError(
        `control character U+${cp.toString(16).padStart(4, '0')} in "${spec}"; write the key by name (e.g. "ctrl+a", "tab")`,
      );
    }
    return raw;
  }
  const lower = raw.toLowerCase();
  if (NAMED.has(lower)) return lower;
  const alias = KEY_ALIASES[lower];
  if (alias !== undefined) return alias;
  if (MODIFIERS[lower] || UNSUPPORTED_MODIFIERS.has(lower)) {
    throw new KeySpecError(`modifier "${raw}" needs a key in "${spec}", e.g. "${lower}+a"`);
  }
  const hint = closestName(lower);
  throw new KeySpecError(`unknown key name "${raw}" in "${spec}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
}

function closestName(word: string): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const name of [...NAMED_KEYS, ...Object.keys(KEY_ALIASES)]) {
    const d = editDistance(word, name);
    if (d < bestDist) {
      bestDist = d;
      best = KEY_ALIASES[name] ?? name;
    }
  }
  return bestDist <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  enter: 'Enter',
  tab: 'Tab',
  backspace: 'Backspace',
  escape: 'Esc',
  space: 'Space',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  home: 'Home',
  end: 'End',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  insert: 'Ins',
  delete: 'Del',
  plus: '+',
};

/**
 * Readable form for the help overlay: "ctrl+a c" -> "Ctrl+a c", "shift+tab" -> "Shift+Tab",
 * "f5" -> "F5". Accepts a chord or a whole spec; anything unparsable is returned unchanged.
 */
export function formatKeyForDisplay(chord: string): string {
  let chords: string[];
  try {
    chords = parseKeySpec(chord);
  } catch {
    return chord;
  }
  return chords
    .map((ch) => {
      const c = chordParts(ch);
      const name = DISPLAY_NAMES[c.name] ?? (/^f\d+$/.test(c.name) ? c.name.toUpperCase() : c.name);
      return `${c.ctrl ? 'Ctrl+' : ''}${c.alt ? 'Alt+' : ''}${c.shift ? 'Shift+' : ''}${name}`;
    })
    .join(' ');
}
