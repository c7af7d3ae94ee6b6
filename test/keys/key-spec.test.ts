import { describe, expect, it } from 'vitest';
import { KeySpecError, canonicalKey, formatKeyForDisplay, parseKeySpec } from '../../src/keys/key-spec.js';
import { keyEventsFromSpec } from '../../src/keys/spec-to-events.js';
import { bytes, parseAll } from '../support/keys.js';

describe('parseKeySpec', () => {
  const cases: [string, string[]][] = [
    ['a', ['a']],
    ['A', ['A']],
    ['shift+a', ['A']],
    ['shift+A', ['A']],
    ['ctrl+a', ['ctrl+a']],
    ['ctrl+A', ['ctrl+a']],
    ['ctrl+shift+a', ['ctrl+a']],
    ['alt+a', ['alt+a']],
    ['alt+shift+a', ['alt+A']],
    ['shift+alt+ctrl+up', ['ctrl+alt+shift+up']],
    ['Ctrl+Alt+Delete', ['ctrl+alt+delete']],
    ['ctrl+a c', ['ctrl+a', 'c']],
    ['g g', ['g', 'g']],
    ['  j \t k  ', ['j', 'k']],
    ['shift+tab', ['shift+tab']],
    ['enter', ['enter']],
    ['Return', ['enter']],
    ['esc', ['escape']],
    ['ESCAPE', ['escape']],
    ['del', ['delete']],
    ['ins', ['insert']],
    ['pgup', ['pageup']],
    ['PageDown', ['pagedown']],
    ['F5', ['f5']],
    ['ctrl+f12', ['ctrl+f12']],
    ['space', ['space']],
    ['ctrl+space', ['ctrl+space']],
    ['ctrl+]', ['ctrl+]']],
    ['ctrl+\\', ['ctrl+\\']],
    ['ctrl+^', ['ctrl+^']],
    ['ctrl+_', ['ctrl+_']],
    ['+', ['plus']],
    ['plus', ['plus']],
    ['ctrl++', ['ctrl+plus']],
    ['ctrl+plus', ['ctrl+plus']],
    ['-', ['-']],
    ['minus', ['-']],
    ['alt+-', ['alt+-']],
    ['<', ['<']],
    ['>', ['>']],
    ['shift+1', ['shift+1']],
    ['meta+x', ['alt+x']],
    ['option+x', ['alt+x']],
    ['control+x', ['ctrl+x']],
    ['€', ['€']],
    ['shift+é', ['É']],
    ['😀', ['😀']],
  ];
  for (const [spec, want] of cases) {
    it(`${JSON.stringify(spec)} -> ${JSON.stringify(want)}`, () => {
      expect(parseKeySpec(spec)).toEqual(want);
    });
  }

  const errors: [string, RegExp][] = [
    ['', /^empty key spec$/],
    ['   ', /^empty key spec$/],
    ['ctrl+entr', /^unknown key name "entr" in "ctrl\+entr" \(did you mean "enter"\?\)$/],
    ['pgae', /unknown key name "pgae"/],
    ['xyzzy', /^unknown key name "xyzzy" in "xyzzy"$/],
    ['f13', /unknown key name "f13"/],
    ['ctrl+', /missing key after "ctrl\+" in "ctrl\+"/],
    ['foo+a', /unknown modifier "foo" in "foo\+a"/],
    ['cmd+a', /modifier "cmd" in "cmd\+a" never reaches terminal programs/],
    ['super+a', /never reaches terminal programs/],
    ['ctrl+ctrl+a', /modifier "ctrl" given twice/],
    ['shift', /modifier "shift" needs a key/],
    ['g ctrl+bogus', /unknown key name "bogus" in "g ctrl\+bogus"/],
    ['\x01', /control character U\+0001/],
  ];
  for (const [spec, re] of errors) {
    it(`rejects ${JSON.stringify(spec)}`, () => {
      expect(() => parseKeySpec(spec)).toThrow(KeySpecError);
      expect(() => parseKeySpec(spec)).toThrow(re);
    });
  }

  it('rejects a non-string', () => {
    expect(() => parseKeySpec(42 as unknown as string)).toThrow(KeySpecError);
  });
});

