import { afterEach, describe, expect, test } from 'vitest';
import {
  BOLD,
  DIM,
  HeadlessTerminal,
  INVERSE,
  ITALIC,
  MAX_TITLE,
  STRIKETHROUGH,
  TITLE_EVENT_MS,
  TRUECOLOR,
  UNDERLINE,
  parseOsc7,
  type StyledRun,
} from '../../src/terminal/headless-terminal.js';

const terms: HeadlessTerminal[] = [];
function make(cols = 20, rows = 5, scrollback?: number): HeadlessTerminal {
  const t = new HeadlessTerminal({ cols, rows, scrollback });
  terms.push(t);
  return t;
}
afterEach(() => {
  while (terms.length) terms.pop()!.dispose();
});

async function feed(t: HeadlessTerminal, data: string): Promise<void> {
  t.write(data);
  await t.flush();
}
const text = (runs: StyledRun[]) => runs.map((r) => r.text).join('');
const cells = (runs: StyledRun[]) => runs.reduce((n, r) => n + r.width, 0);
const runAt = (runs: StyledRun[], needle: string) => runs.find((r) => r.text.includes(needle));

describe('HeadlessTerminal', () => {
  test('plain text lands on the screen; every line covers exactly cols cells', async () => {
    const t = make(20, 5);
    await feed(t, 'hello\r\nworld');
    const s = t.snapshot();
    expect(s.cols).toBe(20);
    expect(s.rows).toBe(5);
    expect(s.lines).toHaveLength(5);
    for (const line of s.lines) expect(cells(line)).toBe(20);
    expect(text(s.lines[0])).toBe('hello' + ' '.repeat(15));
    expect(text(s.lines[1]).trimEnd()).toBe('world');
    expect(text(s.lines[4])).toBe(' '.repeat(20));
    expect(s.cursor).toEqual({ x: 5, y: 1, visible: true });
  });

  test('16-colour, 256-colour and truecolor foregrounds and backgrounds', async () => {
    const t = make(40, 3);
    await feed(
      t,
      '\x1b[31mred\x1b[0m \x1b[38;5;196mpal\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[0m \x1b[44mbgb\x1b[0m \x1b[48;2;255;0;16mbgt\x1b[0m plain',
    );
    const row = t.readRow(0);
    expect(runAt(row, 'red')).toMatchObject({ fg: 1, bg: -1, attrs: 0 });
    expect(runAt(row, 'pal')).toMatchObject({ fg: 196, bg: -1 });
    expect(runAt(row, 'rgb')).toMatchObject({ fg: TRUECOLOR | 0x010203, bg: -1 });
    expect(runAt(row, 'bgb')).toMatchObject({ fg: -1, bg: 4 });
    expect(runAt(row, 'bgt')).toMatchObject({ fg: -1, bg: TRUECOLOR | 0xff0010 });
    expect(runAt(row, 'plain')).toMatchObject({ fg: -1, bg: -1, attrs: 0 });
    // bright colours (90-97) map to palette 8-15
    await feed(t, '\r\n\x1b[92mhi\x1b[0m');
    expect(runAt(t.readRow(1), 'hi')).toMatchObject({ fg: 10 });
  });

  test('attributes decode into bit flags and split runs only where the style changes', async () => {
    const t = make(40, 2);
    await feed(t, 'ab\x1b[1mBOLD\x1b[22m\x1b[7mINV\x1b[27m\x1b[2;3;4;9mmix\x1b[0mcd');
    const row = t.readRow(0);
    expect(row.map((r) => r.text.trimEnd())).toEqual(['ab', 'BOLD', 'INV', 'mix', 'cd']);
    expect(runAt(row, 'BOLD')!.attrs).toBe(BOLD);
    expect(runAt(row, 'INV')!.attrs).toBe(INVERSE);
    expect(runAt(row, 'mix')!.attrs).toBe(DIM | ITALIC | UNDERLINE | STRIKETHROUGH);
    // trailing blanks merge into the default-styled last run
    expect(row[4]).toMatchObject({ text: 'cd' + ' '.repeat(26), width: 28, attrs: 0 });
  });

  test('wide characters (CJK, emoji) keep each row exactly cols cells wide', async () => {
    const t = make(10, 3);
    await feed(t, 'a中文b\r\n\x1b[31m日本\x1b[0m語x\r\n😀z');
    const s = t.snapshot();
    for (let y = 0; y < 3; y++) {
      expect(cells(s.lines[y])).toBe(10);
      expect(cells(t.readRow(y))).toBe(10);
    }
    expect(text(s.lines[0])).toBe('a中文b' + ' '.repeat(4));
    expect(s.lines[1][0]).toMatchObject({ text: '日本', width: 4, fg: 1 });
    expect(s.lines[1][1].text.startsWith('語x')).toBe(true);
    expect(s.lines[1][1].width).toBe(6);
    // A cell that is not plain text is a run of its own: the painter gives it exactly its cells.
    expect(s.lines[2][0]).toMatchObject({ text: '😀', width: 2 });
    expect(s.lines[2][1].text.startsWith('z')).toBe(true);
    expect(s.lines[2][1].width).toBe(8);
  });

  test('a zero-width character with nothing to join (column 0) still takes its column', async () => {
    const t = make(10, 3, 300);
    await feed(t, '\u200bX\r\n');
    expect(cells(t.readRow(0))).toBe(10);
    expect(text(t.readRow(0)).startsWith(' X')).toBe(true);
    await feed(t, '\n'.repeat(150)); // the line goes to the compact scrollback history
    expect(text(t.readRow(0, t.scrollbackLength)).startsWith(' X')).toBe(true);
  });

  test('a wide character that wraps at the right edge still yields exact rows', async () => {
    const t = make(5, 3);
    await feed(t, 'abcd中');
    const s = t.snapshot();
    for (const line of s.lines) expect(cells(line)).toBe(5);
    expect(text(s.lines[1]).startsWith('中')).toBe(true);
  });

  test('cursor visibility follows DECTCEM', async () => {
    const t = make();
    await feed(t, '\x1b[?25l');
    expect(t.snapshot().cursor.visible).toBe(false);
    await feed(t, '\x1b[?25h');
    expect(t.snapshot().cursor.visible).toBe(true);
  });

  test('answers DSR and DA through onReply', async () => {
    const t = make(20, 5);
    const replies: string[] = [];
    t.onReply((d) => replies.push(d));
    await feed(t, '\r\n\r\nabc\x1b[6n');
    expect(replies).toContain('\x1b[3;4R');
    await feed(t, '\x1b[c');
    expect(replies.some((r) => /^\x1b\[\?[\d;]+c$/.test(r))).toBe(true);
  });

  test('title (OSC 0 and 2), cwd (OSC 7) and bell events', async () => {
    const t = make();
    const titles: string[] = [];
    const cwds: string[] = [];
    let bells = 0;
    t.onTitle((x) => titles.push(x));
    t.onCwd((x) => cwds.push(x));
    t.onBell(() => bells++);
    await feed(t, '\x1b]2;my title\x07\x1b]0;other\x1b\\\x1b]7;file://host/tmp/a%20b\x07\x07');
    expect(t.title).toBe('other');
    // Title events go out on the next turn, coalesced: the latest one.
    await new Promise((r) => setImmediate(r));
    expect(titles).toEqual(['other']);
    expect(cwds).toEqual(['/tmp/a b']);
    expect(t.cwd).toBe('/tmp/a b');
    expect(bells).toBe(1);
    expect(parseOsc7('file:///x')).toBe('/x');
    expect(parseOsc7('http://x/y')).toBeNull();
  });

  test('a title loop: events are coalesced (the first at once, then at most one per window, the last always) and titles are capped', async () => {
    const t = make();
    const titles: string[] = [];
    t.onTitle((x) => titles.push(x));
    const big = 'x'.repeat(3000);
    for (let i = 1; i <= 2000; i++) t.write(`\x1b]0;${i} ${big}\x07`);
    await t.flush();
    await new Promise((r) => setTimeout(r, TITLE_EVENT_MS * 3));
    const first = titles.length;
    // Titles parsed in one turn are one event.
    t.write(Array.from({ length: 500 }, (_, k) => `\x1b]0;${2001 + k}\x07`).join(''));
    await t.flush();
    await new Promise((r) => setTimeout(r, TITLE_EVENT_MS * 3));
    expect(t.title).toBe('2500');
    expect(titles[titles.length - 1]).toBe('2500');
    expect(titles.length - first).toBe(1);
    // 2000 titles: one event per window at most (far fewer however slow the machine).
    expect(first).toBeLessThan(200);
    expect(titles.every((x) => x.length <= MAX_TITLE)).toBe(true);
    expect(titles[0].length).toBe(MAX_TITLE);
  });

  test('modes: application cursor keys, bracketed paste, mouse tracking, alt screen', async () => {
    const t = make();
    expect(t.modes).toMatchObject({
      applicationCursorKeys: false,
      bracketedPaste: false,
      mouseTracking: 'none',
      altScreen: false,
    });
    await feed(t, '\x1b[?1h\x1b[?2004h\x1b[?1002h\x1b[?1006h\x1b[?1049h');
    const m = t.modes;
    expect(m).toMatchObject({
      applicationCursorKeys: true,
      bracketedPaste: true,
      mouseTracking: 'drag',
      altScreen: true,
    });
    expect(m.mouseEncoding).toBe('SGR');
    await feed(t, '\x1b[?1049l\x1b[?1002l');
    expect(t.modes).toMatchObject({ mouseTracking: 'none', altScreen: false });
  });

  test('scrollback: snapshot(offset) shows older lines, clamped to what exists', async () => {
    const t = make(10, 4, 100);
    let s = '';
    for (let i = 1; i <= 20; i++) s += `L${i}\r\n`;
    await feed(t, s);
    const live = t.snapshot();
    expect(live.scrollbackLength).toBe(17);
    expect(text(live.lines[2]).trim()).toBe('L20');
    const up = t.snapshot(5);
    expect(up.scrollOffset).toBe(5);
    expect(text(up.lines[0]).trim()).toBe('L13');
    expect(text(t.readRow(0, 5)).trim()).toBe('L13');
    const top = t.snapshot(1000);
    expect(top.scrollOffset).toBe(17);
    expect(text(top.lines[0]).trim()).toBe('L1');
    // the cursor scrolls out of view with the content
    expect(top.cursor.visible).toBe(false);
    expect(t.snapshot(-3).scrollOffset).toBe(0);
  });

  test('resize changes the grid; invalid and no-op sizes are ignored', async () => {
    const t = make(10, 3);
    t.resize(30, 6);
    expect([t.cols, t.rows]).toEqual([30, 6]);
    t.resize(0, 5);
    t.resize(Number.NaN, 5);
    expect([t.cols, t.rows]).toEqual([30, 6]);
    await feed(t, 'x');
    const s = t.snapshot();
    expect(s.lines).toHaveLength(6);
    for (const line of s.lines) expect(cells(line)).toBe(30);
  });

  test('pendingBytes counts unparsed input; onParsed fires once it is parsed', async () => {
    const t = make();
    let parsed = 0;
    t.onParsed(() => parsed++);
    t.write('x'.repeat(1000));
    expect(t.pendingBytes()).toBe(1000);
    await t.flush();
    expect(t.pendingBytes()).toBe(0);
    expect(parsed).toBeGreaterThan(0);
  });

  test('survives arbitrary bytes and dispose is idempotent', async () => {
    const t = make(20, 5);
    let junk = '';
    for (let i = 0; i < 5000; i++) junk += String.fromCharCode((i * 7919) % 0x3000);
    await feed(t, junk + '\x1b[0m\x1bc');
    for (const line of t.snapshot().lines) expect(cells(line)).toBe(20);
    t.dispose();
    t.dispose();
    t.write('after');
    await t.flush();
  });
});
