import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach } from 'vitest';
import { ptyEnv, run, stoppedAfterEach, waitScreen, type Running } from '../cli-pty.js';
import { isAlive } from '../process-alive.js';
import { hubCli } from '../cli.js';

// A real hub server process (started by a real client in a PTY, as a user starts one) with the web
// on, and a session made the user's way: the address the hub shows at its terminal once its
// question is answered there (Ctrl+g o, Enter).
// After each test its client, its server and its keepers are stopped; a server that did not stop
// (one hung on its way out) is killed by its pid.

export interface RealWebHub {
  home: string;
  /** The hub server's pid when it started. */
  pid: number;
  port: number;
  base: string;
  /** The user's session ("botster_session_PORT=..."); '' when none was made. */
  cookie: string;
  client: Running;
}

export function cli(home: string, ...args: string[]) {
  return hubCli(home, args, { timeout: 20000 });
}

/** The pid of the server answering for `home` now, or null when none answers. */
export function serverPid(home: string): number | null {
  const r = cli(home, 'ls', '--json');
  if (r.status !== 0) return null;
  const ls = JSON.parse(r.stdout) as { running?: boolean; pid?: number };
  return ls.running === false ? null : (ls.pid ?? null);
}

/** The hub's log so far. */
export function hubLog(home: string): string {
  const file = path.join(home, 'logs', 'hub.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** GET on a fresh connection: status, headers and body. */
export function fetchPage(
  url: string,
  cookie = '',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

/** Call once at the top of a suite: starts hubs, and stops all they started after each test. */
export function realWebHubs() {
  const { running, dotHome } = stoppedAfterEach();
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  return async (opts: { login?: boolean } = {}): Promise<RealWebHub> => {
    const home = dotHome();
    const client = run(['--home', home, '--agent', `sh -c 'echo ready-$((6*7)); exec cat'`], 100, 30, {
      env: ptyEnv({ SHELL: '/bin/sh' }),
    });
    running.push(client);
    await waitScreen(client, /ready-42/, 20000);
    const pid = serverPid(home)!;
    pids.push(pid);
    const started = cli(home, 'web');
    if (started.status !== 0) throw new Error(`botster-tui web: ${started.stderr}`);
    // A question behind the badge: the user opens it (Ctrl+g o) and chooses "show it here".
    await waitScreen(client, /Ctrl\+g o answers it/, 20000);
    client.pty.write('\x07o');
    await waitScreen(client, /show it here/, 20000);
    client.pty.write('\r');
    const shown = await waitScreen(client, /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/, 20000);
    const login = /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/.exec(shown)![0];
    client.pty.write('q');
    const base = new URL(login).origin;
    const port = Number(new URL(login).port);
    let cookie = '';
    if (opts.login !== false) {
      const made = await fetchPage(login);
      cookie = String(made.headers['set-cookie']).split(';')[0];
    }
    return { home, pid, port, base, cookie, client };
  };
}
