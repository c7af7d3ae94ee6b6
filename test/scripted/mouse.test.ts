import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

// Two terminals side by side, so a click has somewhere to go.
const TWO = `function App:render()
  return ui.row({ grow = 1, ui.panel({ grow = 1, title = "left" }, ui.terminal(self.agents[1])), ui.panel({ grow = 1, title = "right" }, ui.terminal(self.agents[2])) })
end`;

const sgr = (b: number, x: number, y: number, release = false) =>
  `\x1b[<${b};${x + 1};${y + 1}${release ? 'm' : 'M'}`;

describe('mouse', () => {
  it('the wheel scrolls the panel under the pointer; a click focuses it', async () => {
    const t = await hubs.scripted({
      files: { 'user/layout.lua': TWO },
      cols: 100,
      rows: 20,
      agents: [
        { command: 'seq 1 200', name: 'lines' },
        { command: 'cat', name: 'other' },
      ],
    });
    t.agent('lines').print(`${Array.from({ length: 200 }, (_, i) => i + 1).join('\n')}\n`);
    await t.frame(/200/);
    const left = t.hub.panelOf('1')!;
    await t.press(sgr(64, left.x + 2, left.y + 2)); // wheel up over the left panel
    expect(t.hub.appData().agents[0].scroll).toBe(3);
    await t.frame(/│19[67]/);
    await t.press(sgr(65, left.x + 2, left.y + 2));
    expect(t.hub.appData().agents[0].scroll).toBe(0);
    const right = t.hub.panelOf('2')!;
    await t.press(sgr(0, right.x + 1, right.y + 1) + sgr(0, right.x + 1, right.y + 1, true));
    expect(t.hub.focused?.info.name).toBe('other');
  });

  it('a child that tracks the mouse gets the events at panel-local coordinates', async () => {
    const t = await hubs.scripted({ cols: 100, rows: 20, agents: [{ command: 'tracker', name: 'tracker' }] });
    const tracker = t.agent('tracker');
    tracker.printRaw('\x1b[?1000h\x1b[?1006h'); // mouse tracking, SGR coordinates
    await t.settle();
    expect(t.hub.agents.get('1')!.terminal.modes.mouseTracking).not.toBe('none');
    const p = t.hub.panelOf('1')!;
    await t.press(sgr(0, p.x + 4, p.y + 2));
    expect(tracker.received).toContain('\x1b[<0;5;3M');
  });

  it('a click on an agent in the default agent list focuses it', async () => {
    const t = await hubs.scripted({
      cols: 100,
      rows: 20,
      agents: [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    });
    const screen = t.hub.screen();
    const y = screen
      .toText()
      .split('\n')
      .findIndex((l) => l.includes('2 two'));
    const x = screen.rowText(y).indexOf('two');
    await t.press(sgr(0, x, y) + sgr(0, x, y, true));
    expect(t.hub.focused?.info.name).toBe('two');
  });
});
