import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';
import { hubCli } from '../support/cli.js';

// A client that reattaches (its server killed with kill -9, or handed over by `botster-tui
// upgrade`) comes back to what it showed: the same agent, the same mode, and the same kind of
// client (a native one stays native); the "reattached" line stays until a key.

const { running, dotHome } = stoppedAfterEach();
const NATIVE = path.resolve(path.dirname(BIN), 'botster-tui');

interface Ls {
  pid: number;
  attached: Array<{ client: string; focus: string | null; mode: string | null }>;
  agents: Array<{ id: string; name: string }>;
}
function ls(home: string): Ls | null {
  const r = spawnSync(process.execPath, [BIN, 'ls', '--json', '--home', home], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', BOTSTER_SOCKET: undefined },
    timeout: 20000,
  });
  return r.status === 0 ? (JSON.parse(r.stdout) as Ls) : null;
}
function cli(home: string, ...args: string[]) {
  return hubCli(home, args, { timeout: 60000 });
}

describe.each<[string, { file?: string }, string]>([
  ['the node client', {}, 'node'],
  ['the native client', { file: NATIVE }, 'native'],
])('%s whose server is killed', (_, how, kind) => {
  it('comes back on the agent and in the mode it showed, as the same kind of client, and the notice stays', async () => {
    const home = dotHome();
    const r = run(['--home', home, '--agent', 'sh', '--agent', 'cat'], 100, 30, {
      env: ptyEnv({ SHELL: '/bin/sh' }),
      ...how,
    });
    if (how.file) (r as { home: string | null }).home = home;
    running.push(r);
    await waitScreen(r, /Agents: 2/);
    expect(cli(home, 'focus', '2').status).toBe(0);
    r.pty.write('\x07'); // ctrl+g: normal mode
    await waitScreen(r, /NORMAL/);
    const before = ls(home)!;
    expect(before.attached).toEqual([expect.objectContaining({ client: kind, focus: '2', mode: 'normal' })]);
    process.kill(before.pid, 'SIGKILL');
    await waitDead([before.pid]);
    await waitScreen(r, /reattached: the server was killed or crashed; pid \d+ kept 2 agents running/, 20000);
    await until('the client attached again', () => (ls(home)?.attached.length ?? 0) === 1, 20000);
    const after = ls(home)!;
    expect(after.pid).not.toBe(before.pid);
    expect(after.attached).toEqual([expect.objectContaining({ client: kind, focus: '2', mode: 'normal' })]);
    await waitScreen(r, /NORMAL/);
    expect(screen(r.term)).toMatch(/reattached: the server was killed/);
  }, 60000);
});
