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
// painted again (the terminal's `scrolled` says how far they moved; a row is copied only when it
// reads the same). The frame, its bytes and what a terminal shows after them must be exactly
// those of painting every row.

const disposers: Array<() => void> = [];
afterEach(() => {
  vi.restoreAllMocks();
  while (disposers.length) disposers.pop()!();
});

const W = 50;
const H = 16;
const PW = 30;
const PH = 12;

function source(t: HeadlessTerminal, shift: boolean): TerminalSource {
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
    ...(shift ? { scrolled: () => t.scrolled } : {}),
  };
}

/** An agent list on the left (a wide glyph at its edge), the panel in a border, a status line. */
function layout(): DisplayList<SlotInfo> {
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
    text(0, y, `agent ${y} 日`.padEnd(10), y % 3);
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
      row += `${cell.getChars()}/${cell.getWidth()}/${cell.getFgColorMode()}:${cell.getFgColor()}/${cell.getBgColorMode()}:${cell.getBgColor()}/${cell.isBold()}${cell.isInverse()}${cell.isUnderline()}|`;
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

const written = (t: InstanceType<typeof xterm.Terminal>, bytes: string) =>
  new Promise<void>((r) => t.write(bytes, r));

describe('a scrolled panel', () => {
  for (const seed of [3, 17]) {
    it(`copies the rows that moved, and its bytes and screen are those of painting them all (seed ${seed})`, async () => {
      const term = new HeadlessTerminal({ cols: PW, rows: PH, scrollback: 50 });
      disposers.push(() => term.dispose());
      const list = layout();
      const shifted = new Compositor(W, H, () => source(term, true));
      const painted = new Compositor(W, H, () => source(term, false));
      const whole = new Compositor(W, H, () => source(term, false));
      for (const c of [shifted, painted, whole]) c.setDisplayList(list);
      const copies = vi.spyOn(Screen.prototype, 'copyCells');
      const real = realTerminal();
      const repainted = realTerminal();
      await written(real, shifted.frame('a'));
      painted.frame('a');
      let typed = 0;
      for (const chunk of stream(seed, 400)) {
        // A key's echo drawn before it is parsed (a row drawn over what it was painted from).
        const c = term.cursor();
        // (not at the last column: the letter could wrap there, not land at the cursor)
        if (typed++ % 5 === 0 && c.x < PW - 1) {
          const run = { x: c.x, y: c.y, text: 'k', width: 1, fg: -1, bg: -1, attrs: 0 };
          const a = shifted.echo('a', 'a', run);
          expect(painted.echo('a', 'a', run)).toBe(a);
          if (a) await written(real, a);
          term.write('k');
        }
        term.write(chunk);
        await term.flush();
        const bytes = shifted.frame('a');
        expect(painted.frame('a'), `after ${JSON.stringify(chunk)}`).toBe(bytes);
        await written(real, bytes);
        whole.invalidate();
        await written(repainted, whole.frame('a'));
        expect(shifted.current().toAnsi()).toBe(whole.current().toAnsi());
        expect(cellsOf(real)).toEqual(cellsOf(repainted));
      }
      // Most rows of a scroll were copied, not painted.
      expect(copies.mock.calls.length).toBeGreaterThan(1000);
    });
  }
});
