import { describe, expect, it } from 'vitest';
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { Screen } from '../../src/ui/screen/screen.js';
import { SYNC_BEGIN, diffFrame } from '../../src/ui/frame-writer.js';
import { BOLD } from '../../src/ui/screen/cell-style.js';

const { Terminal } = xterm;
const { Unicode11Addon } = unicode11;

function write(term: InstanceType<typeof Terminal>, data: string): Promise<void> {
  return new Promise((r) => term.write(data, r));
}

function termText(term: InstanceType<typeof Terminal>): string {
  const rows: string[] = [];
  const buf = term.buffer.active;
  for (let y = 0; y < term.rows; y++)
    rows.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
  return rows.join('\n');
}

describe('diffFrame on a real terminal emulator', () => {
  it('a sequence of diffs leaves the terminal showing exactly the last screen', async () => {
    const term = new Terminal({ cols: 30, rows: 6, allowProposedApi: true });
    // Modern widths (emoji are two cells), as real terminals and our width tables have them.
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    let prev: Screen | null = null;
    const frames = [
      ['hello', 'world'],
      ['hello', 'w0rld', '日本語 wide'],
      ['', 'bye', '😀 emoji', 'x'],
    ];
    for (const lines of frames) {
      const s = new Screen(30, 6);
      lines.forEach((l, y) => s.writeText(0, y, l, { fg: y, bg: -1, attrs: y === 1 ? BOLD : 0 }));
      await write(term, diffFrame(prev, s, null));
      expect(
        termText(term)
          .split('\n')
          .map((l) => l.trimEnd()),
      ).toEqual(s.toText().split('\n'));
      prev = s;
    }
    term.dispose();
  });

  it('writes nothing for an unchanged frame, and only the changed span otherwise', () => {
    const a = new Screen(20, 3);
    a.writeText(0, 1, 'abcdefghij', { fg: -1, bg: -1, attrs: 0 });
    const b = new Screen(20, 3);
    b.copyFrom(a);
    expect(diffFrame(a, b, null)).toBe('');
    b.writeText(4, 1, 'X', { fg: -1, bg: -1, attrs: 0 });
    const out = diffFrame(a, b, null);
    expect(out).toContain('\x1b[2;5H');
    expect(out).not.toContain('abcd');
  });

  it('places and shows the cursor', () => {
    const a = new Screen(10, 3);
    expect(diffFrame(null, a, { x: 3, y: 2, visible: true })).toContain('\x1b[3;4H\x1b[?25h');
  });
});

describe('glyphs whose width terminals disagree on', () => {
  const style = { fg: -1, bg: -1, attrs: 0 };
  it('are drawn on blanked cells with the cursor placed again after them', () => {
    const s = new Screen(10, 1);
    s.writeText(0, 0, 'a👍🏽b', style);
    const out = diffFrame(null, s, null);
    // (the skin tone goes: some terminals draw it in two cells of its own)
    expect(out).toContain('a  \x1b[1;2H👍\x1b[1;4Hb');
  });

  it('what has no base to draw becomes U+FFFD; plain text, box drawing and CJK stay as they are', () => {
    const s = new Screen(20, 1);
    s.writeText(0, 0, 'x\u0378y\u2028z│日本', style);
    expect(s.rowText(0)).toBe('x\ufffdy\ufffdz│日本' + ' '.repeat(10));
    const out = diffFrame(null, s, null);
    expect(out).toContain('z│日本'); // no cursor moves around certain glyphs
    expect(out).not.toMatch(/日\x1b\[/);
  });

  it("a changed uncertain glyph redraws the two cells after it (a neighbour's border)", () => {
    const a = new Screen(10, 1);
    a.writeText(0, 0, 'ab│', style);
    const b = new Screen(10, 1);
    b.writeText(0, 0, 'a\u{1f600}│', style);
    const out = diffFrame(a, b, null);
    expect(out).toMatch(/😀\x1b\[1;4H│/);
  });
});

describe("a key's echo", () => {
  const plain = { fg: -1, bg: -1, attrs: 0 };
  const screen = (text: string, style = plain) => {
    const s = new Screen(20, 3);
    s.writeText(0, 1, text, style);
    return s;
  };

  it('is the typed text alone when the cursor stands where it goes, and the terminal ends up the same', async () => {
    const term = new Terminal({ cols: 20, rows: 3, allowProposedApi: true });
    let prev = screen('$ ');
    await write(term, diffFrame(null, prev, { x: 2, y: 1, visible: true }));
    let at = { x: 2, y: 1 };
    for (const typed of ['l', 'ls', 'ls -la']) {
      const next = screen(`$ ${typed}`);
      const cursor = { x: 2 + typed.length, y: 1, visible: true };
      const out = diffFrame(prev, next, cursor, [1], at);
      expect(out).toBe(typed.slice(at.x - 2));
      await write(term, out);
      expect(termText(term).split('\n')[1].trimEnd()).toBe(`$ ${typed}`);
      expect([term.buffer.active.cursorX, term.buffer.active.cursorY]).toEqual([cursor.x, cursor.y]);
      prev = next;
      at = { x: cursor.x, y: cursor.y };
    }
    term.dispose();
  });

  it('keeps its colour, and leaves the default style behind', () => {
    const next = screen('$ x');
    next.writeText(2, 1, 'x', { fg: 1, bg: -1, attrs: 0 });
    expect(diffFrame(screen('$ '), next, { x: 3, y: 1, visible: true }, [1], { x: 2, y: 1 })).toBe(
      '\x1b[0;31mx\x1b[0m',
    );
  });

  it('is a whole frame when the cursor is elsewhere, hidden or unknown, or more than the echo changed', () => {
    const cursor = { x: 3, y: 1, visible: true };
    const whole = (out: string) => expect(out.startsWith(SYNC_BEGIN)).toBe(true);
    whole(diffFrame(screen('$ '), screen('$ x'), cursor, [1], { x: 2, y: 0 }));
    whole(diffFrame(screen('$ '), screen('$ x'), cursor, [1], null));
    whole(diffFrame(screen('$ '), screen('$ x'), { ...cursor, visible: false }, [1], { x: 2, y: 1 }));
    whole(diffFrame(screen('$ '), screen('$ é'), cursor, [1], { x: 2, y: 1 }));
    const other = screen('$ x');
    other.writeText(0, 2, 'status', plain);
    whole(diffFrame(screen('$ '), other, cursor, [1, 2], { x: 2, y: 1 }));
    whole(diffFrame(screen('$ y'), screen('$ x'), { x: 2, y: 1, visible: true }, [1], { x: 2, y: 1 }));
  });
});
