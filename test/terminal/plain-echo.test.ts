import { afterEach, describe, expect, it } from 'vitest';
import { BOLD, DEFAULT_COLOR, HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import type { StyledRun } from '../../src/terminal/styled-run.js';

// A key's echo, known before it is parsed (src/terminal/plain-echo.ts): what plainEcho says a chunk
// prints must be what xterm then prints, and every case where print() does more must be refused.

const terms: HeadlessTerminal[] = [];
afterEach(() => {
  for (const t of terms.splice(0)) t.dispose();
});

async function term(setup = '', cols = 40): Promise<HeadlessTerminal> {
  const t = new HeadlessTerminal({ cols, rows: 6 });
  terms.push(t);
  if (setup) t.write(setup);
  await t.flush();
  return t;
}

/** Each cell of row y as [char, fg, bg, attrs]. */
function cells(t: HeadlessTerminal, y: number): Array<[string, number, number, number]> {
  const out: Array<[string, number, number, number]> = [];
  for (const r of t.readRow(y) as StyledRun[]) for (const ch of r.text) out.push([ch, r.fg, r.bg, r.attrs]);
  return out;
}

/** What plainEcho predicts for `text` once the user typed, or null. */
function predict(t: HeadlessTerminal, text: string) {
  t.expectEcho();
  return t.plainEcho(text);
}

describe('plainEcho: a chunk known before it is parsed', () => {
  it('is the text at the cursor in the current pen, and xterm then prints exactly that', async () => {
    const t = await term('$ \x1b[1;31m');
    const e = predict(t, 'ls -l');
    expect(e).toEqual({ x: 2, y: 0, text: 'ls -l', width: 5, fg: 1, bg: DEFAULT_COLOR, attrs: BOLD });
    const before = cells(t, 0);
    t.write('ls -l');
    await t.flush();
    const after = cells(t, 0);
    for (let x = 0; x < after.length; x++)
      if (x < 2 || x >= 7) expect(after[x]).toEqual(before[x]);
      else expect(after[x]).toEqual(['ls -l'[x - 2], 1, DEFAULT_COLOR, BOLD]);
    expect(t.cursor()).toMatchObject({ x: 7, y: 0 });
  });

  it('is nothing unless a key waits for its echo, or when output is queued before it', async () => {
    const t = await term('$ ');
    expect(t.plainEcho('x')).toBeNull();
    t.expectEcho();
    t.write('\x1b['); // a sequence cut at the end of a chunk is held back
    expect(t.plainEcho('x')).toBeNull();
  });

  it.each([
    ['a control character', '', 'a\r'],
    ['an escape sequence', '', '\x1b[A'],
    ['text past ASCII', '', 'é'],
    ['the DEC graphics set (q is a line there)', '\x1b(0', 'q'],
    ['insert mode (the rest of the row moves)', 'abc\x1b[1G\x1b[4h', 'x'],
    ['reaching the last column (the wrap)', '\x1b[1;38H', 'xyz'],
    ['the second half of a wide glyph under the cursor', '中\x1b[1;2H', 'x'],
    ['half of a wide glyph left after the text', 'a中\x1b[1;1H', 'xy'],
  ])('is refused for %s', async (_what, setup, text) => {
    const t = await term(setup);
    expect(predict(t, text)).toBeNull();
  });

  it('agrees with xterm over many states (pens, positions, glyphs around the cursor)', async () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const pens = [
      '\x1b[0m',
      '\x1b[32m',
      '\x1b[1;4m',
      '\x1b[38;2;10;20;30;48;5;200m',
      '\x1b[7;3m',
      '\x1b[2;9m',
    ];
    const fills = ['word ', '中文', 'x', '\x1b[41m  \x1b[0m', 'é'];
    let predicted = 0;
    for (let i = 0; i < 150; i++) {
      const cols = 12 + rand(10);
      let setup = '';
      for (let k = rand(4); k > 0; k--) setup += fills[rand(fills.length)];
      setup += `\x1b[${1 + rand(3)};${1 + rand(cols)}H` + pens[rand(pens.length)];
      const t = await term(setup, cols);
      const text = 'abcdefgh'.slice(0, 1 + rand(5));
      const e = predict(t, text);
      const before = t.cursor();
      const rowBefore = cells(t, before.y);
      t.write(text);
      await t.flush();
      t.dispose();
      terms.pop();
      if (!e) continue;
      predicted++;
      const row = cells(t, e.y);
      expect(e.x).toBe(before.x);
      expect(e.y).toBe(before.y);
      for (let x = 0; x < cols; x++) {
        if (x >= e.x && x < e.x + e.width) expect(row[x]).toEqual([text[x - e.x], e.fg, e.bg, e.attrs]);
        else expect(row[x], `${JSON.stringify(setup)} + ${text}: column ${x}`).toEqual(rowBefore[x]);
      }
    }
    expect(predicted).toBeGreaterThan(50);
  });
});
