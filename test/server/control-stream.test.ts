import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlServer } from '../../src/server/control-socket.js';
import { ControlStream } from '../../src/wire/control-replies.js';
import { tempHome, until } from '../support/hub.js';

// A subscriber that stops reading is dropped once its backlog is over the bound: the hub goes on.

const servers: ControlServer[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));

describe('control streams', () => {
  it('drop a subscriber that never reads, with a note in the log', async () => {
    const logs: string[] = [];
    let stopped = false;
    const big = 'x'.repeat(64 * 1024);
    const socket = path.join(tempHome(), 's.sock');
    const server = new ControlServer({
      path: socket,
      log: (m) => logs.push(m),
      handler: () =>
        new ControlStream({ streaming: true }, (push) => {
          const t = setInterval(() => push({ big }), 1);
          return () => ((stopped = true), clearInterval(t));
        }),
    });
    servers.push(server);
    await server.listen();
    const sock = net.createConnection(socket, () => sock.write('{"op":"events"}\n'));
    sock.pause();
    sock.on('error', () => {});
    await until('dropped', () => logs.some((l) => /left \d+ bytes unread; dropped it/.test(l)), 20000);
    expect(stopped).toBe(true);
    sock.destroy();
  }, 30000);
});
