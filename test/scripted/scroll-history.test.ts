import { describe, expect, it } from 'vitest';
import { XTERM_SCROLLBACK } from '../../src/terminal/headless-terminal.js';
import { catScript, type Script } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// Scrollback older than what xterm keeps lives in the compact history: a layout's scroll, search
// and copy reach it exactly as they reach recent lines. A scripted hub: the agent's lines are the test's.

const hubs = useHub();

// 600 coloured lines ("row N" in green, a red tail), then the agent waits.
const AGENT = `sh -c 'i=1; while [ $i -le 600 ]; do printf "\\033[32mrow %d\\033[0m \\033[31mtail\\033[0m\\n" $i; i=$((i+1)); done; cat'`;
const rows: Script = (pty) => {
  for (let i = 1; i <= 600; i++) pty.print(`\x1b[32mrow ${i}\x1b[0m \x1b[31mtail\x1b[0m\n`);
  catScript(pty);
};
const scripts = { [AGENT]: rows };

describe('scrollback older than xterm keeps', () => {
  it('ui.terminal(agent, {scroll=N}) shows those lines with their colours', async () => {
    const layout = `function App:render()
  return ui.column({ grow = 1, ui.terminal(self.agents[1], { grow = 1, scroll = 590 }) })
end`;
    const t = await hubs.scripted({
      scripts,
      files: { 'user/layout.lua': layout },
      cols: 60,
      rows: 12,
      agents: [{ command: AGENT, name: 'rows' }],
    });
    const hub = t.hub;
    const text = await t.frame(/^row \d+ tail/m);
    const first = Number(/^row (\d+) tail/m.exec(text)![1]);
    // 590 lines above the bottom is far older than the XTERM_SCROLLBACK lines xterm keeps.
    expect(600 - first).toBeGreaterThan(XTERM_SCROLLBACK + 12);
    const screen = hub.screen();
    const y = screen
      .toText()
      .split('\n')
      .findIndex((l) => l.startsWith(`row ${first} tail`));
    expect(screen.fg[y * screen.width]).toBe(2); // green
    expect(screen.fg[y * screen.width + `row ${first} `.length]).toBe(1); // red tail
    expect(screen.rowText(y + 1)).toMatch(new RegExp(`^row ${first + 1} tail`));
  });

  it('search finds an old line and copy copies it', async () => {
    const t = await hubs.scripted({
      scripts,
      cols: 80,
      rows: 16,
      agents: [{ command: AGENT, name: 'rows' }],
    });
    const hub = t.hub;
    await t.frame(/row 600 tail/);
    const term = hub.focused!.terminal;
    expect(term.scrollbackLength).toBeGreaterThan(XTERM_SCROLLBACK + 400);
    expect(term.lineText(0)).toBe('row 1 tail');
    await t.press('\x07/');
    await t.frame(/Search scrollback/);
    await t.press('row 7 tail\r');
    await t.frame(/│row 7 tail/);
    // copy (normal mode after a search) starts at the bottom of the scrolled view, deep in the history
    await t.press('y');
    await t.frame(/j\/k move, v marks the start/);
    await t.press('vkk');
    await t.press('y');
    await t.frame(/copied 3 lines/);
    const n = Number(/^row (\d+) tail\n/.exec(hub.copied!)?.[1]);
    expect(n).toBeLessThan(600 - XTERM_SCROLLBACK - 16);
    expect(hub.copied).toBe(`row ${n} tail\nrow ${n + 1} tail\nrow ${n + 2} tail`);
  });
});
