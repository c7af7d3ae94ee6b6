import { describe, expect, it } from 'vitest';
import { encodeChord, encodeForPty } from '../../src/keys/encode-key.js';
import type { KeyEvent } from '../../src/keys/key-event.js';
import { canonicalKey } from '../../src/keys/key-spec.js';
import rows from '../support/key-rows.js';
import { bytes, parseAll } from '../support/keys.js';

const NORMAL = { applicationCursorKeys: false, bracketedPaste: false };
const APP = { applicationCursorKeys: true, bracketedPaste: true };

function one(input: string): KeyEvent {
  const evs = parseAll([bytes(input)]);
  expect(evs).toHaveLength(1);
  return evs[0];
}

describe('encodeForPty', () => {
  describe('forwards what xterm sends unchanged', () => {
    for (const row of rows.filter((r) => r.xterm)) {
      it(JSON.stringify(row.input), () => {
        const out = parseAll([bytes(row.input)])
          .map((ev) => encodeForPty(ev, NORMAL))
          .join('');
        expect(out).toBe(row.input);
      });
    }
  });

  it('sends each printable ASCII key as its byte, as the chord it names encodes it', () => {
    for (let c = 0x20; c < 0x7f; c++) {
      const ev = one(String.fromCharCode(c));
      expect(encodeForPty(ev, NORMAL)).toBe(String.fromCharCode(c));
      expect(encodeChord(canonicalKey(ev))).toBe(String.fromCharCode(c));
    }
    // The same character read from a kitty keyboard report is re-encoded, not passed on as it came.
    expect(encodeForPty(one('\x1b[97u'), NORMAL)).toBe('a');
  });

  it('sends unmodified cursor keys in SS3 form when the child set application cursor keys', () => {
    expect(encodeForPty(one('\x1b[A'), APP)).toBe('\x1bOA');
    expect(encodeForPty(one('\x1b[D'), APP)).toBe('\x1bOD');
    expect(encodeForPty(one('\x1b[H'), APP)).toBe('\x1bOH');
    expect(encodeForPty(one('\x1b[F'), APP)).toBe('\x1bOF');
    expect(encodeForPty(one('\x1b[1;5A'), APP)).toBe('\x1b[1;5A'); // modified keys keep CSI form
    expect(encodeForPty(one('\x1b[5~'), APP)).toBe('\x1b[5~');
    expect(encodeForPty(one('a'), APP)).toBe('a');
  });

  it('sends SS3 cursor keys in CSI form when the child did not ask for application mode', () => {
    expect(encodeForPty(one('\x1bOA'), NORMAL)).toBe('\x1b[A');
    expect(encodeForPty(one('\x1bOH'), NORMAL)).toBe('\x1b[H');
  });

  it('wraps a paste only when the child enabled bracketed paste', () => {
    const ev = one('\x1b[200~hi\r\nthere\x1b[201~');
    expect(encodeForPty(ev, { applicationCursorKeys: false, bracketedPaste: true })).toBe(
      '\x1b[200~hi\r\nthere\x1b[201~',
    );
    expect(encodeForPty(ev, NORMAL)).toBe('hi\r\nthere');
  });

  it('sends nothing for mouse and focus events', () => {
    expect(encodeForPty(one('\x1b[<0;1;1M'), APP)).toBe('');
    expect(encodeForPty(one('\x1b[I'), APP)).toBe('');
  });

  it('forwards unknown sequences byte for byte', () => {
    expect(encodeForPty(one('\x1b[99X'), NORMAL)).toBe('\x1b[99X');
  });

  it("drops the user's terminal's replies to queries (the hub answers its agents' queries itself)", () => {
    for (const reply of ['\x1b[?1;2c', '\x1b[>1;4000;0c', '\x1b[?2026;2$y', '\x1b[12;40R'])
      expect(encodeForPty(one(reply), NORMAL), JSON.stringify(reply)).toBe('');
    expect(encodeForPty(one('\x1b[1;5R'), NORMAL)).not.toBe(''); // ctrl+F3 in xterm, not a position
  });

  it('translates other terminal dialects into xterm bytes', () => {
    const cases: [string, string][] = [
      ['\x1b[[A', '\x1bOP'], // linux console F1
      ['\x1b[11~', '\x1bOP'], // vt220 F1
      ['\x1b[1~', '\x1b[H'], // vt220 home
      ['\x1b[4~', '\x1b[F'],
      ['\x1bOa', '\x1b[1;5A'], // rxvt ctrl+up
      ['\x1b[a', '\x1b[1;2A'], // rxvt shift+up
      ['\x1b[2^', '\x1b[2;5~'],
      ['\x1b\x1b[A', '\x1b[1;3A'], // alt+up sent as ESC + up
      ['\x1b[97;5u', '\x01'], // kitty ctrl+a
      ['\x1b[97;6u', '\x01'], // kitty ctrl+shift+a: legacy cannot tell
      ['\x1b[97u', 'a'],
      ['\x1b[97;2u', 'A'],
      ['\x1b[57414u', '\r'], // kitty keypad enter
      ['\x1bOp', '0'], // application keypad 0
      ['\x1b[27;5;105~', '\x1b[105;5u'], // modifyOtherKeys ctrl+i has no legacy byte
      ['\x1b[13;2u', '\x1b[13;2u'],
    ];
    for (const [input, want] of cases)
      expect(encodeForPty(one(input), NORMAL), JSON.stringify(input)).toBe(want);
  });
});

describe('encodeChord', () => {
  const cases: [string, string][] = [
    ['a', 'a'],
    ['A', 'A'],
    ['ctrl+a', '\x01'],
    ['ctrl+alt+a', '\x1b\x01'],
    ['alt+A', '\x1bA'],
    ['ctrl+space', '\x00'],
    ['space', ' '],
    ['plus', '+'],
    ['enter', '\r'],
    ['alt+enter', '\x1b\r'],
    ['ctrl+enter', '\x1b[13;5u'],
    ['shift+tab', '\x1b[Z'],
    ['backspace', '\x7f'],
    ['alt+backspace', '\x1b\x7f'],
    ['escape', '\x1b'],
    ['up', '\x1b[A'],
    ['ctrl+up', '\x1b[1;5A'],
    ['f1', '\x1bOP'],
    ['shift+f1', '\x1b[1;2P'],
    ['f5', '\x1b[15~'],
    ['ctrl+f12', '\x1b[24;5~'],
    ['delete', '\x1b[3~'],
    ['shift+1', '\x1b[49;2u'],
    ['ctrl+]', '\x1d'],
  ];
  for (const [chord, want] of cases) {
    it(`${chord} -> ${JSON.stringify(want)}`, () => expect(encodeChord(chord)).toBe(want));
  }
  it('uses SS3 for unmodified arrows in application cursor mode', () => {
    expect(encodeChord('up', { applicationCursorKeys: true })).toBe('\x1bOA');
    expect(encodeChord('shift+up', { applicationCursorKeys: true })).toBe('\x1b[1;2A');
  });
});
