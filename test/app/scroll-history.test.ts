import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { XTERM_SCROLLBACK } from '../../src/terminal/headless-terminal.js';
import { tempHome, waitForFrame } from './helpers.js';
import { useHub } from '../support/use-hub.js';

// Scrollback older than what xterm keeps lives in the compact history: a layout's scroll, search
// and copy reach it exactly as they reach recent lines.

const hubs = useHub();
let hub: Hub | null = null;

// 600 coloured lines ("row N" in green, a red tail), then the agent waits.
const AGENT = `sh -c 'i=1; while [ $i -le 600 ]; do printf "\\033[32mrow %d\\033[0m \\033[31mtail\\033[0m\\n" $i; i=$((i+1)); done; cat'`;

describe('scrollback older than xterm keeps', () => {
  it('ui.terminal(agent, {scroll=N}) shows those lines with their colours', async () => {
    const layout = `function App:render()
  return ui.column({ grow = 1, ui.terminal(self.agents[1], { grow = 1, scroll = 590 }) })
end`;
    hub = await hubs.real({ home: tempHome({ 'user/layout.lua': layout }), cols: 60, rows: 12, agents: [{ command: AGENT, name: 'rows' }] });
    const text = await waitForFrame(hub, /^row \d+ tail/m);
    const first = Number(/^row (\d+) tail/m.exec(text)![1]);
    // 590 lines above the bottom is far older than the XTERM_SCROLLBACK lines xterm keeps.
    expect(600 - first).toBeGreaterThan(XTERM_SCROLLBACK + 12);
    const screen = hub.screen();
    const y = screen.toText().split('\n').findIndex((l) => l.startsWith(`row ${first} tail`));
    expect(screen.fg[y * screen.width]).toBe(2); // green
    expect(screen.fg[y * screen.width + `row ${first} `.length]).toBe(1); // red tail
    expect(screen.rowText(y + 1)).toMatch(new RegExp(`^row ${first + 1} tail`));
  });

  it('search finds an old line and copy copies it', async () => {
    hub = await hubs.real({ home: tempHome(), cols: 80, rows: 16, agents: [{ command: AGENT, name: 'rows' }] });
    await waitForFrame(hub, /row 600 tail/);
    const term = hub.focused!.terminal;
    expect(term.scrollbackLength).toBeGreaterThan(XTERM_SCROLLBACK + 400);
    expect(term.lineText(0)).toBe('row 1 tail');
    hub.input('\x07/');
    await waitForFrame(hub, /Search scrollback/);
    hub.input('row 7 tail\r');
    await waitForFrame(hub, /│row 7 tail/);
    // copy (normal mode after a search) starts at the bottom of the scrolled view, deep in the history
    hub.input('y');
    await waitForFrame(hub, /j\/k move, v marks the start/);
    hub.input('vkk');
    hub.input('y');
    await waitForFrame(hub, /copied 3 line\(s\)/);
    const n = Number(/^row (\d+) tail\n/.exec(hub.copied!)?.[1]);
    expect(n).toBeLessThan(600 - XTERM_SCROLLBACK - 16);
    expect(hub.copied).toBe(`row ${n} tail\nrow ${n + 1} tail\nrow ${n + 2} tail`);
  });
});
