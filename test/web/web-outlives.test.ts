import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';
import { hubCli } from '../support/cli.js';

// The web outlives its server as the agents do: after `kill -9` of the server (or an upgrade) the
// new server listens again on the same port with the same sessions, so an open page's cookie goes
// on working; a revoked session stays revoked, and kill-server ends the web for good.

const { running, dotHome } = stoppedAfterEach();

function cli(home: string, ...args: string[]) {
  return hubCli(home, args, { timeout: 20000 });
}
const serverPid = (home: string): number | null => {
  const r = cli(home, 'ls', '--json');
  return r.status === 0 ? (JSON.parse(r.stdout) as { pid: number }).pid : null;
};

/** GET on loopback: status, headers and body (no redirect followed). */
function get(
  url: string,
  cookie?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a kept-alive one may be to the server just killed.
    const req = http.get(url, { agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}
const reachable = (url: string, cookie: string) => get(url, cookie).catch(() => null);

describe('the web when its server is killed', () => {
  it('listens again on its port with its sessions; a revoked one stays revoked; kill-server ends it', async () => {
    const home = dotHome();
    const r = run(['--home', home, '--agent', `sh -c 'echo ready-$((6*7)); exec cat'`], 100, 30, {
      env: ptyEnv({ SHELL: '/bin/sh' }),
    });
    running.push(r);
    await waitScreen(r, /ready-42/, 20000);
    expect(cli(home, 'web').status).toBe(0);
    // Its question, opened and answered as a user does (Ctrl+g o, Enter: show it here).
    await waitScreen(r, /Ctrl\+g o answers it/, 20000);
    r.pty.write('\x07o');
    await waitScreen(r, /show it here/, 20000);
    r.pty.write('\r');
    const shown = await waitScreen(r, /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/, 20000);
    const login = /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/.exec(shown)![0];
    r.pty.write('q');
    const base = new URL(login).origin;
    const made = await get(login);
    const cookie = String(made.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/=.{20,}/);
    expect((await get(base + '/', cookie)).status).toBe(200);
    // What is kept for the next server: the user's alone, and no cookie a reader could send.
    const file = path.join(home, 'web.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(cookie.split('=')[1]);

    const first = serverPid(home)!;
    process.kill(first, 'SIGKILL');
    await waitScreen(r, /reattached: the server was killed or crashed/, 20000);
    const board = await until(
      'the same cookie opens the board on the same port',
      async () => {
        const res = await reachable(base + '/', cookie);
        return res?.status === 200 ? res : null;
      },
      20000,
    );
    expect(board.body).toContain('id="agent_1"');
    expect(serverPid(home)).not.toBe(first);
    // A session ended is ended for the next server too.
    expect(cli(home, 'web', 'revoke', 'all').status).toBe(0);
    process.kill(serverPid(home)!, 'SIGKILL');
    const sessions = await until(
      'the third server lists the web',
      () => {
        const s = cli(home, 'web', 'sessions', '--json');
        return s.status === 0 && /"listening":\s*"http/.test(s.stdout) ? s.stdout : null;
      },
      20000,
    );
    expect(JSON.parse(sessions).sessions).toEqual([]);
    expect((await get(base + '/', cookie)).status).not.toBe(200);
    // Stopped on purpose: nothing of the web is kept.
    expect(cli(home, 'kill-server').status).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
  }, 90000);
});
