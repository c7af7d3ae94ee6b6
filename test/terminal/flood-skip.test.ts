import { describe, expect, test, vi } from 'vitest';
import { scanSlice } from '../../src/terminal/flood-skip.js';
import { expectSameAsXterm, seededRandom, xtermPair } from '../support/xterm-pair.js';

// During a flood, output that the rest of the queued output pushes out of the scrollback is not
// parsed. What is kept must be exactly what a terminal that parsed everything keeps.

/** A pair whose `skipped()` tells how much of its output ours skipped. */
function pair(cols: number, rows: number, scrollback: number) {
  const p = xtermPair(cols, rows, scrollback);
  return { ...p, skipped: () => (p.ours as unknown as { pump: { skipped: number } }).pump.skipped };
}

/** scanSlice as first written: one character at a time (the specification it must keep). */
function reference(s: string): { plain: boolean; lf: number; reset: boolean; sgr: string } {
  const NOT_PLAIN = { plain: false, lf: 0, reset: false, sgr: '' };
  let lf = 0;
  let reset = false;
  let sgr = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20) {
      if (c === 0x7f || (c >= 0x80 && c < 0xa0)) return NOT_PLAIN;
      continue;
    }
    if (c === 0x0a) {
      lf++;
      continue;
    }
    if (c === 0x0d || c === 0x09) continue;
    if (c !== 0x1b || s.charCodeAt(i + 1) !== 0x5b) return NOT_PLAIN;
    let j = i + 2;
    while (j < s.length && /[0-9;:]/.test(s[j])) j++;
    if (j >= s.length || s[j] !== 'm') return NOT_PLAIN;
    const seq = s.slice(i, j + 1);
    const first = seq.slice(2, -1).split(';')[0];
    if (/^0*$/.test(first)) {
      reset = true;
      sgr = seq;
    } else {
      sgr += seq;
      if (sgr.length > 4096) return NOT_PLAIN;
    }
    i = j;
  }
  return { plain: true, lf, reset, sgr };
}

const sgr = [
  '\x1b[31m',
  '\x1b[1;32m',
  '\x1b[38;5;200m',
  '\x1b[38;2;10;200;30m',
  '\x1b[48;5;17m',
  '\x1b[3;4m',
  '\x1b[0;33m',
  '\x1b[m',
  '\x1b[39m',
  '\x1b[4:3m',
  '\x1b[7m',
];

/** Coloured lines, some longer than a row, styles carried across lines (not always reset). */
function flood(n: number, seed: number): string {
  const rnd = seededRandom(seed);
  let out = '';
  for (let i = 0; i < n; i++) {
    out += `${sgr[rnd(sgr.length)]}line ${i} ${sgr[rnd(sgr.length)]}漢字 text\t${'x'.repeat(rnd(50))}`;
    out += rnd(4) === 0 ? '\r\n' : '\x1b[0m\r\n';
  }
  return out;
}