describe('canonicalKey matches parseKeySpec for what the user pressed', () => {
  // [what the terminal sends, the spec a user would write]
  const pairs: [string, string][] = [
    ['a', 'a'],
    ['A', 'shift+a'],
    ['A', 'A'],
    ['\x01', 'ctrl+a'],
    ['\x1b[97;6u', 'ctrl+shift+a'],
    ['\x1b[27;6;65~', 'ctrl+shift+a'],
    ['\x1ba', 'alt+a'],
    ['\x1bA', 'alt+shift+a'],
    ['\x1b\x01', 'ctrl+alt+a'],
    ['\x7f', 'backspace'],
    ['\x08', 'ctrl+h'],
    ['\x1b\x7f', 'alt+backspace'],
    ['\x00', 'ctrl+space'],
    ['\x1d', 'ctrl+]'],
    ['\x1c', 'ctrl+\\'],
    [' ', 'space'],
    ['+', 'plus'],
    ['-', 'minus'],
    ['\r', 'enter'],
    ['\t', 'tab'],
    ['\x1b[Z', 'shift+tab'],
    ['\x1b[1;5A', 'ctrl+up'],
    ['\x1b[1;6A', 'ctrl+shift+up'],
    ['\x1bOA', 'up'],
    ['\x1b[5;3~', 'alt+pageup'],
    ['\x1b[15;2~', 'shift+f5'],
    ['\x1b[[A', 'f1'],
    ['\x1b[13;5u', 'ctrl+enter'],
    ['€', '€'],
  ];
  for (const [input, spec] of pairs) {
    it(`${JSON.stringify(input)} is ${spec}`, () => {
      const evs = parseAll([bytes(input)]);
      expect(evs).toHaveLength(1);
      expect(canonicalKey(evs[0])).toBe(parseKeySpec(spec)[0]);
    });
  }

  it('names non-key events', () => {
    const evs = parseAll([bytes('\x1b[200~x\x1b[201~\x1b[<0;1;1M\x1b[I\x1b[O\x1b[99X')]);
    expect(evs.map(canonicalKey)).toEqual(['paste', 'mouse', 'focusin', 'focusout', 'unknown']);
  });

  it('round-trips every modifier combination through bytes (keyEventsFromSpec)', () => {
    const names = [
      'a',
      'z',
      'h',
      'i',
      'j',
      'm',
      '1',
      '-',
      'plus',
      '[',
      ']',
      '\\',
      '^',
      '_',
      '@',
      '/',
      '<',
      'é',
      '€',
      '😀',
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
    let checked = 0;
    for (const name of names) {
      for (let m = 0; m < 8; m++) {
        const spec = `${m & 4 ? 'ctrl+' : ''}${m & 2 ? 'alt+' : ''}${m & 1 ? 'shift+' : ''}${name}`;
        const [chord] = parseKeySpec(spec);
        const evs = keyEventsFromSpec(spec);
        expect(evs, spec).toHaveLength(1);
        expect(canonicalKey(evs[0]), spec).toBe(chord);
        checked++;
      }
    }
    expect(checked).toBe(names.length * 8);
  });

  it('keyEventsFromSpec turns a sequence spec into one event per chord', () => {
    const evs = keyEventsFromSpec('j j escape enter ctrl+a c');
    expect(evs.map(canonicalKey)).toEqual(['j', 'j', 'escape', 'enter', 'ctrl+a', 'c']);
    expect(evs.map((e) => e.sequence).join('')).toBe('jj\x1b\r\x01c');
  });
});

describe('formatKeyForDisplay', () => {
  const cases: [string, string][] = [
    ['ctrl+a', 'Ctrl+a'],
    ['ctrl+a c', 'Ctrl+a c'],
    ['g g', 'g g'],
    ['A', 'A'],
    ['shift+tab', 'Shift+Tab'],
    ['ctrl+alt+shift+up', 'Ctrl+Alt+Shift+Up'],
    ['f5', 'F5'],
    ['escape', 'Esc'],
    ['space', 'Space'],
    ['ctrl+plus', 'Ctrl++'],
    ['pagedown', 'PgDn'],
    ['not a+key', 'not a+key'],
  ];
  for (const [chord, want] of cases) {
    it(`${chord} -> ${want}`, () => expect(formatKeyForDisplay(chord)).toBe(want));
  }
});
