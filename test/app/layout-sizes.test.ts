import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { startHub, tempHome, waitForFrame } from './helpers.js';

// The agent reports its PTY size as the kernel sees it, again and again (it changes after the
// first frame fits it to its panel).
const REPORT_SIZE = `sh -c 'while :; do printf "SIZE %s.\\n" "$(stty size)"; sleep 0.1; done'`;

function layout(terminalProps: string): string {
  return `
function App:render()
  return ui.column({
    ui.text("TOP LINE", { shrink = 0 }),
    ui.row({ grow = 1,
      ui.terminal(self.agents[1], ${terminalProps}),
    }),
  })
end
`;
}

/** Waits until the newest size the agent printed is `size` ("rows cols"). */
async function waitForLastSize(hub: Hub, size: string): Promise<void> {
  const end = Date.now() + 8000;
  let last: string | undefined;
  while (Date.now() < end) {
    const text = await waitForFrame(hub, /SIZE \d+ \d+\./);
    last = [...text.matchAll(/SIZE (\d+ \d+)\./g)].pop()?.[1];
    if (last === size) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the agent's PTY is ${last}, expected ${size}`);
}

let hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.dispose()));
  hubs = [];
});

describe('sizes from Lua are clamped', () => {
  it('a terminal asking for 1000x1000 cells gets a PTY of its visible panel (stty size)', async () => {
    const home = tempHome({ 'user/layout.lua': layout('{ width = 1000, height = 1000 }') });
    const hub = await startHub({ home, agents: [{ command: REPORT_SIZE }], cols: 100, rows: 30 });
    hubs.push(hub);
    // 100 columns wide; 29 rows below the text line.
    await waitForLastSize(hub, '29 100');
    const agent = hub.agents.list()[0];
    expect([agent.terminal.cols, agent.terminal.rows]).toEqual([100, 29]);
  });

  it('a terminal panel partly off screen gets the part that shows', async () => {
    const home = tempHome({
      'user/layout.lua': `
function App:render()
  return ui.column({
    ui.text("TOP LINE"),
    ui.row({ grow = 1, ui.text("LEFT", { width = 70, shrink = 0 }), ui.terminal(self.agents[1], { width = 90, shrink = 0 }) }),
  })
end
`,
    });
    const hub = await startHub({ home, agents: [{ command: REPORT_SIZE }], cols: 100, rows: 30 });
    hubs.push(hub);
    // It starts at column 70 and asks for 90: 30 of them show.
    await waitForLastSize(hub, '29 30');
  });

  it('an absurd size is an error naming the tree path, and the agent keeps a sane PTY', async () => {
    const home = tempHome({ 'user/layout.lua': layout('{ width = 20000 }') });
    const hub = await startHub({ home, agents: [{ command: REPORT_SIZE }], cols: 100, rows: 30 });
    hubs.push(hub);
    const frame = (await waitForFrame(hub, /got 20000/)).replace(/\n/g, ' ');
    expect(frame).toMatch(/layout\.lua\S*: App:render\(\)\.children\[2\]\.children\[1\]: width must be at most 10000 cells, got 20000/);
    const agent = hub.agents.list()[0];
    expect(agent.terminal.cols).toBeLessThanOrEqual(100);
    expect(agent.terminal.rows).toBeLessThanOrEqual(30);
  });
});
