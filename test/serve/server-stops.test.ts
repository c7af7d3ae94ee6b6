import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';
import { tempHome } from '../support/hub.js';
import { BIN, killKeepers, killServer } from '../support/cli-pty.js';

// A hub server that must stop exits: a crash (an uncaught exception) whose stop hangs on a handle
// that never closes is gone by its deadline anyway, and SIGTERM stops a server and its agents.
// (Before: a server stopped "(an internal error)" by the web's cookie crash kept running for good,
// ~100 MB each, deaf to SIGTERM, until kill -9.)

// BOTSTER_TEST_FAIL=crash-stuck: a SIGUSR2 makes the server throw, and no socket server of its ever
// closes (test/support/fixtures/fail-server.cjs).
const FAIL = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../support/fixtures/fail-server.cjs',
);

const started: Array<{ home: string; child: ChildProcess }> = [];
afterEach(() => {
  for (const { home, child } of started.splice(0)) {
    killServer(home);
    if (child.pid && isAlive(child.pid)) child.kill('SIGKILL');
    killKeepers(home);
  }
});

/** A hub server on its own (no client), as `botster-tui server` runs it; resolves once it answers. */
async function server(
  env: Record<string, string> = {},
): Promise<{ home: string; pid: number; agentPid: () => number }> {
  const home = path.join(tempHome(), '.botster');
  const pidFile = path.join(home, '..', 'agent.pid');
  const e = { ...process.env, CI: 'true', ...env } as Record<string, string | undefined>;
  delete e.BOTSTER_SOCKET;
  const child = spawn(
    process.execPath,
    [BIN, 'server', '--home', home, '--agent', `sh -c 'echo $$ > ${pidFile}; exec cat'`],
    {
      env: e as NodeJS.ProcessEnv,
      stdio: 'ignore',
    },
  );
  started.push({ home, child });
  await until('the server logged its start', () => /server: pid \d+/.test(log(home)), 20000);
  await until(
    'its agent runs',
    () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '',
    20000,
  );
  return { home, pid: child.pid!, agentPid: () => Number(fs.readFileSync(pidFile, 'utf8')) };
}

const log = (home: string) => {
  const f = path.join(home, 'logs', 'hub.log');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
};

describe('a hub server that must stop exits', () => {
  it('a crash whose stop hangs on a handle that never closes: gone by the deadline, saying where it hung', async () => {
    const s = await server({ NODE_OPTIONS: `--require ${FAIL}`, BOTSTER_TEST_FAIL: 'crash-stuck' });
    process.kill(s.pid, 'SIGUSR2');
    expect(await waitDead([s.pid], 15000)).toEqual([]);
    const said = log(s.home);
    expect(said).toContain('server: stopping (an internal error; see the log)');
    expect(said).toMatch(/server: stopping took over 2000 ms \(at: [a-z ]+\); exiting now/);
    // A crash hands its agents to their keepers for the next server: still running.
    expect(isAlive(s.agentPid())).toBe(true);
  }, 40000);

  it('SIGTERM stops a server and its agents', async () => {
    const s = await server();
    const agent = s.agentPid();
    process.kill(s.pid, 'SIGTERM');
    expect(await waitDead([s.pid, agent], 15000)).toEqual([]);
    expect(log(s.home)).toContain('server: stopping (SIGTERM)');
    expect(log(s.home)).not.toContain('exiting now'); // it stopped by itself, not by its deadline
  }, 40000);
});
