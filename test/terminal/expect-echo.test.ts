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
    t.write('c'); // what follows soon after a key is parsed at once too (Enter: `\r\n`, then the line)
    expect(rowText(t, 0)).toBe('abc');
    t.write('\r\n'.repeat(3) + 'x'.repeat(5000)); // a big answer spends what may be parsed at once
    expect(t.pendingBytes()).toBe(0);
    t.write('\r\nd'); // the rest waits its turn
    expect(t.pendingBytes()).toBeGreaterThan(0);
    await t.flush();
    expect(rowText(t, 2)).toBe('d');
    t.dispose();
  });
});
