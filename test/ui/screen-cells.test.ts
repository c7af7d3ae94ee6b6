import { afterEach, describe, expect, it } from 'vitest';
import { Screen } from '../../src/ui/screen/screen.js';
import { REPLACEMENT, fitGlyph } from '../../src/ui/screen/glyph.js';
import { paintTerminal } from '../../src/ui/paint/paint-terminal.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';

// Width decisions are made once: the agent's terminal decides where its cells are, the painter
// puts each of them there (whatever our own tables say), the grid never holds half a wide
// character, and what is sent for a cell cannot be drawn wider by the real terminal.
const style = { fg: -1, bg: -1, attrs: 0 };
const terms: HeadlessTerminal[] = [];
afterEach(() => {
  while (terms.length) terms.pop()!.dispose();
});

async function terminal(cols: number, rows: number, data: string): Promise<HeadlessTerminal> {
  const t = new HeadlessTerminal({ cols, rows, scrollback: 0 });
  terms.push(t);
  t.write(data);
  await t.flush();
  return t;
}

function paint(screen: Screen, t: HeadlessTerminal): void {
  const rect = { x: 1, y: 0, w: t.cols, h: t.rows };
  paintTerminal(
    screen,
    rect,
    { x1: 1, y1: 0, x2: 1 + t.cols, y2: t.rows },
    { cols: t.cols, rows: t.rows, readRow: (y, s) => t.readRow(y, s), cursor: () => t.cursor() },
    0,
  );
}

/** Cells holding '' that do not follow the first half of a wide glyph. */
function orphans(s: Screen): string[] {
  const out: string[] = [];
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      const i = y * s.width + x;
      if (s.chars[i] !== '') continue;
      const before = x > 0 ? s.chars[i - 1] : undefined;
      if (before === undefined || before === '' || before === REPLACEMENT || before === ' ')
        out.push(`(${x},${y}) after ${JSON.stringify(before)}`);
    }
  }
  return out;
}

const NASTY = [
  '\u{1f469}\u200d\u{1f4bb}',
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}',
  'a\u200d',
  '\u{1f44d}\u{1f3fd}',
  '\u2764\ufe0f',
  'a\ufe0f',
  '#\ufe0f\u20e3',
  '\u{1f1e6}\u{1f1e8}',
  '\u0915\u094d\u0937\u093f',
  '\u1100\u1161\u11a8',
  '\u0378',
  '\u{1fae8}',
  '\u6f22',
  '\u00b1',
  '\u2192',
  '\u0301',
  '\u200b',
  'e\u0301',
  '\u{1f600}',
  '\u3000',
  '\t',
  'xy',
];

function storm(seed: number, lines: number): string {
  let x = seed;
  const rnd = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    return (x >>> 8) % n;
  };
  let s = '';
  for (let l = 0; l < lines; l++) {
    let line = '';
    for (let k = 0; k < 14; k++) line += NASTY[rnd(NASTY.length)];
    s += line + '\r\n';
  }
  return s;
}

describe('the grid never holds half a wide character', () => {
  it('a write over either half of a wide character blanks the other half', () => {
    const s = new Screen(8, 1);
    s.writeText(0, 0, '日本語', style);
    s.writeText(1, 0, 'x', style); // the second half of 日
    s.writeText(2, 0, 'y', style); // the first half of 本
    s.fillRect(5, 0, 1, 1, style); // the second half of 語
    expect(s.chars).toEqual([' ', 'x', 'y', ' ', ' ', ' ', ' ', ' ']);
    expect(orphans(s)).toEqual([]);
  });
});

describe("an agent's screen is painted cell for cell", () => {
  it("what follows a cluster is where the agent's terminal put it", async () => {
    // xterm: A, then 👩+joiner (2 cells), 💻 (2 cells), B at column 5, and so on.
    const t = await terminal(20, 2, 'A\u{1f469}\u200d\u{1f4bb}B\u2764\ufe0fC\u{1f44d}\u{1f3fd}D|');
    const s = new Screen(22, 2);
    paint(s, t);
    const row = s.rowText(0);
    expect(row.replace(/\s+$/, '')).toBe(' A\u{1f469}\u{1f4bb}B\u2764C\u{1f44d}\u{1f3fd}D|');
    expect(s.chars.slice(0, 15)).toEqual([
      ' ',
      'A',
      '\u{1f469}',
      '',
      '\u{1f4bb}',
      '',
      'B',
      '\u2764',
      'C',
      '\u{1f44d}',
      '',
      '\u{1f3fd}',
      '',
      'D',
      '|',
    ]);
  });

  it('a frame painted over the last one is the same as one painted on a clear screen, with no half glyph', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const a = await terminal(30, 6, storm(seed, 6));
      const b = await terminal(30, 6, storm(seed + 100, 6));
      const over = new Screen(32, 6);
      paint(over, a);
      paint(over, b); // as a frame that repaints only an agent's rows does
      const clear = new Screen(32, 6);
      paint(clear, b);
      expect(over.toText(), `seed ${seed}`).toEqual(clear.toText());
      expect(over.chars, `seed ${seed}`).toEqual(clear.chars);
      expect(orphans(over), `seed ${seed}`).toEqual([]);
    }
  });
});

describe('what is sent for a cell fits it on any terminal', () => {
  it('clusters keep their base and joining marks only', () => {
    expect(fitGlyph('\u{1f469}\u200d\u{1f4bb}', 2)).toBe('\u{1f469}'); // tmux 3.3 draws each emoji
    expect(fitGlyph('\u{1f600}\u200d', 2)).toBe('\u{1f600}'); // a trailing joiner joins the next character
    expect(fitGlyph('\u{1f44d}\u{1f3fd}', 2)).toBe('\u{1f44d}');
    expect(fitGlyph('\u{1f1e6}\u{1f1e8}', 2)).toBe('\u{1f1e6}');
    expect(fitGlyph('e\u0301', 1)).toBe('e\u0301');
    expect(fitGlyph('\u2764\ufe0f', 2)).toBe('\u2764\ufe0f'); // two cells: emoji presentation fits
    expect(fitGlyph('\u2764\ufe0f', 1)).toBe('\u2764'); // one cell: tmux would widen it
    expect(fitGlyph('#\ufe0f\u20e3', 2)).toBe('#\ufe0f\u20e3');
    expect(fitGlyph('\u6f22', 1)).toBe(REPLACEMENT); // a wide base in one cell
    expect(fitGlyph('\u0915\u094d\u0937\u093f', 2)).toBe('\u0915\u094d');
  });
});

describe('a panel smaller than the agent terminal', () => {
  it('marks its right edge when columns are cut and its last row when rows are cut; a panel that fits has no mark', async () => {
    const t = await terminal(12, 4, 'abcdefghijkl\r\n2\r\n3\r\n4 last');
    const src = {
      cols: t.cols,
      rows: t.rows,
      readRow: (y: number, sc: number) => t.readRow(y, sc),
      cursor: () => t.cursor(),
    };
    const small = new Screen(8, 3);
    paintTerminal(small, { x: 0, y: 0, w: 8, h: 3 }, { x1: 0, y1: 0, x2: 8, y2: 3 }, src, 0);
    expect(small.toText().split('\n')).toEqual(['abcdefg›', '2      ›', '3      ⌄']);
    const whole = new Screen(12, 4);
    paintTerminal(whole, { x: 0, y: 0, w: 12, h: 4 }, { x1: 0, y1: 0, x2: 12, y2: 4 }, src, 0);
    expect(whole.toText()).not.toMatch(/[›⌄]/);
  });
});
