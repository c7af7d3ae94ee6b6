import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnPty, type PtyProcess } from '../../src/pty/pty-process.js';
import { isAlive, waitDead } from '../support/process-alive.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/botster-tui.js');

/** Where each open descriptor of `pid` points (fd number -> link target). */
function fdTargets(pid: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      out.set(Number(fd), fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed while we looked
    }
  }
  return out;
}

function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(name));
    } catch {
      // gone
    }
  }
  return kids;
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

let hubs: PtyProcess[] = [];
const agentPids: number[] = [];
const servers: number[] = [];
afterEach(() => {
  for (const h of hubs) {
    h.kill('SIGKILL');
    h.dispose();
  }
  hubs = [];
  for (const pid of servers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const pid of agentPids.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* the group is gone */
    }
  }
  for (const pid of keeperPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** The hub server a client started for `home` (the agents are its children). */
function serverOf(home: string): number | null {
  const env = { ...process.env } as Record<string, string>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, 'ls', '--json', '--home', home], { encoding: 'utf8', env });
  return r.status === 0 ? (JSON.parse(r.stdout) as { pid: number }).pid : null;
}

/** The agents' parents: the server itself without keepers, else each agent's keeper (of this home). */
function parentsOf(server: number, home: string): number[] {
  const keepers = fs
    .readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((p) => /botster-keeper/.test(cmdline(p)) && cmdline(p).includes(home));
  keeperPids.push(...keepers.filter((k) => !keeperPids.includes(k)));
  return [server, ...keepers];
}
const keeperPids: number[] = [];

async function hubWithSleepers(
  n: number,
  lastIgnoresHup = false,
  extraEnv: Record<string, string> = {},
): Promise<{ server: number; agents: number[] }> {
  // The home lives under a dot-folder, as ~/.botster does.
  const home = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster iso-')), '.botster');
  const args = [BIN, '--home', home];
  for (let i = 0; i < n; i++) {
    const ignore = lastIgnoresHup && i === n - 1 ? "trap '' HUP; " : '';
    args.push('--agent', `${ignore}sleep 300 # agent ${i + 1}`);
  }
  const env = { ...process.env, TERM: 'xterm-256color', ...extraEnv } as Record<string, string>;
  delete env.CI;
  const hub = spawnPty({ file: process.execPath, args, cwd: os.tmpdir(), env, cols: 120, rows: 40 });
  hub.onData(() => {});
  hubs.push(hub);
  const end = Date.now() + 10000;
  let server: number | null = null;
  for (;;) {
    server ??= serverOf(home);
    if (server === null) {
      if (Date.now() > end) throw new Error('no hub server started');
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (!servers.includes(server)) servers.push(server);
    // Each agent runs `sh -c "sleep 300 # agent N"`: the shell may exec sleep or wait on it.
    const agents = parentsOf(server, home)
      .flatMap(childrenOf)
      .filter((p) => /sleep 300/.test(cmdline(p)));
    if (agents.length === n) {
      agentPids.push(...agents);
      return { server, agents: agents.sort((a, b) => a - b) };
    }
    if (Date.now() > end) throw new Error(`expected ${n} agents under the hub, found ${agents.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('agents are isolated from each other', () => {
  it.each([
    ['held by keepers', {}],
    ['children of the server (no keepers)', { BOTSTER_KEEPER: 'off' }],
  ])('the third agent holds only its own terminal: no PTY master of any agent (%s)', async (_, extra) => {
    const { agents } = await hubWithSleepers(3, false, extra);
    const ttys = agents.map(
      (pid) => new Set([...fdTargets(pid).values()].filter((t) => t.startsWith('/dev/pts/'))),
    );
    for (const [i, pid] of agents.entries()) {
      const targets = [...fdTargets(pid).values()];
      expect(
        targets.filter((t) => t === '/dev/ptmx' || t.startsWith('/dev/pts/ptmx')),
        `agent ${i + 1} (pid ${pid}) holds a PTY master: ${targets.join(', ')}`,
      ).toEqual([]);
      expect(ttys[i].size, `agent ${i + 1} has exactly one terminal`).toBe(1);
    }
    // ...and none of them is another agent's slave.
    const all = ttys.map((s) => [...s][0]);
    expect(new Set(all).size).toBe(3);
  });

  it('without keepers, after kill -9 of the hub server every agent is hung up and ends within 3 s, even beside one that ignores SIGHUP', async () => {
    // With leaked masters, the last agent (which ignores SIGHUP and lives on) kept the first two's
    // terminals open, so they were never hung up. (With keepers they live on: test/keeper/.)
    const { server, agents } = await hubWithSleepers(3, true, { BOTSTER_KEEPER: 'off' });
    process.kill(server, 'SIGKILL');
    expect(await waitDead(agents.slice(0, 2), 3000)).toEqual([]);
    expect(isAlive(agents[2])).toBe(true);
  });
});
