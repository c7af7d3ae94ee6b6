import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { startHub, tempHome, waitForFrame } from './helpers.js';

let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

// Two terminals side by side, so a click has somewhere to go.
const TWO = `function App:render()
  return ui.row({ grow = 1, ui.panel({ grow = 1, title = "left" }, ui.terminal(self.agents[1])), ui.panel({ grow = 1, title = "right" }, ui.terminal(self.agents[2])) })
end`;

const sgr = (b: number, x: number, y: number, release = false) => `\x1b[<${b};${x + 1};${y + 1}${release ? 'm' : 'M'}`;

describe('mouse', () => {
  it('the wheel scrolls the panel under the pointer; a click focuses it', async () => {
    hub = await startHub({
      home: tempHome({ 'user/layout.lua': TWO }),
      cols: 100,
      rows: 20,
      agents: [{ command: `sh -c 'seq 1 200; sleep 30'`, name: 'lines' }, { command: 'cat', name: 'other' }],
    });
    await waitForFrame(hub, /200/);
    const left = hub.panelOf('1')!;
    hub.input(sgr(64, left.x + 2, left.y + 2)); // wheel up over the left panel
    await hub.whenIdle();
    expect(hub.appData().agents[0].scroll).toBe(3);
    await waitForFrame(hub, /│19[67]/);
    hub.input(sgr(65, left.x + 2, left.y + 2));
    await hub.whenIdle();
    expect(hub.appData().agents[0].scroll).toBe(0);
    const right = hub.panelOf('2')!;
    hub.input(sgr(0, right.x + 1, right.y + 1) + sgr(0, right.x + 1, right.y + 1, true));
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('other');
  });

  it('a child that tracks the mouse gets the events at panel-local coordinates', async () => {
    hub = await startHub({
      home: tempHome(),
      cols: 100,
      rows: 20,
      agents: [{ command: `sh -c 'printf "\\033[?1000h\\033[?1006h"; stty -icanon -echo; cat -v'`, name: 'tracker' }],
    });
    await hub.whenIdle();
    await new Promise((r) => setTimeout(r, 300));
    const p = hub.panelOf('1')!;
    hub.input(sgr(0, p.x + 4, p.y + 2));
    await waitForFrame(hub, /\^\[\[<0;5;3M/);
  });

  it('a click on an agent in the default agent list focuses it', async () => {
    hub = await startHub({ home: tempHome(), cols: 100, rows: 20, agents: [{ command: 'cat', name: 'one' }, { command: 'cat', name: 'two' }] });
    await hub.whenIdle();
    const screen = hub.screen();
    const y = screen.toText().split('\n').findIndex((l) => l.includes('2 two'));
    const x = screen.rowText(y).indexOf('two');
    hub.input(sgr(0, x, y) + sgr(0, x, y, true));
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('two');
  });
});
