import { describe, expect, onTestFinished, test } from 'vitest';
import { HeadlessTerminal, XTERM_SCROLLBACK } from '../../src/terminal/headless-terminal.js';
import { CompactRing } from '../../src/terminal/compact-ring.js';
import { expectSameAsXterm, seededRandom, xtermPair } from '../support/xterm-pair.js';

// The compact history must read back exactly what xterm itself would have kept: each test feeds
// the same bytes to a HeadlessTerminal (xterm keeps XTERM_SCROLLBACK lines, older ones are packed)
// and to a bare xterm that keeps the whole scrollback, and compares every line and every view.

const colours = [
  '\x1b[31m',
  '\x1b[1;32m',
  '\x1b[38;5;200m',
  '\x1b[38;2;10;200;30m',
  '\x1b[48;5;17m',
  '\x1b[48;2;1;2;3m',
  '\x1b[3;4m',
  '\x1b[2;7;9m',
  '\x1b[53m',
  '\x1b[5;8m',
  '\x1b[4:3m',
  '\x1b[0m',
  '\x1b[39m',
  '\x1b[49m',
];
const words = [
  'alpha',
  'β-ελληνικά',
  '漢字テキスト',
  'emoji 🎉 ok',
  'e\u0301 combined',
  '   ',
  'tab\there',
  'x',
];

/** Deterministic pseudo-random coloured lines: wide glyphs, combining marks, erased coloured tails, wraps. */
function colouredLines(n: number, cols: number, seed = 1): string {
  const rnd = seededRandom(seed);
  let out = '';
  for (let i = 0; i < n; i++) {
    out += `${i} `;
    const parts = rnd(8);
    for (let k = 0; k < parts; k++) out += colours[rnd(colours.length)] + words[rnd(words.length)];
    if (rnd(5) === 0) out += '\x1b[41m\x1b[K'; // coloured blank tail (erase with a background)
    if (rnd(7) === 0) out += '#'.repeat(cols + rnd(cols)); // wraps onto the next line
    out += '\x1b[0m\r\n';
  }
  return out;
}

describe('compact scrollback history', () => {
  test('reads back every line and view exactly as xterm keeps them', async () => {
    const p = xtermPair(40, 8, 600);
    await p.feed(colouredLines(900, 40));
    expect(p.ours.lineCount).toBe(608); // full: the oldest lines were dropped, as xterm drops them
    expectSameAsXterm(p);
  });

  test('below capacity, across the xterm/history boundary', async () => {
    const p = xtermPair(30, 5, 400);
    for (const n of [XTERM_SCROLLBACK - 3, 4, 1, 50]) {
      await p.feed(colouredLines(n, 30, n));
      expectSameAsXterm(p);
    }
  });

  test('a scroll region at the top (the splice path) keeps the lines that leave', async () => {
    const p = xtermPair(20, 6, 300);
    // Rows 1-4 scroll, the last row is a status line: lines leave through the top of the region.
    await p.feed(
      '\x1b[1;5r' + colouredLines(250, 20, 3) + '\x1b[6;1Hstatus\x1b[5;1H' + colouredLines(200, 20, 4),
    );
    expectSameAsXterm(p);
  });

  test('clear scrollback (ESC[3J) clears the history; reset (ESC c) too', async () => {
    const p = xtermPair(20, 5, 300);
    await p.feed(colouredLines(280, 20));
    expect(p.ours.scrollbackLength).toBeGreaterThan(XTERM_SCROLLBACK);
    await p.feed('\x1b[3J');
    expect(p.ours.scrollbackLength).toBe(0);
    expectSameAsXterm(p);
    await p.feed(colouredLines(150, 20, 2));
    expectSameAsXterm(p);
    await p.feed('\x1bc');
    expectSameAsXterm(p);
    await p.feed(colouredLines(300, 20, 5));
    expectSameAsXterm(p);
  });

  test('the alternate screen shows no scrollback; leaving it brings the history back', async () => {
    const p = xtermPair(20, 5, 300);
    await p.feed(colouredLines(200, 20));
    await p.feed('\x1b[?1049h' + colouredLines(30, 20, 9));
    expectSameAsXterm(p);
    await p.feed('\x1b[?1049l');
    expectSameAsXterm(p);
  });

  test('lines of the history keep their content when the terminal gets narrower or wider', async () => {
    const t = new HeadlessTerminal({ cols: 20, rows: 4, scrollback: 500 });
    onTestFinished(() => t.dispose());
    t.write(Array.from({ length: 300 }, (_, i) => `\x1b[32mline ${i}\x1b[0m`).join('\r\n'));
    await t.flush();
    t.resize(6, 4);
    expect(
      t
        .readRow(0, t.scrollbackLength)
        .map((r) => r.text)
        .join(''),
    ).toBe('line 0');
    t.resize(30, 4);
    const row = t.readRow(0, t.scrollbackLength);
    expect(row.map((r) => r.text).join('')).toBe('line 0'.padEnd(30));
    expect(row.reduce((n, r) => n + r.width, 0)).toBe(30);
    expect(row[0]).toMatchObject({ text: 'line 0', fg: 2 });
  });

  test('ring: keeps the newest `capacity` items in order', () => {
    const r = new CompactRing(3);
    for (const s of ['a', 'b', 'c', 'd', 'e']) r.push(s);
    expect([0, 1, 2].map((i) => r.get(i))).toEqual(['c', 'd', 'e']);
    expect(r.get(3)).toBeUndefined();
    r.clear();
    expect(r.length).toBe(0);
    r.push('x');
    expect(r.get(0)).toBe('x');
    const none = new CompactRing(0);
    none.push('a');
    expect(none.length).toBe(0);
  });
});
