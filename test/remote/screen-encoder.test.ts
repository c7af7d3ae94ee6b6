import { afterEach, describe, expect, it } from 'vitest';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { ScreenEncoder } from '../../src/terminal/screen-encoder.js';

// A hub mirrors another's agent by writing the encoder's updates into a terminal of its own: after
// each update the mirror must hold exactly the screen (cells, colours, cursor, the modes keys
// depend on, the title), however the agent got there.

const terms: HeadlessTerminal[] = [];
afterEach(() => terms.splice(0).forEach((t) => t.dispose()));
const term = (cols: number, rows: number) => {
  const t = new HeadlessTerminal({ cols, rows });
  terms.push(t);
  return t;
};

async function sync(
  src: HeadlessTerminal,
  mirror: HeadlessTerminal,
  enc: ScreenEncoder,
): Promise<string | null> {
  await src.flush();
  const u = enc.encode(src);
  if (!u) return null;
  if (mirror.cols !== u.cols || mirror.rows !== u.rows) mirror.resize(u.cols, u.rows);
  mirror.write(u.data);
  await mirror.flush();
  return u.data;
}

function expectSame(src: HeadlessTerminal, mirror: HeadlessTerminal): void {
  expect({ cols: mirror.cols, rows: mirror.rows }).toEqual({ cols: src.cols, rows: src.rows });
  for (let y = 0; y < src.rows; y++)
    expect({ y, row: mirror.readRow(y) }).toEqual({ y, row: src.readRow(y) });
  expect(mirror.cursor()).toEqual(src.cursor());
  const { altScreen: _a, ...srcModes } = src.modes;
  const { altScreen: _b, ...mirrorModes } = mirror.modes;
  expect(mirrorModes).toEqual(srcModes);
  expect(mirror.title).toBe(src.title);
}

describe('ScreenEncoder', () => {
  it('a mirror holds the same screen after each update, and an update carries only the rows that changed', async () => {
    const src = term(40, 8);
    const mirror = term(80, 24);
    const enc = new ScreenEncoder();
    src.write('\x1b[1;31mred bold\x1b[0m plain \x1b[38;2;10;200;30mtrue\x1b[48;5;200m256bg\x1b[0m\r\n');
    src.write('wide: 日本語 done\r\n\x1b[4munder\x1b[0m \x1b[7minv\x1b[0m\r\n');
    src.write('x'.repeat(40)); // the last column: no wrap left pending in the mirror
    src.write('\x1b]2;my title\x07\x1b[?1h\x1b[?2004h\x1b[?1002h\x1b[?1006h\x1b[5;3H');
    await sync(src, mirror, enc);
    expectSame(src, mirror);
    expect(await sync(src, mirror, enc)).toBeNull(); // nothing changed: nothing to send

    src.write('\x1b[7;1Honly this row');
    const data = await sync(src, mirror, enc);
    expect(data).toContain('only this row');
    expect(data).not.toContain('red bold');
    expectSame(src, mirror);

    // A flood: however many lines passed, one update holds the screen as it is.
    for (let i = 0; i < 500; i++) src.write(`line ${i} \x1b[3${i % 8}mcolour\x1b[0m\r\n`);
    await sync(src, mirror, enc);
    expectSame(src, mirror);

    src.write('\x1b[?25l\x1b[?1l\x1b[?2004l\x1b[?1002l');
    await sync(src, mirror, enc);
    expectSame(src, mirror);
  });

  it('follows a resize and the alternate screen and back', async () => {
    const src = term(30, 6);
    const mirror = term(30, 6);
    const enc = new ScreenEncoder();
    src.write('main screen text\r\nsecond');
    await sync(src, mirror, enc);
    src.write('\x1b[?1049h\x1b[2J\x1b[Hfull-screen app\x1b[3;5Hhere');
    await sync(src, mirror, enc);
    expectSame(src, mirror);
    src.write('\x1b[?1049l');
    await sync(src, mirror, enc);
    expectSame(src, mirror);
    src.resize(50, 10);
    src.write('\x1b[10;1Hbottom of a bigger screen');
    await sync(src, mirror, enc);
    expectSame(src, mirror);
    // A new watcher (reset) gets everything again.
    const fresh = term(80, 24);
    enc.reset();
    await sync(src, fresh, enc);
    expectSame(src, fresh);
  });
});
