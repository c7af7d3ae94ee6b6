import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/hub.js';
import { cli } from '../support/web/real-web-hub.js';

// A notice ends when what it says ends (issue 80): "searching every agent for X…" goes when the
// hits are listed (app:notify answers an id, app:unnotify takes it off), and "The hub asks: ...
// (Ctrl+g o answers it)" goes once the question no longer waits (opened, answered): the address
// `botster-tui web` offers is drawn with neither left on screen. The real CLI in a real PTY.

const { running, dotHome } = stoppedAfterEach();

describe('notices end when what they say ends', () => {
  it("the search's notice goes with its hits listed; the web question's goes once it is opened", async () => {
    const home = dotHome();
    const client = run(['--home', home, '--agent', 'sh'], 120, 30, {
      env: ptyEnv({ SHELL: '/bin/sh', PS1: '$ ' }),
    });
    running.push(client);
    client.pty.write('echo needle-$((6*7))\r');
    await waitScreen(client, /needle-42/, 20000);

    // Search every agent (S in normal mode): the hits listed, no "searching…" left.
    client.pty.write('\x07S');
    await waitScreen(client, /Search every agent/);
    client.pty.write('needle-42\r');
    await waitScreen(client, /\d+ hits? for "needle-42"/, 20000);
    // (the frame that lists them may reach the terminal in more than one read)
    await until('the notice gone', () => !/searching every agent/.test(screen(client.term)), 5000);
    client.pty.write('\x1b');
    await until('the hits closed', () => !/hits? for "needle-42"/.test(screen(client.term)), 10000);
    expect(screen(client.term)).not.toMatch(/searching every agent/);

    // The web's question: announced while it waits, the notice gone once it is opened and answered.
    const asked = cli(home, 'web');
    expect(asked.status, asked.stderr).toBe(0);
    const notice = await waitScreen(
      client,
      /The hub asks: Show the web's one-time address\? +\((.+) answers it\)/,
      20000,
    );
    const keys = /\((.+) answers it\)/.exec(notice)![1];
    client.pty.write(keys === 'o' ? 'o' : '\x07o');
    const dialog = await waitScreen(client, / DIALOG /, 20000);
    expect(dialog).toMatch(/show it here/);
    expect(dialog).not.toMatch(/The hub asks:/);
    client.pty.write('\r');
    const shown = await waitScreen(client, /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/, 20000);
    // Drawn over the frame the answer caused: no notice, and no dialog under it.
    expect(shown).not.toMatch(/The hub asks:|answers it\)| DIALOG |show it here/);
    // A key closes the address; the frame drawn again has no notice of a question either.
    client.pty.write(' ');
    await until('the address closed', () => !/login\?token=/.test(screen(client.term)), 10000);
    expect(screen(client.term)).not.toMatch(/The hub asks:|\? 1 question/);
  }, 90_000);

  it('"agent sh-2 (id 2) asks: ..." goes once the agent waits no longer', async () => {
    const home = dotHome();
    // Agent 2 (not shown) says it waits, as its CLI's hooks would, until a line comes; then works.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-asks-'));
    const asks = path.join(dir, 'asks.sh');
    const hub = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`;
    fs.writeFileSync(
      asks,
      `${hub} report --state waiting --reason 'Proceed with it?'\nread x\n${hub} report --state running --reason 'at it'\nsleep 600\n`,
    );
    const client = run(['--home', home, '--agent', 'sh', '--agent', `sh ${asks}`], 120, 30, {
      env: ptyEnv({ SHELL: '/bin/sh', PS1: '$ ' }),
    });
    running.push(client);
    await waitScreen(client, /agent sh-2 \(id 2\) asks: "Proceed with it\?"/, 20000);
    // Answered (a line typed into it): it works, and the notice that it asks has ended with it.
    expect(cli(home, 'send', '2', '', '--keys', 'enter').status).toBe(0);
    await waitScreen(client, /2 sh-2 running/, 20000);
    // (the notice ends in the hook that hears the new state: the frame after the state's own, at most)
    await until('the notice ended', () => !/asks: "Proceed with it\?"/.test(screen(client.term)), 5000);
  }, 60_000);
});
