import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { afterEach, describe, expect, it } from 'vitest';
import { Compositor } from '../../src/ui/compositor.js';
import { DisplayList } from '../../src/ui/paint/display-list.js';
import type { SlotInfo } from '../../src/widgets/layout-registry.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import type { TerminalSource } from '../../src/ui/paint/terminal-source.js';

// A frame where only agents' screens changed repaints just the rows they report changed. Whatever
// the output, the frame (and what a real terminal shows after the bytes) must be what a whole
// frame would be.

const disposers: Array<() => void> = [];
afterEach(() => {
  while (disposers.length) disposers.pop()!();
});

const W = 60;
const H = 14;

function source(t: HeadlessTerminal): TerminalSource {
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
    scrolled: () => t.scrolled,
  };
}

/** Two panels side by side with borders, a status line, and (optionally) a box drawn over the second. */
function layout(covered: boolean): DisplayList<SlotInfo> {
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
  text(0, 0, '┌' + '─'.repeat(28) + '┐┌' + '─'.repeat(28) + '┐', 4);
  for (let y = 1; y < 11; y++) text(0, y, '│' + ' '.repeat(28) + '││' + ' '.repeat(28) + '│', 4);
  text(0, 11, '└' + '─'.repeat(28) + '┘└' + '─'.repeat(28) + '┘', 4);
  for (const [agent, x] of [
    ['a', 1],
    ['b', 31],
  ] as const) {
    const rect = { x, y: 1, w: 28, h: 10 };
    const placement = {
      slot: { agent, scroll: 0, cursor: agent === 'a' },
      rect,
      clip: { x1: x, y1: 1, x2: x + 28, y2: 11 },
    };
    list.slots.push(placement);
    list.ops.push({ kind: 'slot', placement });
  }
  text(0, 12, 'status: two agents', 2);
  if (covered) text(35, 4, '[ an overlay over b ]', 1);
  return list;
}

function stream(seed: number, n: number): string[] {
  let x = seed;
  const rnd = (k: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % k;
  };
  const parts = [
    'hello ',
    'wörld ',
    '日本',
    '😀',
    'e\u0301',
    '\r\n',
    '\n',
    '\r',
    '\t',
    '\b',
    'x',
    'y',
    '\x1b[31m',
    '\x1b[0m',
    '\x1b[44m',
    '\x1b[2J',
    '\x1b[H',
    '\x1b[K',
    '\x1b[1K',
    '\x1b[J',
    '\x1b[3;5H',
    '\x1b[2A',
    '\x1b[4C',
    '\x1b[L',
    '\x1b[M',
    '\x1b[P',
    '\x1b[@',
    '\x1b[2S',
    '\x1b[T',
    '\x1b[2;6r',
    '\x1b[r',
    '\x1b7',
    '\x1b8',
    '\x1b[?1049h',
    '\x1b[?1049l',
    '\x1bc',
    '\x1b[?25l',
    '\x1b[?25h',
    '\x1b[?7l',
    '\x1b[?7h',
    '\x1bM',
    '\x1bD',
  ];
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    let c = '';
    const k = 1 + rnd(4);
    for (let j = 0; j < k; j++)
      c += rnd(3) === 0 ? 'abcdefghij'.repeat(1 + rnd(4)) : parts[rnd(parts.length)];
    chunks.push(c);
  }
  return chunks;
}

function cells(c: Compositor): string {
  return c.current().toAnsi();
}

describe('frames that repaint only the changed rows', () => {
  for (const covered of [false, true]) {
    it(`equal whole frames for any output${covered ? ' (one panel under an overlay)' : ''}, and the bytes bring a real terminal there`, async () => {
      const terms = {
        a: new HeadlessTerminal({ cols: 28, rows: 10, scrollback: 50 }),
        b: new HeadlessTerminal({ cols: 28, rows: 10, scrollback: 50 }),
      };
      disposers.push(
        () => terms.a.dispose(),
        () => terms.b.dispose(),
      );
      const sources = { a: source(terms.a), b: source(terms.b) };
      const list = layout(covered);
      const partial = new Compositor(W, H, (id) => sources[id as 'a' | 'b']);
      const whole = new Compositor(W, H, (id) => sources[id as 'a' | 'b']);
      partial.setDisplayList(list);
      whole.setDisplayList(list);
      const real = new xterm.Terminal({ cols: W, rows: H, allowProposedApi: true, logLevel: 'off' });
      real.loadAddon(new unicode11.Unicode11Addon());
      real.unicode.activeVersion = '11';
      disposers.push(() => real.dispose());
      const shown = () =>
        Array.from({ length: H }, (_, y) => real.buffer.active.getLine(y)!.translateToString(true).trimEnd());
      let composed = 0;
      const compose = partial.compose.bind(partial);
      partial.compose = () => {
        composed++;
        return compose();
      };
      let bytes = partial.frame('a');
      const chunks = { a: stream(covered ? 11 : 7, 300), b: stream(covered ? 12 : 8, 300) };
      for (let i = 0; i < 300; i++) {
        for (const id of i % 3 === 0
          ? (['a', 'b'] as const)
          : i % 3 === 1
            ? (['a'] as const)
            : (['b'] as const))
          terms[id].write(chunks[id][i]);
        await terms.a.flush();
        await terms.b.flush();
        bytes += partial.frame('a');
        whole.invalidate();
        whole.frame('a');
        expect(cells(partial), `after chunk ${i}`).toBe(cells(whole));
        if (i % 25 === 24) {
          await new Promise<void>((r) => real.write(bytes, r));
          bytes = '';
          expect(shown(), `terminal after chunk ${i}`).toEqual(
            whole
              .current()
              .toText()
              .split('\n')
              .map((l) => l.trimEnd()),
          );
        }
      }
      // Most frames were repaints (a reset, the alternate screen or a change under the overlay compose all).
      expect(composed).toBeLessThan(covered ? 250 : 100);
    });
  }
});
