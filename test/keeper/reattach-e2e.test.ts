import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { isAlive, waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';

// A client attached when its server is killed (kill -9, a crash) says so, starts a new server and
// attaches to it by itself: the keepers' agents are adopted, the screen comes back. A server that
// keeps dying is not started over and over: the third loss in a minute stops the client, naming
// the log, the agents still kept. Both clients: the node one and the native one (which hands the
// reattaching to node).

const { running, dotHome } = stoppedAfterEach();
const NATIVE = path.resolve(path.dirname(BIN), 'botster-tui');
// BOTSTER_TEST_FAIL=crash: a SIGUSR2 makes the server throw in its event loop (a real crash: its
// uncaughtException handler runs), test/support/fixtures/fail-server.cjs.
const FAIL = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../support/fixtures/fail-server.cjs',
);

function ls(home: string): { pid: number; agents: Array<{ pid: number }>; attached?: unknown[] } | null {
  const r = spawnSync(process.execPath, [BIN, 'ls', '--json', '--home', home], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', BOTSTER_SOCKET: undefined },
    timeout: 20000,
  });
  return r.status === 0 ? JSON.parse(r.stdout) : null;
}

describe.each<[string, { file?: string }]>([
  ['the node client', {}],
  ['the native client', { file: NATIVE }],
])('%s whose server is killed', (_, how) => {
  const start = (home: string, env: Record<string, string> = {}) => {
    const r = run(['--home', home], 100, 30, {
      env: ptyEnv({ SHELL: '/bin/sh', ...env }),
      ...how,
    });
    if (how.file) (r as { home: string | null }).home = home;
    running.push(r);
    return r;
  };

  it('reattaches to a new server it starts, which adopted the agents, and says so in one line', async () => {
    const home = dotHome();
    const r = start(home);
    await waitScreen(r, /Agents: 1/);
    r.pty.write('echo mark-$((40+2))\r');
    await waitScreen(r, /mark-42/);
    const before = ls(home)!;
    const agent = before.agents[0].pid;
    process.kill(before.pid, 'SIGKILL');
    const killed = Date.now();
    await waitScreen(r, /reattached: the server was killed or crashed; pid \d+ kept \d agents? running/);
    const took = Date.now() - killed;
    expect(screen(r.term)).toMatch(/kept 1 agent running/);
    expect(screen(r.term)).toMatch(/mark-42/);
    const after = ls(home)!;
    expect(after.pid).not.toBe(before.pid);
    expect(after.agents.map((a) => a.pid)).toEqual([agent]);
    // (The budget, <= 2 s, is measured in bench/keeper.mjs; a loaded test machine gets room.)
    expect(took).toBeLessThan(10000);
  }, 30000);

  it('a client that found its server running (started by another) reattaches too, each time it is lost', async () => {
    const home = dotHome();
    const first = start(home);
    await waitScreen(first, /Agents: 1/);
    const second = start(home); // connects to the running server: it started none
    await waitScreen(second, /Agents: 1/);
    for (let i = 0; i < 2; i++) {
      const pid = ls(home)!.pid;
      process.kill(pid, 'SIGKILL');
      await waitDead([pid]);
      let next = 0;
      await until(
        `server ${i + 2} with the agent adopted`,
        () => {
          const now = ls(home);
          next = now && now.pid !== pid && now.agents.length ? now.pid : 0;
          return next > 0;
        },
        20000,
      );
      // Both clients attached to it, by themselves.
      await until('both clients attached again', () => ls(home)?.attached?.length === 2, 20000);
      expect(ls(home)!.pid).toBe(next);
    }
    await waitScreen(second, /Agents: 1/);
  }, 60000);

  it('a server that crashes (an uncaught exception) lets the keepers keep the agents: the client says so, starts a new one and reattaches', async () => {
    const home = dotHome();
    const r = start(home, { NODE_OPTIONS: `--require ${FAIL}`, BOTSTER_TEST_FAIL: 'crash' });
    await waitScreen(r, /Agents: 1/);
    r.pty.write('echo mark-$((40+2))\r');
    await waitScreen(r, /mark-42/);
    const before = ls(home)!;
    const agent = before.agents[0].pid;
    process.kill(before.pid, 'SIGUSR2');
    await waitScreen(r, /reattached: the server crashed \(logs\/hub\.log\); pid \d+ kept/, 20000);
    expect(screen(r.term)).toMatch(/kept 1 agent running/);
    expect(screen(r.term)).toMatch(/mark-42/);
    // The crashed server is gone (it did not linger), the agent is the same process.
    expect(await waitDead([before.pid], 10000)).toEqual([]);
    const after = ls(home)!;
    expect(after.pid).not.toBe(before.pid);
    expect(after.agents.map((a) => a.pid)).toEqual([agent]);
    expect(isAlive(agent)).toBe(true);
    // What crashed it is in the log the line names.
    expect(fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8')).toContain(
      'a crash (test): an uncaught exception in the server',
    );
  }, 40000);

  it('stops trying after three losses within a minute, naming the log; the agents are still kept', async () => {
    const home = dotHome();
    const r = start(home);
    await waitScreen(r, /Agents: 1/);
    const agent = ls(home)!.agents[0].pid;
    for (let i = 0; i < 2; i++) {
      const pid = ls(home)!.pid;
      process.kill(pid, 'SIGKILL');
      await waitDead([pid]);
      // The next server, with the agent adopted.
      await until(
        `server ${i + 2} with the agent adopted`,
        () => {
          const now = ls(home);
          return Boolean(now && now.pid !== pid && now.agents.length);
        },
        20000,
      );
    }
    process.kill(ls(home)!.pid, 'SIGKILL');
    const exit = await r.exit;
    expect(exit.exitCode).toBe(1);
    expect(r.output().replace(/\s+/g, ' ')).toContain(
      `the hub server stopped 3 times within a minute; not starting it again. Its log: ${home}/logs/server.log`,
    );
    expect(isAlive(agent)).toBe(true);
  }, 60000);
});
