import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { tempHome } from '../support/hub.js';
import { isAlive, waitDead } from '../support/process-alive.js';
import { ask } from '../../src/cli/server-commands.js';
import { resolveSocketPath } from '../../src/wire/socket-path.js';
import { KEEPER_MAJOR, KEEPER_MINOR } from '../../src/wire/keeper-protocol.js';
import { until } from '../support/wait.js';

// `botster-tui upgrade` between two builds, with a client attached: the build installed second (the
// same code under another version string) takes over; the agents carry on (same pids, every line
// of a counter in the scrollback), the attached client reattaches by itself and says so. A build
// whose keeper protocol has another major is refused with nothing stopped.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { running, dotHome } = stoppedAfterEach();

/** Another build of this checkout: its own package.json version, and (keeperMajor) its own keeper protocol. */
function otherBuild(version: string, keeperMajor?: number): string {
  const pkg = path.join(tempHome(), 'pkg');
  fs.mkdirSync(path.join(pkg, 'bin'), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ ...manifest, version }));
  for (const f of ['botster-tui.js', 'package.json'])
    fs.copyFileSync(path.join(ROOT, 'bin', f), path.join(pkg, 'bin', f));
  fs.cpSync(path.join(ROOT, 'dist/bundle'), path.join(pkg, 'dist/bundle'), { recursive: true });
  for (const d of ['lua', 'keybindings', 'node_modules', 'corpus'])
    if (fs.existsSync(path.join(ROOT, d))) fs.symlinkSync(path.join(ROOT, d), path.join(pkg, d));
  fs.symlinkSync(path.join(ROOT, 'dist/native'), path.join(pkg, 'dist/native'));
  if (keeperMajor !== undefined) {
    const dir = path.join(pkg, 'dist/bundle');
    const chunk = fs
      .readdirSync(dir)
      .map((f) => path.join(dir, f))
      .find((f) => f.endsWith('.mjs') && fs.readFileSync(f, 'utf8').includes('k-00000000000000-0000.sock'))!;
    const text = fs.readFileSync(chunk, 'utf8');
    const patched = text.replace(
      /var (\w+)=1,(\w+)=\d+,(\w+)=Object\.freeze\(\{HELLO:1/,
      `var $1=${keeperMajor},$2=0,$3=Object.freeze({HELLO:1`,
    );
    expect(patched, 'the keeper protocol constants in the bundle').not.toBe(text);
    fs.writeFileSync(chunk, patched);
  }
  return path.join(pkg, 'bin/botster-tui.js');
}

function cli(bin: string, home: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args, '--home', home], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', BOTSTER_SOCKET: undefined },
    timeout: 60000,
  });
}
interface Ls {
  pid: number;
  version: string;
  keeper: string;
  agents: Array<{ pid: number; name: string; id: string }>;
}
const ls = (home: string) => JSON.parse(cli(BIN, home, 'ls', '--json').stdout) as Ls;

