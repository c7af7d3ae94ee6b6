// Any byte stream is safe: no throw, nothing lost, and chunking never changes the events.
import { describe, expect, it } from 'vitest';
import type { KeyEvent } from '../../src/keys/key-event.js';
import rows from '../support/key-rows.js';
import { bytes, parseAll, rng, sequences } from '../support/keys.js';

// Bytes that steer the parser into its interesting corners, mixed with anything at all.
const HOT = [
  0x1b, 0x1b, 0x5b, 0x4f, 0x3b, 0x3c, 0x7e, 0x4d, 0x6d, 0x75, 0x32, 0x30, 0x31, 0x35, 0x3a, 0x5b, 0x7f, 0x00,
  0x0d, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f,
];

function randomBytes(r: () => number, max: number): Buffer {
  const len = Math.floor(r() * max);
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i++)
    out[i] = r() < 0.6 ? HOT[Math.floor(r() * HOT.length)] : Math.floor(r() * 256);
  return out;
}

function randomChunks(r: () => number, b: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let i = 0;
  while (i < b.length) {
    const n = 1 + Math.floor(r() * 8);
    chunks.push(b.subarray(i, i + n));
    i += n;
  }
  return chunks;
}

const decode = (b: Buffer) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
const strip = (evs: KeyEvent[]) => JSON.parse(JSON.stringify(evs));

describe('KeyParser fuzz', () => {
  it('random bytes: never throws, loses nothing, chunking-independent', () => {
    const r = rng(1234);
    for (let iter = 0; iter < 3000; iter++) {
      const input = randomBytes(r, 48);
      const whole = parseAll([input]);
      const chunked = parseAll(randomChunks(r, input));
      const label = `input ${input.toString('hex')}`;
      expect(sequences(whole), label).toBe(decode(input));
      expect(strip(chunked), label).toEqual(strip(whole));
      for (const ev of whole) expect(ev.sequence.length, label).toBeGreaterThan(0);
    }
  });

  it('random bytes inside and around a bracketed paste keep the markers in the sequence', () => {
    const r = rng(99);
    for (let iter = 0; iter < 500; iter++) {
      const input = Buffer.concat([
        randomBytes(r, 8),
        bytes('\x1b[200~'),
        randomBytes(r, 32),
        bytes('\x1b[201~'),
        randomBytes(r, 8),
      ]);
      const whole = parseAll([input]);
      expect(sequences(whole)).toBe(decode(input));
      expect(strip(parseAll(randomChunks(r, input)))).toEqual(strip(whole));
    }
  });

  it('glued known sequences parse as the concatenation of their rows', () => {
    const usable = rows.filter((row) => row.standalone !== false);
    const r = rng(7);
    for (let iter = 0; iter < 1000; iter++) {
      const picked = Array.from(
        { length: 1 + Math.floor(r() * 6) },
        () => usable[Math.floor(r() * usable.length)],
      );
      const input = picked.map((p) => p.input).join('');
      const expected = picked.flatMap((p) => p.expect);
      const evs = parseAll(randomChunks(r, bytes(input)));
      expect(evs, JSON.stringify(input)).toMatchObject(expected);
      expect(evs).toHaveLength(expected.length);
      expect(sequences(evs)).toBe(input);
    }
  });
});
