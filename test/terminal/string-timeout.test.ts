import { afterEach, describe, expect, it } from 'vitest';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { STRING_TIMEOUT_MS } from '../../src/terminal/string-timeout.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (t: HeadlessTerminal) => Array.from({ length: t.lineCount }, (_, i) => t.lineText(i)).join('\n');

let term: HeadlessTerminal | null = null;
afterEach(() => {
  term?.dispose();
  term = null;
});

describe('a string left open is abandoned, as tmux does', () => {
  it('output after a DCS that never ends shows again once the timeout passed', async () => {
    term = new HeadlessTerminal({ cols: 40, rows: 10, stringTimeoutMs: 100 });
    // U+0090 is DCS (as random bytes produce it: C2 90); "q" enters its passthrough.
    term.write('before\r\n\u0090q\tjunk');
    term.write('\r\nswallowed\r\n');
    await term.flush();
    // Inside the string everything is data, exactly as xterm does it.
    expect(text(term)).toContain('before');
    expect(text(term)).not.toContain('swallowed');
    await sleep(250);
    term.write('shown again\r\n');
    await term.flush();
    expect(text(term)).toContain('shown again');
  });

  it('every kind of string: OSC, APC, PM, SOS, 7-bit and 8-bit introducers', async () => {
    for (const open of [
      '\x1b]0;t',
      '\x1b_x',
      '\x1b^x',
      '\x1bXx',
      '\x1bPq',
      '\u009dx',
      '\u009fx',
      '\u009ex',
      '\u0098x',
    ]) {
      const t = new HeadlessTerminal({ cols: 40, rows: 10, stringTimeoutMs: 50 });
      t.write(open);
      await t.flush();
      await sleep(120);
      t.write('visible\r\n');
      await t.flush();
      expect(text(t), JSON.stringify(open)).toContain('visible');
      t.dispose();
    }
  });

  it('a string that ends in time is untouched (a title split across writes)', async () => {
    term = new HeadlessTerminal({ cols: 40, rows: 10, stringTimeoutMs: 200 });
    term.write('\x1b]0;my ti');
    await term.flush();
    await sleep(50);
    term.write('tle\x07after\r\n');
    await term.flush();
    expect(term.title).toBe('my title');
    expect(text(term)).toContain('after');
  });

  it('the default is tmux-like: seconds, not a hair trigger', () => {
    expect(STRING_TIMEOUT_MS).toBeGreaterThanOrEqual(2000);
  });
});
