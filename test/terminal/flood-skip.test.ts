import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { afterEach, describe, expect, test } from 'vitest';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { readLine } from '../../src/terminal/read-row.js';
import { scanSlice } from '../../src/terminal/flood-skip.js';

// During a flood, output that the rest of the queued output pushes out of the scrollback is not
// parsed. What is kept must be exactly what a terminal that parsed everything keeps.

const disposers: Array<() => void> = [];
afterEach(() => {
  while (disposers.length) disposers.pop()!();
});

function pair(cols: number, rows: number, scrollback: number) {
  const ours = new HeadlessTerminal({ cols, rows, scrollback });
  const ref = new xterm.Terminal({ cols, rows, scrollback, allowProposedApi: true, logLevel: 'off' });
  ref.loadAddon(new unicode11.Unicode11Addon());
  ref.unicode.activeVersion = '11';
  disposers.push(() => ours.dispose(), () => ref.dispose());
  /** Writes `parts` one by one at once (a queue of small slices, as a busy PTY delivers them). */
  const feed = async (data: string | string[]) => {
    const parts = typeof data === 'string' ? [data] : data;
    for (const d of parts) ours.write(d);
    await ours.flush();
    await new Promise<void>((r) => ref.write(parts.join(''), r));
  };
  const skipped = () => (ours as unknown as { pump: { skipped: number } }).pump.skipped;
  return { ours, ref, feed, skipped };
}

function expectSame({ ours, ref }: { ours: HeadlessTerminal; ref: xterm.Terminal }): void {
  const buf = ref.buffer.active;
  const cell = buf.getNullCell();
  expect(ours.lineCount).toBe(buf.length);
  for (let i = 0; i < buf.length; i++) {
    expect(ours.lineText(i), `line ${i}`).toBe(buf.getLine(i)!.translateToString(true));
  }
  for (let y = 0; y < ref.rows; y++) expect(ours.readRow(y), `row ${y}`).toEqual(readLine(buf.getLine(buf.baseY + y), ref.cols, cell));
  for (let y = 0; y < ref.rows; y++) expect(ours.readRow(y, buf.baseY), `oldest row ${y}`).toEqual(readLine(buf.getLine(y), ref.cols, cell));
  expect(ours.cursor()).toEqual({ x: buf.cursorX, y: buf.cursorY, visible: true });
}

const sgr = ['\x1b[31m', '\x1b[1;32m', '\x1b[38;5;200m', '\x1b[38;2;10;200;30m', '\x1b[48;5;17m', '\x1b[3;4m', '\x1b[0;33m', '\x1b[m', '\x1b[39m', '\x1b[4:3m', '\x1b[7m'];

/** Coloured lines, some longer than a row, styles carried across lines (not always reset). */
function flood(n: number, seed: number): string {
  let s = seed;
  const rnd = (k: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
  let out = '';
  for (let i = 0; i < n; i++) {
    out += `${sgr[rnd(sgr.length)]}line ${i} ${sgr[rnd(sgr.length)]}漢字 text\t${'x'.repeat(rnd(50))}`;
    out += rnd(4) === 0 ? '\r\n' : '\x1b[0m\r\n';
  }
  return out;
}

describe('skipping output nobody can see', () => {
  test('a flood in one go: most of it is skipped, what is kept is exact (colours carried over)', async () => {
    const p = pair(30, 6, 200);
    await p.feed(flood(6000, 1));
    expect(p.skipped()).toBeGreaterThan(0);
    expectSame(p);
    await p.feed(flood(10, 2) + 'tail'); // and it goes on from the right state
    expectSame(p);
  });

  test('line by line: exactly the lines the scrollback can hold survive; a style set once carries', async () => {
    const p = pair(30, 6, 200);
    const lines = Array.from({ length: 3000 }, (_, i) => `plain ${i}\r\n`);
    await p.feed(['\x1b[32;3m', ...lines, '\x1b[1mbold\r\n', ...lines.slice(0, 206)]);
    expect(p.skipped()).toBeGreaterThan(2000);
    expectSame(p);
    expect(p.ours.readRow(0, p.ours.scrollbackLength)[0]).toMatchObject({ fg: 2 }); // green, carried over what was skipped
  });

  test('output that moves the cursor or sets margins is never skipped over', async () => {
    const p = pair(30, 6, 200);
    await p.feed(flood(3000, 3) + '\x1b[H' + 'top line\r\n' + flood(3000, 4));
    expectSame(p);
    const q = pair(30, 6, 200);
    await q.feed('\x1b[2;5r' + flood(6000, 5)); // a scroll region: lines do not reach the scrollback
    expect(q.skipped()).toBe(0);
    expectSame(q);
  });

  test('scanSlice: only text, CR, LF, TAB and SGR are plain; resets restart the carried style', () => {
    expect(scanSlice('a\x1b[31mb\r\n\tc\n')).toEqual({ plain: true, lf: 2, reset: false, sgr: '\x1b[31m' });
    expect(scanSlice('\x1b[31mx\x1b[0;1my\x1b[4m')).toEqual({ plain: true, lf: 0, reset: true, sgr: '\x1b[0;1m\x1b[4m' });
    expect(scanSlice('\x1b[mx').reset).toBe(true);
    expect(scanSlice('\x1b[01mx').reset).toBe(false);
    for (const s of ['\x1b[H', '\x1b[2J', '\x07', '\x1b]0;t\x07', '\x1b(0', '\x9b31m', '\x1b[?25l', '\x7f', 'a\x08b']) expect(scanSlice(s).plain, JSON.stringify(s)).toBe(false);
  });
});
