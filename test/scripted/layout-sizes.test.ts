import { describe, expect, it } from 'vitest';
import type { ScriptedHub } from '../support/scripted-hub.js';
import type { Script } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

// The agent reports its terminal's size as the hub set it, at start and on every resize (it
// changes after the first frame fits it to its panel), as `stty size` in a SIGWINCH loop would.
const REPORT_SIZE = 'report-size';
const reportSize: Script = (pty) => {
  const report = () => pty.print(`SIZE ${pty.rows} ${pty.cols}.\n`);
  report();
  pty.onResize(report);
};
const scripts = { [REPORT_SIZE]: reportSize };

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
async function waitForLastSize(t: ScriptedHub, size: string): Promise<void> {
  let last: string | undefined;
  try {
    await t.until(() => {
      last = [...t.screen().matchAll(/SIZE (\d+ \d+)\./g)].pop()?.[1];
      return last === size;
    });
  } catch {
    throw new Error(`the agent's PTY is ${last}, expected ${size}`);
  }
}

describe('sizes from Lua are clamped', () => {
  it('a terminal asking for 1000x1000 cells gets a PTY of its visible panel (stty size)', async () => {
    const t = await hubs.scripted({
      scripts,
      files: { 'user/layout.lua': layout('{ width = 1000, height = 1000 }') },
      agents: [{ command: REPORT_SIZE }],
      cols: 100,
      rows: 30,
    });
    // 100 columns wide; 29 rows below the text line.
    await waitForLastSize(t, '29 100');
    const agent = t.hub.agents.list()[0];
    expect([agent.terminal.cols, agent.terminal.rows]).toEqual([100, 29]);
    expect([t.agent('1').cols, t.agent('1').rows]).toEqual([100, 29]);
  });

  it('a terminal panel partly off screen gets the part that shows', async () => {
    const t = await hubs.scripted({
      scripts,
      files: {
        'user/layout.lua': `
function App:render()
  return ui.column({
    ui.text("TOP LINE"),
    ui.row({ grow = 1, ui.text("LEFT", { width = 70, shrink = 0 }), ui.terminal(self.agents[1], { width = 90, shrink = 0 }) }),
  })
end
`,
      },
      agents: [{ command: REPORT_SIZE }],
      cols: 100,
      rows: 30,
    });
    // It starts at column 70 and asks for 90: 30 of them show.
    await waitForLastSize(t, '29 30');
  });

  it('an absurd size is an error naming the tree path, and the agent keeps a sane PTY', async () => {
    const t = await hubs.scripted({
      scripts,
      files: { 'user/layout.lua': layout('{ width = 20000 }') },
      agents: [{ command: REPORT_SIZE }],
      cols: 100,
      rows: 30,
    });
    const frame = (await t.frame(/got 20000/)).replace(/\n/g, ' ');
    expect(frame).toMatch(
      /layout\.lua\S*: App:render\(\)\.children\[2\]\.children\[1\]: width must be at most 10000 cells, got 20000/,
    );
    const agent = t.hub.agents.list()[0];
    expect(agent.terminal.cols).toBeLessThanOrEqual(100);
    expect(agent.terminal.rows).toBeLessThanOrEqual(30);
    expect(t.agent('1').cols).toBeLessThanOrEqual(100);
    expect(t.agent('1').rows).toBeLessThanOrEqual(30);
  });
});
