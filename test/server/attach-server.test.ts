import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { AttachServer, type AttachHost } from '../../src/server/attach-server.js';
import { MSG, MessageReader, jsonPayload } from '../../src/server/protocol.js';

const host: AttachHost = {
  home: '/nowhere',
  version: '0.0.0',
  attached: () => {},
  detached: () => {},
  resized: () => {},
  redraw: () => {},
  input: () => {},
  spawn: async () => {},
  log: () => {},
};

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** A connection handed to the attach server as the control socket would; what the client then reads. */
async function connectTo(
  attach: AttachServer,
): Promise<{ messages: Array<{ type: number; payload: unknown }>; ended: boolean }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attach-test-'));
  const sockPath = path.join(dir, 's.sock');
  const server = net.createServer((sock) => attach.accept(sock, Buffer.alloc(0)));
  await new Promise<void>((resolve) => server.listen(sockPath, resolve));
  cleanups.push(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const reader = new MessageReader(1 << 20);
  const messages: Array<{ type: number; payload: unknown }> = [];
  const client = net.createConnection(sockPath);
  return new Promise((resolve) => {
    client.on('data', (d) => {
      for (const m of reader.push(d).messages)
        messages.push({ type: m.type, payload: jsonPayload(m.payload) });
    });
    client.on('error', () => {});
    client.on('close', () => resolve({ messages, ended: true }));
  });
}

describe('AttachServer after a start that failed', () => {
  test('a client that connects late is told why, not just dropped', async () => {
    const attach = new AttachServer(host);
    attach.close('failed', 'the hub server could not start: boom (its log: x)', true);
    const got = await connectTo(attach);
    expect(got.messages).toEqual([
      {
        type: MSG.ERROR,
        payload: { error: 'the hub server could not start: boom (its log: x)', reason: 'failed' },
      },
    ]);
  });

  test('after a plain close a late client is only dropped', async () => {
    const attach = new AttachServer(host);
    attach.close('stopped', 'bye');
    const got = await connectTo(attach);
    expect(got).toEqual({ messages: [], ended: true });
  });
});
