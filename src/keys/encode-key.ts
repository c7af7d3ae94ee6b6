// Key -> the bytes a child running under TERM=xterm-256color expects. The hub's own terminal may speak
// another dialect (linux console F-keys, rxvt, kitty CSI u); re-encoding every recognised key in xterm
// form means the child always gets what its terminfo promises. For keys an xterm sends, the result is
// byte-identical to the input (tests check this), so "forward ev.sequence" still holds there.

import type { KeyEvent } from './key-event.js';
import { CODE_OF, ESC, LETTER_OF, TILDE_NUMBER, isCasedLetter, paramFromMods } from './key-tables.js';
import { canonicalKey, chordParts, type Chord } from './key-spec.js';
import { isTerminalReply } from './terminal-replies.js';

export interface PtyModes {
  /** DECCKM (`ESC[?1h`): unmodified arrows/home/end are sent as `ESC O A`. */
  applicationCursorKeys: boolean;
  /** `ESC[?2004h`: the child wants pastes wrapped in `ESC[200~ ... ESC[201~`. */
  bracketedPaste: boolean;
}

const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;

export function encodeForPty(ev: KeyEvent, modes: PtyModes): string {
  switch (ev.kind) {
    case 'paste': {
      const text = ev.text ?? '';
      return modes.bracketedPaste ? PASTE_START + text + PASTE_END : text;
    }
    case 'mouse':
    case 'focus':
      return ''; // the caller decides whether the child asked for these
    default:
      if (ev.name === 'unknown') return isTerminalReply(ev.sequence) ? '' : ev.sequence;
      // A printable character typed as itself is the byte an xterm sends for it: as it came.
      if (!ev.ctrl && !ev.alt && ev.sequence.length === 1) {
        const c = ev.sequence.charCodeAt(0);
        if (c >= 0x20 && c < 0x7f) return ev.sequence;
      }
      return encodeChord(canonicalKey(ev), modes);
  }
}

/**
 * xterm bytes for a canonical chord ("ctrl+a", "shift+up", "alt+x"). Chords a legacy terminal cannot
 * express (ctrl+enter, ctrl+1, shift+space...) use CSI u (`ESC [ code ; mod u`), which KeyParser reads back.
 */
export function encodeChord(
  chord: string,
  modes: Pick<PtyModes, 'applicationCursorKeys'> = { applicationCursorKeys: false },
): string {
  const c = chordParts(chord);
  const mod = paramFromMods(c);
  const plain = !c.ctrl && !c.alt && !c.shift;
  const name = c.name;

  const letter = LETTER_OF[name];
  if (letter !== undefined) {
    if (!plain) return `${ESC}[1;${mod}${letter}`;
    if (name.startsWith('f')) return `${ESC}O${letter}`; // f1..f4
    return modes.applicationCursorKeys ? `${ESC}O${letter}` : `${ESC}[${letter}`;
  }
  const tilde = TILDE_NUMBER[name];
  if (tilde !== undefined) return plain ? `${ESC}[${tilde}~` : `${ESC}[${tilde};${mod}~`;

  const alt = c.alt ? ESC : '';
  const noCtrlShift = !c.ctrl && !c.shift;
  switch (name) {
    case 'enter':
      return noCtrlShift ? `${alt}\r` : csiU(13, c);
    case 'backspace':
      return noCtrlShift ? `${alt}\x7f` : csiU(127, c);
    case 'escape':
      return noCtrlShift ? `${alt}${ESC}` : csiU(27, c);
    case 'tab':
      if (noCtrlShift) return `${alt}\t`;
      if (!c.ctrl && c.shift) return `${alt}${ESC}[Z`;
      return csiU(9, c);
    case 'space':
      if (c.shift) return csiU(32, c);
      return `${alt}${c.ctrl ? '\x00' : ' '}`;
    case 'plus':
      return encodeChar('+', c);
  }
  if ([...name].length === 1) return encodeChar(name, c);
  return csiU(CODE_OF[name] ?? 0, c); // unreachable for canonical chords
}

function encodeChar(ch: string, c: Chord): string {
  const alt = c.alt ? ESC : '';
  if (c.ctrl) {
    if (c.shift) return csiU(ch.codePointAt(0)!, c);
    // ctrl+letter is the C0 byte, except those that collide with tab (i), enter (m) and ctrl+j's LF is fine.
    if (isAsciiLetter(ch) && ch !== 'i' && ch !== 'm')
      return alt + String.fromCharCode(ch.charCodeAt(0) & 0x1f);
    const c0 = '\\]^_'.indexOf(ch);
    if (c0 >= 0) return alt + String.fromCharCode(0x1c + c0);
    return csiU(ch.codePointAt(0)!, c);
  }
  if (c.shift && !isCasedLetter(ch)) return csiU(ch.codePointAt(0)!, c); // shift+1 has no legacy form
  return alt + ch;
}

function isAsciiLetter(ch: string): boolean {
  return /^[a-z]$/.test(ch);
}

function csiU(code: number, c: Chord): string {
  const mod = paramFromMods(c);
  return mod === 1 ? `${ESC}[${code}u` : `${ESC}[${code};${mod}u`;
}
