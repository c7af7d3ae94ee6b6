import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, killKeepers, killServer } from '../support/cli-pty.js';
import { tempHome } from '../support/hub.js';
import { isAlive, waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';

// Adoption when things go wrong: a full disk while the hub's record is written, two servers
// starting at once on a home whose agents keepers hold; and a keeper killed alone under a running
// server.

const FAIL = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../support/fixtures/fail-server.cjs',
);
const servers: ChildProcess[] = [];
const homes: string[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
  for (const h of homes.splice(0)) {
    killServer(h);
    killKeepers(h);
  }
});

function env(extra: Record<string, string> = {}) {
  const e = { ...process.env, CI: 'true', ...extra } as Record<string, string>;
  delete e.BOTSTER_SOCKET;
  return e;
}
function cli(home: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, args[0], '--home', home, ...args.slice(1)], {
    encoding: 'utf8',
    env: env(),
    timeout: 30000,
  });
}
/** `botster-tui server` in the foreground; resolves its exit code. */
function server(home: string, extra: Record<string, string> = {}) {
  const s = spawn(process.execPath, [BIN, 'server', '--home', home, '--size', '100x30'], {
    env: env(extra),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  servers.push(s);
  let err = '';
  s.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((r) => s.on('exit', (code) => r(code)));
  return { s, exit, stderr: () => err };
}
interface Row {
  id: string;
  name: string;
  pid: number;
  state: string;
  reason: string | null;
}
const agentsOf = (home: string) => JSON.parse(cli(home, 'agents', '--json').stdout || '[]') as Row[];

async function hubWithWorker(home: string, extra: Record<string, string> = {}) {
  homes.push(home);
  const first = server(home, extra);
  await until('the server listens', () => cli(home, 'ls').status === 0, 20000);
  const made = cli(home, 'new', '--name', 'worker', '--', 'sleep 300');
  expect(made.status, made.stderr).toBe(0);
  const rows = await until('the worker runs', () => {
    const a = agentsOf(home).filter((r) => r.name === 'worker' && r.pid);
    return a.length ? a : null;
  });
  return { first, worker: rows[0] };
}

// Each case starts two servers and a dozen CLI processes: on a loaded 2-core runner that alone
// takes ~20 s, so the cases get a minute (a hang still fails them).
describe('adopting agents when things go wrong', { timeout: 60000 }, () => {
  it('a full disk while the hub writes its record loses nothing: the keeper holds the record', async () => {
    const home = path.join(tempHome(), '.botster');
    const { first, worker } = await hubWithWorker(home, {
      NODE_OPTIONS: `--require ${FAIL}`,
      BOTSTER_TEST_FAIL: 'enospc',
    });
    expect(fs.existsSync(path.join(home, 'session.json'))).toBe(false);
    first.s.kill('SIGKILL');
    await first.exit;
    expect(isAlive(worker.pid)).toBe(true);
    server(home);
    await until('adopted', () => agentsOf(home).some((r) => r.pid === worker.pid));
    // The first run's shell and the worker, each once, under their numbers and names.
    const after = agentsOf(home);
    expect(after).toHaveLength(2);
    expect(after.filter((r) => r.name === 'worker').map(({ id, name, pid }) => ({ id, name, pid }))).toEqual([
      { id: worker.id, name: 'worker', pid: worker.pid },
    ]);
  });

  it('two servers starting at once: one adopts every agent, the other says a hub runs; none is lost', async () => {
    const home = path.join(tempHome(), '.botster');
    const { first, worker } = await hubWithWorker(home);
    first.s.kill('SIGKILL');
    await first.exit;
    const a = server(home);
    const b = server(home);
    const codes = await Promise.race([
      Promise.any([a.exit.then((c) => [c, b]), b.exit.then((c) => [c, a])] as const),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('neither server stopped')), 40000)),
    ]);
    expect(codes[0]).toBe(4); // a server already runs for the home
    await until('adopted', () => agentsOf(home).some((r) => r.pid === worker.pid));
    expect(agentsOf(home).filter((r) => r.pid === worker.pid)).toHaveLength(1);
    // Stopped on purpose, the agent goes with it.
    expect(killServer(home).status).toBe(0);
    expect(await waitDead([worker.pid])).toEqual([]);
  });
});

/** The parent of a process (the keeper of an agent): field 4 of /proc/PID/stat, after the name. */
function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

describe('a keeper killed alone under the real server', { timeout: 60000 }, () => {
  it('its agent is hung up and shown exited with the reason; the other agents carry on', async () => {
    const home = path.join(tempHome(), '.botster');
    await hubWithWorker(home);
    const made = cli(home, 'new', '--name', 'other', '--', 'sleep 300');
    expect(made.status, made.stderr).toBe(0);
    const rows = await until('both run', () => {
      const a = agentsOf(home).filter((r) => r.pid && (r.name === 'worker' || r.name === 'other'));
      return a.length === 2 ? a : null;
    });
    const worker = rows.find((r) => r.name === 'worker')!;
    const other = rows.find((r) => r.name === 'other')!;
    const keeper = parentOf(worker.pid);
    expect(fs.readFileSync(`/proc/${keeper}/cmdline`, 'utf8')).toContain('botster-keeper');
    process.kill(keeper, 'SIGKILL');
    const gone = await until('the worker is shown exited', () =>
      agentsOf(home).find((r) => r.name === 'worker' && r.state === 'exited'),
    );
    expect(gone.reason).toMatch(/^its keeper went away \(.*\): the agent was hung up$/);
    expect(await waitDead([worker.pid], 10000)).toEqual([]);
    // The others run on, under their own keepers, in the same server.
    const now = agentsOf(home);
    expect(now.find((r) => r.name === 'other')).toMatchObject({ pid: other.pid, reason: null });
    expect(now.find((r) => r.name === 'other')!.state).not.toBe('exited');
    expect(isAlive(other.pid)).toBe(true);
    expect(parentOf(other.pid)).not.toBe(keeper);
    // And keep working: a new agent starts beside them.
    expect(cli(home, 'new', '--name', 'third', '--', 'sleep 300').status).toBe(0);
    await until('the third runs', () => agentsOf(home).some((r) => r.name === 'third' && r.pid));
  });
});

describe('the ring a keeper holds', { timeout: 60000 }, () => {
  it('is settings.keeper_ring_kb: the keepers get it as --ring, from the agents the hub starts with on', async () => {
    const home = path.join(tempHome(), '.botster');
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(path.join(home, 'user', 'settings.lua'), 'settings.keeper_ring_kb = 96\n');
    const { worker } = await hubWithWorker(home);
    // The first run's shell (started with the hub, as --agent ones are) and one started later.
    const first = agentsOf(home).find((r) => r.id === '1' && r.pid)!;
    for (const agent of [first, worker]) {
      const args = fs.readFileSync(`/proc/${parentOf(agent.pid)}/cmdline`, 'utf8').split('\0');
      expect(args[0]).toMatch(/botster-keeper$/);
      expect(args[args.indexOf('--ring') + 1]).toBe(String(96 * 1024));
    }
  });
});
