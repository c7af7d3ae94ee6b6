import type { KeyEvent } from './key-event.js';
import { canonicalKey } from './key-spec.js';
import { encodeForPty } from './encode-key.js';
import { KeyParser } from './parse-keys.js';

// The keys a terminal sends that a mode may pass to the agent byte for byte, skipping the parser
// and the keymap: a byte that is a key on its own (a letter, Enter, Backspace, Tab, ctrl+c; not
// ESC, which waits to see whether a sequence follows) and the sequences of the keys that have one
// (arrows, home/end, delete...). Each is kept only when the keymap would pass it through and the
// agent would get the very bytes typed (encodeForPty gives them back): in an agent's application
// cursor mode an arrow is `ESC O A`, not the `ESC [ A` typed, so it takes the long way.

/** The key is passed through unchanged to an agent in normal cursor mode / application cursor mode. */
const NORMAL = 1;
const APP = 2;

/** The sequences tried beside the single bytes (what xterm-like terminals send for these keys). */
const SEQUENCES = [
  ...'ABCDHF'.split('').flatMap((c) => [`\x1b[${c}`, `\x1bO${c}`]),
  '\x1b[Z',
  ...[2, 3, 5, 6].map((n) => `\x1b[${n}~`),
];

/** Each candidate input with the one key it is, parsed once. */
let candidates: Array<[string, KeyEvent]> | null = null;
function parsed(): Array<[string, KeyEvent]> {
  if (candidates) return candidates;
  const out: Array<[string, KeyEvent]> = [];
  const inputs = [...Array.from({ length: 0x80 }, (_, c) => String.fromCharCode(c)), ...SEQUENCES];
  for (const s of inputs) {
    if (s === '\x1b') continue;
    const evs: KeyEvent[] = [];
    const parser = new KeyParser((ev) => evs.push(ev));
    parser.feed(s);
    const idle = parser.idle;
    parser.dispose();
    if (idle && evs.length === 1 && evs[0].kind === 'key' && evs[0].name !== 'unknown') out.push([s, evs[0]]);
  }
  return (candidates = out);
}

export class KeysThrough {
  private readonly bytes = new Uint8Array(0x80);
  private readonly seqs = new Map<string, number>();

  /** `passes`: the keymap passes this chord through (no binding, no sequence begins with it). */
  constructor(passes: (chord: string) => boolean) {
    for (const [s, ev] of parsed()) {
      if (!passes(canonicalKey(ev))) continue;
      const bits =
        (encodeForPty(ev, { applicationCursorKeys: false, bracketedPaste: false }) === s ? NORMAL : 0) |
        (encodeForPty(ev, { applicationCursorKeys: true, bracketedPaste: false }) === s ? APP : 0);
      if (s.length === 1) this.bytes[s.charCodeAt(0)] = bits;
      else if (bits) this.seqs.set(s, bits);
    }
  }

  /**
   * The input as the text to write when each key in it goes to the agent as typed (bytes that are
   * keys of their own, or one key's sequence), else null.
   */
  text(data: Buffer | string, appCursor: boolean): string | null {
    const bit = appCursor ? APP : NORMAL;
    const n = data.length;
    if (n === 0) return null;
    const str = typeof data === 'string';
    if ((str ? data.charCodeAt(0) : data[0]) === 0x1b) {
      const s = str ? data : data.toString('latin1');
      return (this.seqs.get(s) ?? 0) & bit ? s : null;
    }
    for (let i = 0; i < n; i++) {
      const c = str ? data.charCodeAt(i) : data[i];
      if (c >= 0x80 || !(this.bytes[c] & bit)) return null;
    }
    return str ? data : data.toString('latin1');
  }
}
