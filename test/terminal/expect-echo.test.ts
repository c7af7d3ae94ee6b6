import { describe, expect, test } from 'vitest';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';

const rowText = (t: HeadlessTerminal, y: number) =>
  t
    .readRow(y)
    .map((r) => r.text)
    .join('')
    .trimEnd();

describe('expectEcho', () => {
  test('the output after a key is parsed at once, not on the next timer tick', async () => {
    const t = new HeadlessTerminal({ cols: 20, rows: 3 });
    t.write('a');
    expect(rowText(t, 0)).toBe(''); // xterm parses plain writes on a later tick
    await t.flush();
    expect(rowText(t, 0)).toBe('a');
    t.expectEcho();
    t.write('b');
    expect(rowText(t, 0)).toBe('ab'); // the echo is on the screen synchronously
    t.write('c'); // only the first write after a key
    expect(rowText(t, 0)).toBe('ab');
    await t.flush();
    expect(rowText(t, 0)).toBe('abc');
    t.dispose();
  });
});