describe('botster-tui upgrade', () => {
  it('the second build takes over with a client attached: same agents, every line, the client reattached', async () => {
    const home = dotHome();
    const counter = `sh -c 'i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo n$i; sleep 0.01; done; echo counted; exec sleep 600'`;
    const client = run(['--home', home, '--agent', 'sh', '--agent', counter], 100, 30, {
      env: ptyEnv({ SHELL: '/bin/sh' }),
    });
    running.push(client);
    await waitScreen(client, /Agents: 2/);
    client.pty.write('echo before-upgrade\r');
    await waitScreen(client, /before-upgrade/);
    const before = ls(home);
    expect(before.keeper).toBe(`${KEEPER_MAJOR}.${KEEPER_MINOR}`);
    const next = otherBuild('0.1.1-next');
    const up = cli(next, home, 'upgrade');
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    expect(up.stdout).toMatch(
      new RegExp(
        `upgraded the hub server of .*: botster-tui ${before.version} \\(pid ${before.pid}\\) -> botster-tui 0\\.1\\.1-next \\(pid \\d+\\); 2 agents of 2 carried on as they ran`,
      ),
    );
    const after = ls(home);
    expect(after.version).toBe('0.1.1-next');
    expect(after.agents.map(({ id, name, pid }) => ({ id, name, pid }))).toEqual(
      before.agents.map(({ id, name, pid }) => ({ id, name, pid })),
    );
    await waitScreen(client, /reattached after an upgrade; pid \d+ kept 2 agents running/, 15000);
    expect(screen(client.term)).toMatch(/before-upgrade/);
    await until('counted', () => cli(BIN, home, 'read', '2').stdout.includes('counted'), 20000);
    const text = cli(BIN, home, 'read', '2', '--scrollback').stdout;
    const want = Array.from({ length: 300 }, (_, i) => `n${i + 1}`);
    const missing = want.filter((w) => !text.split('\n').some((l) => l.trim() === w));
    if (missing.length)
      fs.writeFileSync('/tmp/keeper-upgrade-failure.txt', `${missing.join(' ')}\n----\n${text}`);
    const lines = text
      .split('\n')
      .filter((l) => /^n\d+$/.test(l.trim()))
      .map((l) => Number(l.trim().slice(1)));
    expect(lines).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  }, 90000);

  it('a build of another keeper protocol major is refused, and nothing is stopped', async () => {
    const home = dotHome();
    const client = run(['--home', home, '--agent', 'sleep 600'], 100, 30, { env: ptyEnv() });
    running.push(client);
    await waitScreen(client, /Agents: 1/);
    const before = ls(home);
    const other = otherBuild('2.0.0', 2);
    const up = cli(other, home, 'upgrade');
    expect(up.status).toBe(1);
    expect(up.stderr.replace(/\s+/g, ' ')).toContain(
      `botster-tui: not upgrading: the running hub server, botster-tui ${before.version} (pid ${before.pid}), keeps its agents with keeper protocol ${KEEPER_MAJOR}.${KEEPER_MINOR}, and this version (2.0.0) speaks 2.0: it could not adopt them. Nothing was stopped.`,
    );
    const after = ls(home);
    expect(after.pid).toBe(before.pid);
    expect(after.agents.map((a) => a.pid)).toEqual(before.agents.map((a) => a.pid));
    for (const a of after.agents) expect(isAlive(a.pid)).toBe(true);
    expect(screen(client.term)).toMatch(/Agents: 1/);
  }, 60000);
  it("a client handed over waits for the new version's server, however late it comes, and starts none of its own", async () => {
    const home = dotHome();
    const client = run(['--home', home, '--agent', 'sleep 600'], 100, 30, { env: ptyEnv() });
    running.push(client);
    await waitScreen(client, /Agents: 1/);
    const before = ls(home);
    const next = otherBuild('0.1.1-late');
    // What `upgrade` does, with its new server a second and a half late (a loaded machine).
    const socket = resolveSocketPath({ ...process.env, BOTSTER_SOCKET: undefined }, home);
    expect(await ask(socket, home, { op: 'handover', version: '0.1.1-late' })).toBeTruthy();
    expect(await waitDead([before.pid], 10000)).toEqual([]);
    // A server that claims the home removes the stale socket before it binds its own: a client must
    // not take that gap for "no server".
    fs.rmSync(socket, { force: true });
    await new Promise((r) => setTimeout(r, 1500));
    const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
    delete env.BOTSTER_SOCKET;
    spawn(process.execPath, [next, 'server', '--home', home], {
      detached: true,
      stdio: 'ignore',
      env,
    }).unref();
    await waitScreen(client, /reattached after an upgrade; pid \d+ kept 1 agent running/, 20000);
    const after = ls(home);
    expect(after.version).toBe('0.1.1-late');
    expect(after.agents.map((a) => a.pid)).toEqual(before.agents.map((a) => a.pid));
  }, 60000);
});
