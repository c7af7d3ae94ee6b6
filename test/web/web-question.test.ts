import { describe, expect, it } from 'vitest';
import { ptyEnv, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { cli } from '../support/web/real-web-hub.js';

// `botster-tui web` from anywhere (another terminal here) asks a question behind the hub's badge
// (docs/questions.md): the keys typed into the focused agent meanwhile all reach it, a Y included;
// the user opens the question (Ctrl+g o) and answers it there, and only then is the address shown.

const { running, dotHome } = stoppedAfterEach();

describe('botster-tui web asks a question that never takes keys typed for an agent', () => {
  it('typing into the shell arrives whole while it waits; Ctrl+g o and Enter show the address', async () => {
    const home = dotHome();
    const client = run(['--home', home, '--agent', 'sh'], 100, 30, {
      env: ptyEnv({ SHELL: '/bin/sh', PS1: '$ ' }),
    });
    running.push(client);
    client.pty.write('echo ready-$((6*7))\r');
    await waitScreen(client, /ready-42/, 20000);

    const asked = cli(home, 'web');
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.stdout + asked.stderr).not.toMatch(/token/);
    await waitScreen(client, /Ctrl\+g o answers it/, 20000);
    // Nothing opened over the shell: `echo zzz` reaches it whole and runs.
    client.pty.write('echo zzz\r');
    await waitScreen(client, /\$ echo zzz\s*(│\s*)?\n\W*zzz\b/, 20000);

    // Asked again (the same question replaces the one waiting): a Y typed first is the shell's too.
    expect(cli(home, 'web').status).toBe(0);
    await waitScreen(client, /1 question/, 20000);
    client.pty.write('Y');
    client.pty.write('=1; echo got$Y\r');
    await waitScreen(client, /got1/, 20000);
    expect(screen(client.term)).not.toMatch(/token=/);

    // The user opens it when they choose and answers it: the address shows, on this terminal.
    client.pty.write('\x07o');
    await waitScreen(client, /Show the web's one-time address\?/, 20000);
    client.pty.write('\r');
    await waitScreen(client, /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/, 20000);
  }, 90_000);
});
