import { describe, expect, it } from 'vitest';
import { BIN, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { exec } from '../support/fleet.js';

// The web's address is drawn over the client's frame, outside it (no agent reads it): an agent
// printing below it must not erase it (its frames wait while it is up), and the frame comes back
// whole once a key closes it.

const { running, dotHome } = stoppedAfterEach();

describe("the web's address at the hub terminal", () => {
  it('stays whole while the focused agent prints, and the hub draws the frame again once a key closes it', async () => {
    const home = dotHome();
    const counter = `sh -c 'i=0; while :; do i=$((i+1)); echo n$i; sleep 0.05; done'`;
    const r = run(['--home', home, '--agent', counter], 100, 30);
    running.push(r);
    await waitScreen(r, /n\d+/, 20000);
    const web = await exec(process.execPath, [BIN, 'web', '--home', home], {});
    expect(web.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    // Its question, opened and answered as a user does (Ctrl+g o, Enter: show it here).
    await waitScreen(r, /Ctrl\+g o answers it/, 20000);
    r.pty.write('\x07o');
    await waitScreen(r, /show it here/, 20000);
    r.pty.write('\r');
    const asked = await waitScreen(r, /any key: close/, 20000);
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
    expect(held).toMatch(/│ Open this in your browser \(once, within 2 minutes\): +│/);
    expect(held).toMatch(/│ http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+ +│/);
    expect(held).toMatch(/│ any key: close +│/);
    r.pty.write('n'); // closes it
    // The redraw arrives in pieces: wait for a whole frame newer than the held one (a numeric test,
    // not a pattern: n10 is not newer than n9) with the address gone.
    for (const end = Date.now() + 20000; ;) {
      await r.term.flush();
      const s = screen(r.term);
      if (last(s) > before + 20 && !/any key: close/.test(s)) break;
      if (Date.now() > end) throw new Error(`the frame never came back whole:\n${s}`);
      await new Promise((res) => setTimeout(res, 25));
    }
  });
});
