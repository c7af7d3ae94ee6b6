import xterm from '@xterm/headless';
import type { IBufferLine } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { readLine } from '../../src/terminal/read-row.js';

// readLine pads a row's blank tail without reading it cell by cell (the packed words say where it
// begins): every row must read exactly as the cell-by-cell walk reads it.

const COLS = 24;

/** The same line without xterm's packed cells in reach: readLine walks every cell. */
function walked(line: IBufferLine): IBufferLine {
  return {
    get isWrapped() {
      return line.isWrapped;
    },
    get length() {
      return line.length;
    },
    getCell: (x, cell) => line.getCell(x, cell),
    translateToString: (trim, start, end) => line.translateToString(trim, start, end),
  };
}

function screen(text: string): Promise<xterm.Terminal> {
  const t = new xterm.Terminal({ cols: COLS, rows: 4, allowProposedApi: true });
  return new Promise((resolve) => t.write(text, () => resolve(t)));
}

describe('readLine and the blank tail', () => {
  const cases: Array<[string, string]> = [
    ['a prompt and an echo', '$ x'],
    ['nothing', ''],
    ['spaces on a red background at the end', 'ab\x1b[41m   \x1b[0m'],
    ['an underlined blank at the end', 'ab\x1b[4m \x1b[0m'],
    ['inverse blanks to the edge', `\x1b[7m${' '.repeat(COLS)}\x1b[0m`],
    ['a wide glyph last', 'ab界'],
    ['a wide glyph at the edge', `${'x'.repeat(COLS - 2)}界`],
    ['a wide glyph cut at the edge', `${'x'.repeat(COLS - 1)}界`],
    ['default blanks written, then text further on', 'a\x1b[10Gb'],
    ['a line erased with a background colour', 'ab\x1b[44m\x1b[K\x1b[0m'],
    ['a combining mark last', 'ae\u0301'],
    ['true colour text', '\x1b[38;2;1;2;3mrgb\x1b[0m'],
  ];
  for (const [name, text] of cases)
    it(name, async () => {
      const t = await screen(text);
      const cell = t.buffer.active.getNullCell();
      for (let y = 0; y < 2; y++) {
        const line = t.buffer.active.getLine(y)!;
        const fast = readLine(line, COLS, cell);
        expect(fast).toEqual(readLine(walked(line), COLS, cell));
        expect(fast.reduce((n, r) => n + r.width, 0)).toBe(COLS);
      }
      t.dispose();
    });
  it('a narrower panel than the line: the runs cover the panel only', async () => {
    const t = await screen(`abc\x1b[41m${' '.repeat(10)}\x1b[0m`);
    const line = t.buffer.active.getLine(0)!;
    const cell = t.buffer.active.getNullCell();
    expect(readLine(line, 8, cell)).toEqual(readLine(walked(line), 8, cell));
    t.dispose();
  });
});
