import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Compositor } from '../../src/ui/compositor.js';
import { DisplayList } from '../../src/ui/paint/display-list.js';
import { Screen } from '../../src/ui/screen/screen.js';
import type { SlotInfo } from '../../src/widgets/layout-registry.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import type { TerminalSource } from '../../src/ui/paint/terminal-source.js';

// When the agent's screen scrolls, the rows a frame painted before are copied up instead of
// painted again: with the terminal's `scrolled` (how far they moved; a row is copied only when it
// reads the same), or its `movedRows` (which moved, and which were written since: only those are
// painted, and the client's terminal may scroll the rows instead of being sent them). The frame
// and what a terminal shows after its bytes must be exactly those of painting every row.

const disposers: Array<() => void> = [];
afterEach(() => {
  vi.restoreAllMocks();
  while (disposers.length) disposers.pop()!();
});

const W = 50;
const H = 16;
const PW = 30;
const PH = 12;

type Hints = 'none' | 'scrolled' | 'moved';

function source(t: HeadlessTerminal, hints: Hints): TerminalSource {
  return {
    get cols() {
      return t.cols;
    },
    get rows() {
      return t.rows;
    },
    readRow: (y, scroll) => t.readRow(y, scroll),
    cursor: () => t.cursor(),
    version: () => t.screenVersion,
    changedRows: (v) => t.changedRows(v),
    ...(hints !== 'none' ? { scrolled: () => t.scrolled } : {}),
    ...(hints === 'moved' ? { movedRows: (v: number) => t.movedRows(v) } : {}),
  };
}

/**
 * An agent list on the left, the panel in a border, a status line. `busy`: a different entry on
 * every row of the list, a wide glyph at its edge; else two entries and blank rows below them.
 */
function layout(busy: boolean): DisplayList<SlotInfo> {
  const list = new DisplayList<SlotInfo>();
  const full = { x1: 0, y1: 0, x2: W, y2: H };
  const text = (x: number, y: number, s: string, fg = -1) =>
    list.ops.push({
      kind: 'text',
      x,
      y,
      segments: [{ text: s, style: { fg, bg: -1, attrs: 0 } }],
      clip: full,
    });
  text(12, 0, '╭' + '─'.repeat(PW) + '╮', 4);
  for (let y = 1; y <= PH; y++) {
    if (busy || y < 3) text(0, y, busy ? `agent ${y} 日`.padEnd(10) : `● ${y} cat`, y % 3);
    text(12, y, '│' + ' '.repeat(PW) + '│', 4);
  }
  text(12, PH + 1, '╰' + '─'.repeat(PW) + '╯', 4);
  text(0, H - 1, 'status: one agent', 2);
  const rect = { x: 13, y: 1, w: PW, h: PH };
  const placement = {
    slot: { agent: 'a', scroll: 0, cursor: true },
    rect,
    clip: { x1: 13, y1: 1, x2: 13 + PW, y2: 1 + PH },
  };
  list.slots.push(placement);
  list.ops.push({ kind: 'slot', placement });
  return list;
}

/** Lines as a shell or cat prints them, with the odd scroll, region and erase among them. */
function stream(seed: number, n: number): string[] {
  let x = seed;
  const rnd = (k: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % k;
  };
  const words = [
    'hello',
    'wörld',
    '日本語',
    '😀',
    'e\u0301',
    '\x1b[31mred\x1b[0m',
    '\x1b[1;44mbold\x1b[0m',
    '\t',
    'x'.repeat(40),
  ];
  const rare = [
    '\x1b[2S',
    '\x1bD',
    '\x1bM',
    '\x1b[3;8r',
    '\x1b[r',
    '\x1b[L',
    '\x1b[M',
    '\x1b[2J',
    '\x1b[H',
    '\x1b[K',
    '\x1b[5;3H',
    '\x1b[?1049h',
    '\x1b[?1049l',
  ];
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    let c = '';
    const k = rnd(4);
    for (let j = 0; j < k; j++) c += words[rnd(words.length)] + ' ';
    if (rnd(12) === 0) c += rare[rnd(rare.length)];
    // Enter: the tty's "\r\n" alone, or with the program's line (one read or two).
    c += rnd(3) === 0 ? '' : '\r\n'.repeat(1 + rnd(2));
    chunks.push(c);
  }
  return chunks;
}

/** Every cell of a terminal: its glyph, width and style. */
function cellsOf(t: InstanceType<typeof xterm.Terminal>): string[] {
  const out: string[] = [];
  const cell = t.buffer.active.getNullCell();
  for (let y = 0; y < t.rows; y++) {
    const line = t.buffer.active.getLine(t.buffer.active.viewportY + y)!;
    let row = '';
    for (let x = 0; x < t.cols; x++) {
      line.getCell(x, cell);
      // (a row the terminal scrolled in holds empty cells where one written holds spaces: alike)
      row += `${cell.getChars() || (cell.getWidth() === 1 ? ' ' : '')}/${cell.getWidth()}/${cell.getFgColorMode()}:${cell.getFgColor()}/${cell.getBgColorMode()}:${cell.getBgColor()}/${cell.isBold()}${cell.isInverse()}${cell.isUnderline()}|`;
    }
    out.push(row);
  }
  return out;
}

