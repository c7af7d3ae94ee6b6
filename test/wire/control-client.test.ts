import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlClientError, controlRequest, resolveSocketPath } from '../../src/wire/control-client.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { cleanupKit, deferred, makeStaleSocket } from '../support/socket-helpers.js';

const { cleanups, runCleanups, home } = cleanupKit();
afterEach(runCleanups);

/** A plain server speaking whatever the test wants, to see how the client copes. */
async function fakeHub(p: string, onLine: (sock: net.Socket, data: string) => void): Promise<void> {
  const srv = net.createServer((sock) => {
    sock.on('error', () => {});
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => onLine(sock, d));
  });
  await new Promise<void>((r) => srv.listen(p, r));
  cleanups.push(() => new Promise<void>((r) => srv.close(() => r())));
}

async function rejection(p: Promise<unknown>): Promise<ControlClientError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ControlClientError);
    return err as ControlClientError;
  }
  throw new Error('expected a rejection');
}

describe('resolveSocketPath', () => {
  it('uses BOTSTER_SOCKET, else hub.sock in the home', () => {
    expect(resolveSocketPath({ BOTSTER_SOCKET: '/run/x.sock' }, '/h')).toBe('/run/x.sock');
    expect(resolveSocketPath({}, '/home/u/.botster')).toBe('/home/u/.botster/hub.sock');
    expect(resolveSocketPath({ BOTSTER_SOCKET: '' }, '/h')).toBe('/h/hub.sock');
    expect(resolveSocketPath({ BOTSTER_SOCKET: 'rel.sock' }, '/h')).toBe(path.resolve('rel.sock'));
  });
});

describe('controlRequest', () => {
  it('says no hub is listening when there is no socket file', async () => {
    const p = path.join(home(), 'hub.sock');
    const err = await rejection(controlRequest(p, { op: 'x' }));
    expect(err.code).toBe('NO_HUB');
    expect(err.message).toBe(`no hub is listening on ${p}`);
  });

  it('says no hub is listening on a stale socket', async () => {
    const p = path.join(home(), 'hub.sock');
    await makeStaleSocket(p);
    const err = await rejection(controlRequest(p, { op: 'x' }));
    expect(err.code).toBe('NO_HUB');
  });

  it('times out when the hub does not answer', async () => {
    const p = path.join(home(), 'hub.sock');
    const gate = deferred();
    const s = new ControlServer({ path: p, handler: () => gate.promise });
    cleanups.push(() => s.close());
    cleanups.push(() => gate.resolve());
    await s.listen();
    const err = await rejection(controlRequest(p, { op: 'hang' }, { timeoutMs: 200 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/timed out after 200 ms/);
  });

  it('resolves ok:false replies rather than rejecting', async () => {
    const p = path.join(home(), 'hub.sock');
    const s = new ControlServer({
      path: p,
      handler: () => {
        throw new Error('refused');
      },
    });
    cleanups.push(() => s.close());
    await s.listen();
    expect(await controlRequest(p, { id: 1, op: 'x' })).toEqual({ id: 1, ok: false, error: 'refused', v: 1 });
  });

  it('refuses a reply over its size limit before it is all buffered (64 MiB by default)', async () => {
    const p = path.join(home(), 'hub.sock');
    await fakeHub(p, (sock) => sock.write('{"ok":true,"frame":"' + 'x'.repeat(4096)));
    const err = await rejection(controlRequest(p, { op: 'snapshot' }, { maxReplyBytes: 1024 }));
    expect(err.code).toBe('BAD_REPLY');
    expect(err.message).toMatch(/sent a reply over 1024 bytes/);
  });

  it('reports a hub that hangs up without replying', async () => {
    const p = path.join(home(), 'hub.sock');
    await fakeHub(p, (sock) => sock.end());
    const err = await rejection(controlRequest(p, { op: 'x' }));
    expect(err.code).toBe('CLOSED');
  });

  it('reports a reply that is not JSON or not an object', async () => {
    const p1 = path.join(home(), 'a.sock');
    await fakeHub(p1, (sock) => sock.write('hello there\n'));
    expect((await rejection(controlRequest(p1, { op: 'x' }))).code).toBe('BAD_REPLY');
    const p2 = path.join(home(), 'b.sock');
    await fakeHub(p2, (sock) => sock.write('[1]\n'));
    expect((await rejection(controlRequest(p2, { op: 'x' }))).code).toBe('BAD_REPLY');
  });

  it('takes only the first reply line and sends exactly one request line', async () => {
    const p = path.join(home(), 'hub.sock');
    const seen: string[] = [];
    await fakeHub(p, (sock, d) => {
      seen.push(d);
      sock.write('{"ok":true,"n":1}\n{"ok":true,"n":2}\n');
    });
    expect(await controlRequest(p, { op: 'x', s: 'a\nb' })).toEqual({ ok: true, n: 1 });
    expect(seen.join('')).toBe('{"v":1,"op":"x","s":"a\\nb"}\n'); // every request names its protocol version
  });

  it('refuses a socket path too long to be addressed', async () => {
    const err = await rejection(controlRequest('/tmp/' + 'x'.repeat(200), { op: 'x' }));
    expect(err.code).toBe('BAD_PATH');
    expect(err.message).toMatch(/too long/);
  });
});
