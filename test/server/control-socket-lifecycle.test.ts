import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlServer } from '../../src/server/control-socket.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { MAX_SOCKET_PATH_BYTES } from '../../src/wire/socket-path.js';
import { cleanupKit, makeStaleSocket } from '../support/socket-helpers.js';

// listen() and close(): permissions, stale and live sockets, and whose file gets removed.

const { cleanups, runCleanups, home } = cleanupKit();
afterEach(runCleanups);

function server(p: string, name = 'a'): ControlServer {
  const s = new ControlServer({ path: p, handler: (req) => ({ from: name, op: req.op }) });
  cleanups.push(() => s.close());
  return s;
}

describe('ControlServer lifecycle', () => {
  it('creates the socket with mode 0600, creating missing parent directories', async () => {
    const p = path.join(home(), 'deep', 'er', 'hub.sock');
    const s = server(p);
    await s.listen();
    const st = fs.statSync(p);
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(p)).mode & 0o077).toBe(0); // a directory we create is private too
    expect(await controlRequest(p, { op: 'hi' })).toEqual({ ok: true, from: 'a', op: 'hi', v: 1 });
  });

  it('leaves the process umask as it was', async () => {
    const before = process.umask();
    await server(path.join(home(), 'hub.sock')).listen();
    expect(process.umask()).toBe(before);
  });

  it('replaces a stale socket left by a dead hub', async () => {
    const p = path.join(home(), 'hub.sock');
    await makeStaleSocket(p);
    await expect(controlRequest(p, { op: 'x' })).rejects.toThrow(/no hub is listening/);
    const logs: string[] = [];
    const s = new ControlServer({ path: p, handler: () => ({ fresh: true }), log: (m) => logs.push(m) });
    cleanups.push(() => s.close());
    await s.listen();
    expect(await controlRequest(p, { op: 'x' })).toEqual({ ok: true, fresh: true, v: 1 });
    expect(fs.statSync(p).mode & 0o777).toBe(0o600);
    expect(logs.some((l) => /stale/.test(l))).toBe(true);
  });

  it('does not steal a live socket: the second listen rejects and the first hub keeps answering', async () => {
    const p = path.join(home(), 'hub.sock');
    const first = server(p, 'first');
    await first.listen();
    const ino = fs.statSync(p).ino;
    const second = server(p, 'second');
    await expect(second.listen()).rejects.toThrow(`another hub is running on ${p}`);
    await second.close(); // must not remove the first hub's file
    expect(fs.statSync(p).ino).toBe(ino);
    expect(await controlRequest(p, { op: 'who' })).toEqual({ ok: true, from: 'first', op: 'who', v: 1 });
  });

  it("does not steal a rival's socket between its bind and its listen (the claim race of two cold starts)", async () => {
    const p = path.join(home(), 'hub.sock');
    // A rival that bound the path but listens only 30 ms later (preempted between the syscalls).
    const script = [
      'import socket, sys, time',
      's = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
      's.bind(sys.argv[1])',
      'time.sleep(0.03)',
      's.listen(8)',
      'print("listening", flush=True)',
      'time.sleep(3)',
    ].join('\n');
    const rival = spawn('python3', ['-c', script, p], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void rival.kill());
    const heard = new Promise<void>((resolve) => rival.stdout.once('data', () => resolve()));
    while (!fs.existsSync(p)) await new Promise((r) => setTimeout(r, 1));
    const ino = fs.statSync(p).ino;
    await expect(server(p).listen()).rejects.toThrow(`another hub is running on ${p}`);
    await heard;
    expect(fs.statSync(p).ino).toBe(ino); // the rival's file is still there
  });

  it('refuses to replace something that is not a socket', async () => {
    const p = path.join(home(), 'hub.sock');
    fs.writeFileSync(p, 'precious');
    await expect(server(p).listen()).rejects.toThrow(/exists and is not a socket/);
    expect(fs.readFileSync(p, 'utf8')).toBe('precious');
  });

  it('close() removes the socket file, is idempotent, and then no hub is listening', async () => {
    const p = path.join(home(), 'hub.sock');
    const s = server(p);
    await s.listen();
    await s.close();
    expect(fs.existsSync(p)).toBe(false);
    await s.close();
    await s.dispose();
    await expect(controlRequest(p, { op: 'x' })).rejects.toThrow(`no hub is listening on ${p}`);
    await expect(s.listen()).rejects.toThrow(/after close/);
  });

  it('close() does not remove a socket that is no longer ours', async () => {
    const p = path.join(home(), 'hub.sock');
    const old = server(p, 'old');
    await old.listen();
    fs.unlinkSync(p); // someone removed our file and a new hub took the path
    const fresh = server(p, 'new');
    await fresh.listen();
    await old.close();
    expect(fs.lstatSync(p).isSocket()).toBe(true);
    expect(await controlRequest(p, { op: 'who' })).toEqual({ ok: true, from: 'new', op: 'who', v: 1 });
    // nothing left aside; what boxes reach is the new hub's socket
    expect(fs.readdirSync(path.dirname(p))).toEqual(['box-socket', 'hub.sock']);
    const link = fs.statSync(path.join(path.dirname(p), 'box-socket', 'hub.sock'));
    expect(link.ino).toBe(fs.statSync(p).ino);
    await fresh.close();
    expect(fs.readdirSync(path.dirname(p))).toEqual(['box-socket']);
    expect(fs.readdirSync(path.join(path.dirname(p), 'box-socket'))).toEqual([]);
  });

  it('close() before listen() is harmless', async () => {
    const p = path.join(home(), 'hub.sock');
    await server(p).close();
    expect(fs.existsSync(p)).toBe(false);
  });

  it('refuses a path too long for a unix socket, creating nothing', async () => {
    const h = home();
    const p = path.join(h, 'd'.repeat(60), 's'.repeat(MAX_SOCKET_PATH_BYTES));
    await expect(server(p).listen()).rejects.toThrow(/socket path is too long .* at most 107 bytes/);
    expect(fs.readdirSync(h)).toEqual([]);
  });

  it('accepts a path of exactly the longest length', async () => {
    const h = home();
    const p = path.join(h, 's'.repeat(MAX_SOCKET_PATH_BYTES - Buffer.byteLength(h) - 1));
    expect(Buffer.byteLength(p)).toBe(MAX_SOCKET_PATH_BYTES);
    await server(p).listen();
    // not silently truncated (and no link for boxes: its path would be too long)
    expect(fs.readdirSync(h)).toEqual([path.basename(p)]);
    expect(await controlRequest(p, { op: 'x' })).toMatchObject({ ok: true });
  });
});
