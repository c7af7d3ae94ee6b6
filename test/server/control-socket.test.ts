import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlServer, type ControlHandler } from '../../src/server/control-socket.js';
import { CONTROL_PROTOCOL, ControlError } from '../../src/wire/control-request.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { RawClient, deferred, tempHome } from '../support/socket-helpers.js';

// The protocol: one reply line per request line, whatever the client sends.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(
  handler: ControlHandler,
  extra: { maxRequestBytes?: number; log?: (m: string) => void } = {},
): Promise<ControlServer> {
  const home = tempHome();
  const server = new ControlServer({ path: path.join(home, 'hub.sock'), handler, ...extra });
  await server.listen();
  cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
  cleanups.push(() => server.close());
  return server;
}

function raw(server: ControlServer): RawClient {
  const c = new RawClient(server.path);
  cleanups.push(() => c.destroy());
  return c;
}

const echo: ControlHandler = (req) => ({ echoed: req });

describe('ControlServer protocol', () => {
  it('answers a request with its body spread into the reply and the id echoed', async () => {
    const server = await start((req) => ({ op: req.op, n: (req.n as number) * 2 }));
    expect(await controlRequest(server.path, { id: 7, op: 'double', n: 21 })).toEqual({
      id: 7,
      ok: true,
      op: 'double',
      n: 42,
      v: 1,
    });
    expect(await controlRequest(server.path, { id: 'abc', op: 'double', n: 1 })).toEqual({
      id: 'abc',
      ok: true,
      op: 'double',
      n: 2,
      v: 1,
    });
    const noId = await controlRequest(server.path, { op: 'double', n: 2 });
    expect(noId).toEqual({ ok: true, op: 'double', n: 4, v: 1 });
    expect('id' in noId).toBe(false);
  });

  it('passes the whole request to the handler', async () => {
    const server = await start(echo);
    const reply = await controlRequest(server.path, {
      id: 1,
      op: 'push',
      file: 'x.lua',
      nested: { a: [1, 2] },
    });
    expect(reply.echoed).toEqual({ id: 1, v: 1, op: 'push', file: 'x.lua', nested: { a: [1, 2] } });
  });

  it('wraps a non-object result, and a body cannot override id or ok', async () => {
    const server = await start((req) => {
      if (req.op === 'num') return 42;
      if (req.op === 'list') return [1, 2];
      if (req.op === 'nothing') return undefined;
      return { id: 'forged', ok: false, x: 1 };
    });
    expect(await controlRequest(server.path, { id: 1, op: 'num' })).toEqual({
      id: 1,
      ok: true,
      result: 42,
      v: 1,
    });
    expect(await controlRequest(server.path, { id: 2, op: 'list' })).toEqual({
      id: 2,
      ok: true,
      result: [1, 2],
      v: 1,
    });
    expect(await controlRequest(server.path, { id: 3, op: 'nothing' })).toEqual({ id: 3, ok: true, v: 1 });
    expect(await controlRequest(server.path, { id: 4, op: 'forge' })).toEqual({
      id: 4,
      ok: true,
      x: 1,
      v: 1,
    });
  });

  it('turns a handler that throws or rejects into ok:false with its message', async () => {
    const server = await start(async (req) => {
      if (req.op === 'throw') throw new Error('boom');
      if (req.op === 'reject') return Promise.reject(new Error('nope'));
      if (req.op === 'string') throw 'plain string';
      if (req.op === 'bigint') return { n: 10n };
      return {};
    });
    expect(await controlRequest(server.path, { id: 1, op: 'throw' })).toEqual({
      id: 1,
      ok: false,
      error: 'boom',
      v: 1,
    });
    expect(await controlRequest(server.path, { id: 2, op: 'reject' })).toEqual({
      id: 2,
      ok: false,
      error: 'nope',
      v: 1,
    });
    expect(await controlRequest(server.path, { id: 3, op: 'string' })).toEqual({
      id: 3,
      ok: false,
      error: 'plain string',
      v: 1,
    });
    const big = await controlRequest(server.path, { id: 4, op: 'bigint' });
    expect(big.ok).toBe(false);
    expect(big.error).toMatch(/could not be encoded/);
    expect(await controlRequest(server.path, { id: 5, op: 'fine' })).toEqual({ id: 5, ok: true, v: 1 });
  });

  it('a synchronous throw does not escape either', async () => {
    const server = await start(() => {
      throw new TypeError('sync');
    });
    expect(await controlRequest(server.path, { op: 'x' })).toEqual({ ok: false, error: 'sync', v: 1 });
  });

  it('answers requests on one connection in order, even when an earlier one is slower', async () => {
    const gate = deferred();
    const started: number[] = [];
    const server = await start(async (req) => {
      started.push(req.id as number);
      if (req.id === 1) await gate.promise;
      return { n: req.id };
    });
    const c = raw(server);
    c.send('{"id":1,"op":"slow"}\n{"id":2,"op":"fast"}\n{"id":3,"op":"fast"}\n');
    await new Promise<void>((r) => {
      const poll = () => (started.length > 0 ? r() : setTimeout(poll, 5));
      poll();
    });
    gate.resolve();
    const replies = await c.take(3);
    expect(replies.map((r) => r?.id)).toEqual([1, 2, 3]);
    expect(started).toEqual([1, 2, 3]);
  });

  it('a slow handler on one connection does not block another connection', async () => {
    const gate = deferred();
    let slowStarted = false;
    const server = await start(async (req) => {
      if (req.op === 'slow') {
        slowStarted = true;
        await gate.promise;
        return { which: 'slow' };
      }
      return { which: 'fast' };
    });
    const slow = controlRequest(server.path, { op: 'slow' });
    await new Promise<void>((r) => {
      const poll = () => (slowStarted ? r() : setTimeout(poll, 5));
      poll();
    });
    // The slow request is still held open while this one is answered.
    expect(await controlRequest(server.path, { op: 'fast' })).toEqual({ ok: true, which: 'fast', v: 1 });
    gate.resolve();
    expect(await slow).toEqual({ ok: true, which: 'slow', v: 1 });
  });

  it('answers malformed lines with an error and keeps the connection usable', async () => {
    const calls: unknown[] = [];
    const server = await start((req) => {
      calls.push(req);
      return { fine: true };
    });
    const c = raw(server);
    const bad = [
      'not json',
      '[1,2]',
      '"a string"',
      'null',
      '42',
      '{"id":3}',
      '{"id":4,"op":5}',
      '{"op":""}',
      '{"op":"x","id":{"a":1}}',
      '{"op":"x",',
      '\u0000\u00ff\ufffd',
    ];
    c.send(bad.join('\n') + '\n');
    const replies = await c.take(bad.length);
    for (const r of replies) {
      expect(r?.ok).toBe(false);
      expect(typeof r?.error).toBe('string');
    }
    expect(replies[0]?.error).toMatch(/not valid JSON/);
    expect(replies[1]?.error).toMatch(/JSON object/);
    expect(replies[5]).toEqual({ id: 3, ok: false, error: 'request needs a string "op"', v: 1 });
    expect(replies[6]).toEqual({ id: 4, ok: false, error: 'request needs a string "op"', v: 1 });
    expect(replies[8]?.error).toMatch(/"id" must be a string or a number/);
    expect(calls).toEqual([]); // nothing malformed reached the handler
    c.send('{"id":9,"op":"ok"}\n');
    expect(await c.next()).toEqual({ id: 9, ok: true, fine: true, v: 1 });
  });

  it('every reply names the protocol version; a request of another version is told how to restart, except ping, ls and kill-server', async () => {
    const calls: string[] = [];
    const server = await start((req) => (calls.push(req.op), { done: req.op }));
    const c = raw(server);
    c.send(
      [
        '{"id":1,"v":99,"op":"send"}',
        '{"id":2,"v":"1","op":"agents"}',
        '{"id":3,"v":99,"op":"kill-server"}',
        '{"id":4,"v":99,"op":"ls"}',
        '{"id":5,"op":"agents"}',
        `{"id":6,"v":${CONTROL_PROTOCOL},"op":"agents"}`,
      ].join('\n') + '\n',
    );
    const [other, stringy, kill, ls, unversioned, current] = await c.take(6);
    expect(other).toMatchObject({ id: 1, ok: false, v: CONTROL_PROTOCOL, reason: 'version' });
    expect(String(other?.error)).toMatch(
      /speaks control protocol 1 and this botster-tui speaks 99\. Restart the server .*botster-tui kill-server/,
    );
    expect(stringy).toMatchObject({ id: 2, ok: false, reason: 'version' });
    expect(kill).toEqual({ id: 3, ok: true, done: 'kill-server', v: 1 });
    expect(ls).toEqual({ id: 4, ok: true, done: 'ls', v: 1 });
    expect(unversioned).toEqual({ id: 5, ok: true, done: 'agents', v: 1 }); // typed by hand: taken as the current version
    expect(current).toEqual({ id: 6, ok: true, done: 'agents', v: 1 });
    expect(calls).toEqual(['kill-server', 'ls', 'agents', 'agents']);
  });

  it('a ControlError carries its fields into the error reply; they cannot change its id or verdict', async () => {
    const server = await start(() => {
      throw new ControlError('no agent "x"', {
        reason: 'no_agent',
        agents: [{ n: 1 }],
        ok: true,
        id: 'forged',
      });
    });
    expect(await controlRequest(server.path, { id: 1, op: 'send' })).toEqual({
      id: 1,
      ok: false,
      error: 'no agent "x"',
      reason: 'no_agent',
      agents: [{ n: 1 }],
      v: 1,
    });
  });

  it('skips blank lines and accepts CRLF line ends', async () => {
    const server = await start(echo);
    const c = raw(server);
    c.send('\n   \r\n{"id":1,"op":"a"}\r\n\n{"id":2,"op":"b"}\n');
    const [a, b] = await c.take(2);
    expect(a?.id).toBe(1);
    expect(b?.id).toBe(2);
  });

  it('reassembles a request split across many writes', async () => {
    const server = await start(echo);
    const c = raw(server);
    await c.connected();
    const line = JSON.stringify({ id: 'split', op: 'x', text: 'é'.repeat(50) }) + '\n';
    const bytes = Buffer.from(line);
    for (let i = 0; i < bytes.length; i += 3) {
      c.sock.write(bytes.subarray(i, i + 3)); // cuts through multi-byte characters too
      await new Promise((r) => setImmediate(r));
    }
    const r = await c.next();
    expect((r?.echoed as Record<string, unknown>).text).toBe('é'.repeat(50));
  });

  it('answers a last request sent without a newline before the client half-closes, then ends', async () => {
    const server = await start(echo);
    const c = raw(server);
    await c.connected();
    c.sock.end('{"id":1,"op":"a"}\n{"id":2,"op":"b"}');
    const replies = await c.take(3);
    expect(replies.map((r) => r?.id)).toEqual([1, 2, undefined]);
    expect(replies[2]).toBeNull(); // the server closed its side after answering
    await c.closed;
  });

  it('replies to an oversized request, closes that connection and keeps serving others', async () => {
    const logs: string[] = [];
    const server = await start(echo, { maxRequestBytes: 1024, log: (m) => logs.push(m) });
    const c = raw(server);
    c.send('{"id":1,"op":"before"}\n');
    c.send('x'.repeat(5000)); // no newline: must be refused while buffering
    const [first, second, after] = await c.take(3);
    expect(first).toMatchObject({ id: 1, ok: true });
    expect(second?.ok).toBe(false);
    expect(second?.error).toMatch(/too large/);
    expect(after).toBeNull();
    await c.closed;
    expect(logs.some((l) => /over 1024 bytes/.test(l))).toBe(true);
    expect(await controlRequest(server.path, { id: 2, op: 'still here' })).toMatchObject({ id: 2, ok: true });
  });

  it('counts bytes, not characters, and accepts a line of exactly the limit', async () => {
    const server = await start(() => ({}), { maxRequestBytes: 1024 });
    // 400 euro signs: 400 characters but 1200 bytes.
    const c1 = raw(server);
    c1.send(JSON.stringify({ op: 'x', s: '€'.repeat(400) }) + '\n');
    const [r1, end1] = await c1.take(2);
    expect(r1?.error).toMatch(/too large/);
    expect(end1).toBeNull();

    const base = JSON.stringify({ id: 1, op: 'x', pad: '' });
    const exact = JSON.stringify({ id: 1, op: 'x', pad: 'p'.repeat(1024 - Buffer.byteLength(base)) });
    expect(Buffer.byteLength(exact)).toBe(1024);
    const c2 = raw(server);
    c2.send(exact + '\n');
    expect(await c2.next()).toEqual({ id: 1, ok: true, v: 1 });
  });

  it('survives 10 MB without a newline under the default limit', async () => {
    let calls = 0;
    const server = await start(() => {
      calls++;
      return {};
    });
    const c = raw(server);
    await c.connected();
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 10; i++) c.sock.write(mb);
    const r = await c.next();
    expect(r?.error).toMatch(/too large/);
    await c.closed;
    expect(calls).toBe(0);
    expect(await controlRequest(server.path, { id: 'after', op: 'x' })).toEqual({
      id: 'after',
      ok: true,
      v: 1,
    });
  });

  it('answers many pipelined requests in order from a client that reads late', async () => {
    const server = await start((req) => ({ pad: 'z'.repeat(200), n: req.id }));
    const c = raw(server);
    await c.connected();
    c.sock.pause(); // read nothing for a while: the server must apply backpressure, not lose replies
    const n = 3000;
    let batch = '';
    for (let i = 0; i < n; i++) batch += JSON.stringify({ id: i, op: 'x' }) + '\n';
    c.send(batch);
    await new Promise((r) => setTimeout(r, 100));
    c.sock.resume();
    const replies = await c.take(n);
    expect(replies.map((r) => r?.n)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('does not crash when a client goes away before its reply is ready', async () => {
    const gate = deferred();
    let entered = 0;
    const server = await start(async () => {
      entered++;
      await gate.promise;
      return { late: 'x'.repeat(100_000) };
    });
    const c = raw(server);
    c.send('{"op":"a"}\n{"op":"b"}\n');
    await new Promise<void>((r) => {
      const poll = () => (entered > 0 ? r() : setTimeout(poll, 5));
      poll();
    });
    c.destroy();
    await c.closed;
    gate.resolve();
    await new Promise((r) => setTimeout(r, 50));
    // Half-closed client that never reads, then resets.
    const d = raw(server);
    d.send('{"op":"c"}\n');
    d.sock.end();
    d.destroy();
    expect(await controlRequest(server.path, { id: 'ok', op: 'x' })).toMatchObject({ id: 'ok', ok: true });
  });

  it('closes open connections on close(), answering nothing more', async () => {
    const gate = deferred();
    const server = await start(async () => {
      await gate.promise;
      return {};
    });
    const c = raw(server);
    c.send('{"op":"held"}\n');
    await c.connected();
    await new Promise((r) => setTimeout(r, 20));
    await server.close();
    await c.closed;
    gate.resolve();
    expect(await c.next()).toBeNull();
  });
});