function realTerminal() {
  const t = new xterm.Terminal({ cols: W, rows: H, allowProposedApi: true, logLevel: 'off' });
  t.loadAddon(new unicode11.Unicode11Addon());
  t.unicode.activeVersion = '11';
  disposers.push(() => t.dispose());
  return t;
}

/** A frame that scrolls rows of the terminal (a scroll region set). */
const SCROLLED = /\x1b\[\d+;\d+r/;

const written = (t: InstanceType<typeof xterm.Terminal>, bytes: string) =>
  new Promise<void>((r) => t.write(bytes, r));

describe('a scrolled panel', () => {
  for (const [seed, busy] of [
    [3, true],
    [17, true],
    [5, false],
    [29, false],
  ] as const) {
    it(`moves the rows that moved, and shows what painting them all shows (seed ${seed}, ${busy ? 'a full list' : 'two agents listed'})`, async () => {
      const term = new HeadlessTerminal({ cols: PW, rows: PH, scrollback: 50 });
      disposers.push(() => term.dispose());
      const list = layout(busy);
      const moved = new Compositor(W, H, () => source(term, 'moved'));
      const shifted = new Compositor(W, H, () => source(term, 'scrolled'));
      const painted = new Compositor(W, H, () => source(term, 'none'));
      const whole = new Compositor(W, H, () => source(term, 'none'));
      for (const c of [moved, shifted, painted, whole]) c.setDisplayList(list);
      const copies = vi.spyOn(Screen.prototype, 'copyCells');
      const real = realTerminal();
      const byShifted = realTerminal();
      const repainted = realTerminal();
      const first = moved.frame('a');
      await written(real, first);
      await written(byShifted, shifted.frame('a'));
      painted.frame('a');
      let typed = 0;
      const sent = { moved: 0, painted: 0, scrolls: 0 };
      for (const chunk of stream(seed, 400)) {
        // A key's echo drawn before it is parsed (a row drawn over what it was painted from).
        const c = term.cursor();
        // (not at the last column: the letter could wrap there, not land at the cursor)
        if (typed++ % 5 === 0 && c.x < PW - 1) {
          const run = { x: c.x, y: c.y, text: 'k', width: 1, fg: -1, bg: -1, attrs: 0 };
          const a = painted.echo('a', 'a', run);
          expect(moved.echo('a', 'a', run)).toBe(a);
          expect(shifted.echo('a', 'a', run)).toBe(a);
          if (a) {
            await written(real, a);
            await written(byShifted, a);
          }
          term.write('k');
        }
        term.write(chunk);
        await term.flush();
        const bytes = moved.frame('a');
        const all = painted.frame('a');
        // Copying rows by `scrolled` changes what is painted, never the bytes.
        const alike = shifted.frame('a');
        expect(alike, `after ${JSON.stringify(chunk)}`).toBe(all);
        sent.moved += bytes.length;
        sent.painted += all.length;
        if (SCROLLED.test(bytes)) sent.scrolls++;
        await written(real, bytes);
        await written(byShifted, alike);
        whole.invalidate();
        await written(repainted, whole.frame('a'));
        const screen = whole.current().toAnsi();
        expect(moved.current().toAnsi(), `after ${JSON.stringify(chunk)}`).toBe(screen);
        expect(shifted.current().toAnsi()).toBe(screen);
        expect(cellsOf(real), `after ${JSON.stringify(chunk)}`).toEqual(cellsOf(repainted));
        expect(cellsOf(byShifted)).toEqual(cellsOf(repainted));
      }
      // Rows moved, not painted; the client's rows were scrolled where that took fewer bytes (with
      // two agents listed; a list with a different entry on every row is written again instead).
      expect(copies.mock.calls.length).toBeGreaterThan(1000);
      expect(sent.moved).toBeLessThanOrEqual(sent.painted);
      if (!busy) expect(sent.scrolls).toBeGreaterThan(5);
    });
  }

  it('Enter at the foot of a full panel scrolls the rows on the terminal and writes one line', async () => {
    const term = new HeadlessTerminal({ cols: PW, rows: PH, scrollback: 50 });
    disposers.push(() => term.dispose());
    const list = layout(false);
    const moved = new Compositor(W, H, () => source(term, 'moved'));
    const painted = new Compositor(W, H, () => source(term, 'none'));
    for (const c of [moved, painted]) c.setDisplayList(list);
    const real = realTerminal();
    const repainted = realTerminal();
    await written(real, moved.frame('a'));
    await written(repainted, painted.frame('a'));
    for (let i = 0; i < 40; i++) {
      // cat's way: the tty's "\r\n", then the line, each a frame.
      for (const chunk of ['\r\n', `line ${i}\r\n`]) {
        term.write(chunk);
        await term.flush();
        const bytes = moved.frame('a');
        const all = painted.frame('a');
        await written(real, bytes);
        await written(repainted, all);
        expect(cellsOf(real)).toEqual(cellsOf(repainted));
        if (i < PH) continue;
        // The panel is full: every row moved up. Scrolled on the terminal, the frame is the
        // scroll, the list's two entries put back, the new row's borders and its line.
        expect(bytes).toMatch(SCROLLED);
        expect(bytes.length).toBeLessThan(200);
        expect(bytes.length).toBeLessThan(all.length);
      }
    }
  });
});
