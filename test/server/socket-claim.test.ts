import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlServer } from '../../src/server/control-socket.js';

// Two hubs starting on one home at once (two clients reattaching after a crash) take turns to
// claim its socket: under a lock beside it, one clears the stale socket and binds, and the other
// then finds that one live. Without the lock, one could unlink the other's new live socket
// between its own check and unlink, leaving a server nobody can reach holding the agents it
// adopted (seen once in CI: it ran on, 40 minutes after its test).

const made: string[] = [];
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-claim-'));
  made.push(d);
  return d;
}

/** A socket file whose server was killed: it refuses connections. */
function staleSocket(sock: string): void {
  const script = `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
  expect(fs.lstatSync(sock).isSocket()).toBe(true);
}

function control(sock: string): ControlServer {
  const s = new ControlServer({ path: sock, handler: async () => ({ ok: true }) });
  open.push(s);
  return s;
}

const answers = (sock: string) =>
  new Promise<boolean>((resolve) => {
    const c = net.createConnection(sock);
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });

describe("claiming a home's socket", () => {
  it('waits while another hub claims it, then finds that one live and says a hub runs', async () => {
    const d = dir();
    const sock = path.join(d, 'hub.sock');
    staleSocket(sock);
    // Another hub is between its check of the stale socket and its bind.
    fs.mkdirSync(`${sock}.claim`);
    const mine = control(sock).listen();
    let settled = false;
    void mine.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false); // the stale socket is left to the one claiming it
    fs.unlinkSync(sock);
    const theirs = net.createServer();
    open.push(theirs);
    await new Promise<void>((r) => theirs.listen(sock, () => r()));
    fs.rmdirSync(`${sock}.claim`);
    await expect(mine).rejects.toMatchObject({ code: 'HUB_RUNNING' });
    expect(await answers(sock)).toBe(true);
  });

  it('two claiming at once on a stale socket: one listens, the other says a hub runs, and the socket file is the one listening', async () => {
    const d = dir();
    const sock = path.join(d, 'hub.sock');
    staleSocket(sock);
    const results = await Promise.allSettled([control(sock).listen(), control(sock).listen()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'HUB_RUNNING',
    });
    expect(await answers(sock)).toBe(true);
    expect(fs.existsSync(`${sock}.claim`)).toBe(false);
  });

  it('a lock left by a hub that died while claiming is taken over', async () => {
    const d = dir();
    const sock = path.join(d, 'hub.sock');
    staleSocket(sock);
    fs.mkdirSync(`${sock}.claim`);
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(`${sock}.claim`, old, old);
    await control(sock).listen();
    expect(await answers(sock)).toBe(true);
    expect(fs.existsSync(`${sock}.claim`)).toBe(false);
  });
});
