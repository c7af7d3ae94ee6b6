import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const tempHome = () => fs.mkdtempSync(path.join(os.tmpdir(), 'botster-bench-'));
/** A bench prints one JSON line of rows: { name, value, unit, budget, ok, note }. */
export function report(rows) {
  process.stdout.write(JSON.stringify(rows) + '\n');
}

export const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** All descendants of pid, from /proc (agents live in their own sessions, not the hub's group). */
export function descendants(pid) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // gone already
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

const cmdline = (pid) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
};

/**
 * The hub server a `botster-tui` client started (it holds the agents, their terminals and the
 * drawing: what memory and CPU figures are about). It stays the client's child until the client exits.
 */
export async function serverOf(clientPid, ms = 10000) {
  const end = performance.now() + ms;
  for (;;) {
    const pid = descendants(clientPid).find((p) => cmdline(p).startsWith('botster-tui server'));
    if (pid) return pid;
    if (performance.now() > end) throw new Error(`no hub server under pid ${clientPid}`);
    await sleep(20);
  }
}

/** Stops a hub server as kill-server does (SIGTERM: agents hung up, session saved) and waits. */
export async function stopServer(pid, ms = 5000) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const end = performance.now() + ms;
  while (alive(pid) && performance.now() < end) await sleep(20);
  if (alive(pid))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
}

/** The hub server of a home, asked on its socket (a server the launcher started is nobody's child). */
export async function serverPid(home, ms = 2000) {
  const net = await import('node:net');
  const end = performance.now() + ms;
  for (;;) {
    const pid = await new Promise((resolve) => {
      const s = net.createConnection(path.join(home, 'hub.sock'), () => s.write('{"op":"ls"}\n'));
      let got = '';
      s.on('data', (d) => {
        got += d;
        if (got.includes('\n')) {
          s.destroy();
          resolve(JSON.parse(got.slice(0, got.indexOf('\n'))).pid ?? null);
        }
      });
      s.on('error', () => resolve(null));
    });
    if (pid) return pid;
    if (performance.now() > end) throw new Error(`no hub server answers for ${home}`);
    await sleep(20);
  }
}

/**
 * A hub server (one agent: `cat`, or the command given) in a fresh HOME of its own, beside a real tmux server with a
 * session "bench" running cat: what the agent-side and team benches time side by side. start()
 * waits for the hub; stop() ends both and removes the folder.
 */
export function hubBesideTmux(bin, agent = 'cat') {
  const root = tempHome();
  const home = path.join(root, '.botster');
  const tmuxSock = path.join(root, 'tmux.sock');
  const env = { ...process.env, CI: 'true', HOME: root, BOTSTER_HOME: home };
  delete env.BOTSTER_SOCKET;
  delete env.TMUX;
  let server = null;
  let pid = null;
  return {
    root,
    home,
    tmuxSock,
    env,
    async start() {
      server = spawn(process.execPath, [bin, 'server', '--home', home, '--agent', agent], {
        env,
        stdio: 'ignore',
        detached: true,
      });
      pid = await serverPid(home, 15000);
      execFileSync('tmux', ['-S', tmuxSock, '-f', '/dev/null', 'new-session', '-d', '-s', 'bench', 'cat'], {
        env,
      });
    },
    async stop() {
      spawnSync('tmux', ['-S', tmuxSock, 'kill-server'], { env });
      if (pid) await stopServer(pid);
      try {
        if (server) process.kill(-server.pid, 'SIGKILL');
      } catch {}
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
