import { describe, expect, it } from 'vitest';
import { BIN, run, screen, stoppedAfterEach, waitScreen } from '../app/cli-pty.js';
import { exec } from '../app/fleet-helpers.js';

// The web's question is drawn over the client's frame, outside it: an agent printing below it must
// not erase it (its frames wait while it is up), and the frame comes back whole once it closes.

const { running, dotHome } = stoppedAfterEach();

describe("the web's question at the hub terminal", () => {
  it('stays whole while the focused agent prints, and the hub draws the frame again after the answer', async () => {
    const home = dotHome();
    const counter = `sh -c 'i=0; while :; do i=$((i+1)); echo n$i; sleep 0.05; done'`;
    const r = run(['--home', home, '--agent', counter], 100, 30);
    running.push(r);
    await waitScreen(r, /n\d+/, 20000);
    const web = await exec(process.execPath, [BIN, 'web', '--home', home], {});
    expect(web.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const asked = await waitScreen(r, /Shift\+Y: show it here/, 20000);
    const last = (s: string) => Math.max(...[...s.matchAll(/n(\d+)/g)].map((m) => Number(m[1])));
    const before = last(asked);
    // The agent goes on printing (read from the hub, not this screen): a second's worth of lines.
    for (const end = Date.now() + 30000; ;) {
      const read = await exec(process.execPath, [BIN, 'read', '1', '--lines', '3', '--home', home], {});
      if (last(read.stdout) > before + 20) break;
      if (Date.now() > end) throw new Error(`the agent printed nothing more: ${read.stdout}${read.stderr}`);
      await new Promise((res) => setTimeout(res, 100));
    }
    await r.term.flush();
    const held = screen(r.term);
    expect(held).toMatch(/│ botster-tui web +│/);
    expect(held).toMatch(/│ Show a one-time address to open it in a browser\? +│/);
    expect(held).toMatch(/│ Shift\+Y: show it here +any other key: not now │/);
    r.pty.write('n'); // not now
    // The redraw arrives in pieces: wait for a whole frame newer than the held one (a numeric test,
    // not a pattern: n10 is not newer than n9) with the question gone.
    for (const end = Date.now() + 20000; ;) {
      await r.term.flush();
      const s = screen(r.term);
      if (last(s) > before + 20 && !/Shift\+Y/.test(s)) break;
      if (Date.now() > end) throw new Error(`the frame never came back whole:\n${s}`);
      await new Promise((res) => setTimeout(res, 25));
    }
  });
});
