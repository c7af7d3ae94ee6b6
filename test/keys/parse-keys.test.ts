import { describe, expect, it } from 'vitest';
import rows from '../support/key-rows.js';
import { byteChunks, bytes, parseAll, sequences } from '../support/keys.js';

const show = (s: string) => JSON.stringify(s);

describe('KeyParser: one row per sequence', () => {
  for (const row of rows) {
    describe(`${show(row.input)}${row.note ? ` (${row.note})` : ''}`, () => {
      it('whole chunk as bytes', () => {
        const evs = parseAll([bytes(row.input)]);
        expect(evs).toMatchObject(row.expect);
        expect(evs).toHaveLength(row.expect.length);
        expect(sequences(evs)).toBe(row.input);
      });
      it('one byte per chunk', () => {
        const evs = parseAll(byteChunks(row.input));
        expect(evs).toMatchObject(row.expect);
        expect(evs).toHaveLength(row.expect.length);
        expect(sequences(evs)).toBe(row.input);
      });
      it('as a string, one code unit per chunk', () => {
        const evs = parseAll([...row.input.split('')]);
        expect(evs).toMatchObject(row.expect);
        expect(sequences(evs)).toBe(row.input);
      });
    });
  }
});

describe('KeyParser: event details', () => {
  it('keeps the exact bytes of every event for passthrough', () => {
    const evs = parseAll([bytes('\x1b[1;5A\x1b[<0;10;5M€\x1b[200~p\x1b[201~')]);
    expect(evs.map((e) => e.sequence)).toEqual(['\x1b[1;5A', '\x1b[<0;10;5M', '€', '\x1b[200~p\x1b[201~']);
  });

  it('gives printable keys their text and chords none', () => {
    const [a, ctrlA, altA, space] = parseAll([bytes('a\x01\x1ba ')]);
    expect(a.text).toBe('a');
    expect(ctrlA.text).toBeUndefined();
    expect(altA.text).toBeUndefined();
    expect(space.text).toBe(' ');
  });

  it('turns invalid UTF-8 into U+FFFD without losing the keys around it', () => {
    const evs = parseAll([Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x82])]);
    expect(evs.map((e) => e.name)).toEqual(['a', '\ufffd', 'b', '\ufffd']);
  });

  it('keeps a leading U+FEFF (no BOM stripping), also after a flush', () => {
    const evs = parseAll([bytes('\ufeffa'), bytes('\ufeff')]);
    expect(sequences(evs)).toBe('\ufeffa\ufeff');
  });

  it('copes with a large unbracketed paste in one chunk', () => {
    const evs = parseAll([bytes('ab'.repeat(500_000))]);
    expect(evs).toHaveLength(1_000_000);
    expect(evs[999_999].name).toBe('b');
  });

  it('reads UTF-8 X10 mouse coordinates (mode 1005) beyond column 95', () => {
    const evs = parseAll([
      bytes(`\x1b[M ${String.fromCodePoint(32 + 200)}${String.fromCodePoint(32 + 100)}`),
    ]);
    expect(evs).toMatchObject([{ kind: 'mouse', mouse: { button: 'left', action: 'press', x: 199, y: 99 } }]);
  });
});