describe('skipping output nobody can see', () => {
  test('a flood in one go: all but what the scrollback keeps is skipped, what is kept is exact (colours carried over)', async () => {
    const p = pair(30, 6, 200);
    const pump = (p.ours as unknown as { pump: { parse: (t: string, n: number) => void } }).pump;
    const parse = pump.parse;
    let parsed = 0;
    (pump as { parse: (t: string, n: number) => void }).parse = (t, n) => {
      parsed += t.length;
      parse(t, n);
    };
    const data = flood(6000, 1);
    await p.feed(data);
    expect(p.skipped()).toBeGreaterThan(0);
    // 207 lines are kept (scrollback + screen + 1) of 6000: little more than that is parsed.
    expect(parsed).toBeLessThan(data.length / 10);
    expectSameAsXterm(p);
    await p.feed(flood(10, 2) + 'tail'); // and it goes on from the right state
    expectSameAsXterm(p);
  });

  test('line by line: exactly the lines the scrollback can hold survive; a style set once carries', async () => {
    const p = pair(30, 6, 200);
    const lines = Array.from({ length: 3000 }, (_, i) => `plain ${i}\r\n`);
    await p.feed(['\x1b[32;3m', ...lines, '\x1b[1mbold\r\n', ...lines.slice(0, 206)]);
    expect(p.skipped()).toBeGreaterThan(2000);
    expectSameAsXterm(p);
    expect(p.ours.readRow(0, p.ours.scrollbackLength)[0]).toMatchObject({ fg: 2 }); // green, carried over what was skipped
  });

  test('a terminal nobody shows parses its output in later batches; showing it parses what waits at once, exactly', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'],
    });
    try {
      const hidden = pair(30, 6, 200);
      const shown = pair(30, 6, 200);
      hidden.ours.hide();
      const first = flood(1500, 9); // ~100 KB: a flood for a hidden terminal, not for a shown one
      const data = first + flood(1500, 10);
      hidden.ours.write(first);
      shown.ours.write(first);
      await vi.advanceTimersByTimeAsync(50); // both parse it (the hidden one now knows it floods)
      const skippedBefore = hidden.skipped();
      hidden.ours.write(data.slice(first.length));
      shown.ours.write(data.slice(first.length));
      await vi.advanceTimersByTimeAsync(100);
      expect(shown.ours.pendingBytes()).toBe(0); // parsed on the next turns
      expect(hidden.ours.pendingBytes()).toBeGreaterThan(0); // waits for its batch
      hidden.ours.readRow(0); // someone looks at it: it parses now
      await vi.advanceTimersByTimeAsync(1);
      expect(hidden.ours.pendingBytes()).toBe(0);
      expect(hidden.skipped()).toBeGreaterThan(skippedBefore);
      vi.useRealTimers();
      for (const q of [hidden, shown]) {
        await new Promise<void>((r) => q.ref.write(data, r));
        expectSameAsXterm(q);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  test('output that moves the cursor or sets margins is never skipped over', async () => {
    const p = pair(30, 6, 200);
    await p.feed(flood(3000, 3) + '\x1b[H' + 'top line\r\n' + flood(3000, 4));
    expectSameAsXterm(p);
    const q = pair(30, 6, 200);
    await q.feed('\x1b[2;5r' + flood(6000, 5)); // a scroll region: lines do not reach the scrollback
    expect(q.skipped()).toBe(0);
    expectSameAsXterm(q);
  });

  test('scanSlice: only text, CR, LF, TAB and SGR are plain; resets restart the carried style', () => {
    expect(scanSlice('a\x1b[31mb\r\n\tc\n')).toEqual({ plain: true, lf: 2, reset: false, sgr: '\x1b[31m' });
    expect(scanSlice('\x1b[31mx\x1b[0;1my\x1b[4m')).toEqual({
      plain: true,
      lf: 0,
      reset: true,
      sgr: '\x1b[0;1m\x1b[4m',
    });
    expect(scanSlice('\x1b[mx').reset).toBe(true);
    expect(scanSlice('\x1b[01mx').reset).toBe(false);
    for (const s of [
      '\x1b[H',
      '\x1b[2J',
      '\x07',
      '\x1b]0;t\x07',
      '\x1b(0',
      '\x9b31m',
      '\x1b[?25l',
      '\x7f',
      'a\x08b',
    ])
      expect(scanSlice(s).plain, JSON.stringify(s)).toBe(false);
    for (const s of ['ab\x1b', 'ab\x1b[', 'ab\x1b[31', '\x1b[31;m\x1b[3', '\x1b[' + '3;'.repeat(3000) + 'm'])
      expect(scanSlice(s).plain, JSON.stringify(s)).toBe(false);
    expect(scanSlice('\x1b[;1mx\x1b[00;4m')).toEqual({ plain: true, lf: 0, reset: true, sgr: '\x1b[00;4m' });
  });

  test('scanSlice agrees with a character-by-character reading on random output', () => {
    const rnd = seededRandom(42);
    const pieces = [
      'abc',
      ' ',
      '\r\n',
      '\n',
      '\t',
      '\x1b[31m',
      '\x1b[0m',
      '\x1b[m',
      '\x1b[0;1m',
      '\x1b[38;2;1;2;3m',
      '\x1b[4:3m',
      '\x1b[01m',
      '漢',
      'é',
      '\x1b[H',
      '\x07',
      '\x7f',
      '\x9b',
      '\x1b',
      '\x1b[',
      '\x1b[1',
      '\x1bc',
      '\x00',
    ];
    for (let t = 0; t < 3000; t++) {
      let s = '';
      const n = 1 + rnd(12);
      for (let k = 0; k < n; k++) s += pieces[rnd(t % 3 === 0 ? pieces.length : 13)];
      expect(scanSlice(s), JSON.stringify(s)).toEqual(reference(s));
    }
  });
});
