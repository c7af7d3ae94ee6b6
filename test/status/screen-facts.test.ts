import { afterEach, describe, expect, it } from 'vitest';
import { HeadlessTerminal, parseProgress } from '../../src/terminal/headless-terminal.js';
import { screenFacts } from '../../src/status/screen-facts.js';

// What the status adapters get, read from a real headless terminal fed real escape sequences.

let t: HeadlessTerminal | null = null;
afterEach(() => {
  t?.dispose();
  t = null;
});

async function fed(data: string, rows = 6): Promise<HeadlessTerminal> {
  t = new HeadlessTerminal({ cols: 40, rows, scrollback: 100 });
  t.write(data);
  await t.flush();
  return t;
}

describe('screen facts', () => {
  it('the visible rows only (never scrollback), right-trimmed, blank rows kept', async () => {
    const term = await fed(
      'old 1\r\nold 2\r\nold 3\r\n\r\nDo you want to proceed?   \r\n❯ 1. Yes\r\n  2. No',
      4,
    );
    const f = screenFacts(term, { bell: false, quietMs: 2500, state: 'running' });
    expect(f.lines).toEqual(['', 'Do you want to proceed?', '❯ 1. Yes', '  2. No']);
    expect(f.quiet).toBe(2.5);
    expect(f.state).toBe('running');
  });

  it('title, OSC 9;4 progress, OSC 133 prompt marks, desktop notices and OSC 7501 state', async () => {
    const term = await fed(
      '\x1b]0;✦  Working… (proj)\x07\x1b]9;4;3;\x07\x1b]133;A\x07$ \x1b]777;notify;Claude Code;Claude needs your permission\x07\x1b]7501;state=blocked:app=codex:kind=permission\x1b\\',
    );
    const f = screenFacts(term, { bell: true, quietMs: 0, state: 'running' });
    expect(f.title).toBe('✦  Working… (proj)');
    expect(f.progress).toEqual({ state: 'indeterminate', value: 0 });
    expect(f.at_prompt).toBe(true);
    expect(f.bell).toBe(true);
    expect(f.notification?.text).toBe('Claude Code: Claude needs your permission');
    expect(f.osc['7501']).toBe('state=blocked:app=codex:kind=permission');
    term.write('\x1b]9;4;0;\x07\x1b]9;Build finished\x07\x1b]133;C\x07');
    await term.flush();
    const g = screenFacts(term, { bell: false, quietMs: 0, state: 'running' });
    expect(g.progress).toBeNull();
    expect(g.notification?.text).toBe('Build finished');
    expect(g.at_prompt).toBe(false);
  });

  it.each([
    ['4;1;40', { state: 'normal', value: 40 }],
    ['4;2;100', { state: 'error', value: 100 }],
    ['4;3;', { state: 'indeterminate', value: 0 }],
    ['4;4;250', { state: 'paused', value: 100 }],
    ['4;0;0', null],
    ['4;9;1', null],
    ['4', null],
  ])('OSC 9;%s', (data, want) => {
    expect(parseProgress(data)).toEqual(want);
  });

  it("a notice wrapped for tmux (an agent's CLI sees the hub's TMUX) is read the same", async () => {
    // Claude Code with TMUX set sends its notices in tmux's passthrough: ESC P tmux; ... ESC \\,
    // each ESC inside doubled. The doubled ESC ends the DCS, and the notice inside is an OSC again.
    const wrap = (s: string) => `\x1bPtmux;${s.replaceAll('\x1b', '\x1b\x1b')}\x1b\\`;
    const term = await fed(`a${wrap('\x1b]777;notify;Claude Code;Claude needs your permission\x07')}b`);
    expect(term.notification?.text).toBe('Claude Code: Claude needs your permission');
    expect(screenFacts(term, { bell: false, quietMs: 0, state: 'running' }).notification?.text).toBe(
      'Claude Code: Claude needs your permission',
    );
  });

  it('a flood of long notices keeps one short one', async () => {
    const term = await fed(`\x1b]9;${'x'.repeat(100_000)}\x07`);
    expect(term.notification?.text.length).toBe(500);
  });
});
