import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { controlRequest } from '../../src/wire/control-client.js';
import type { WaitingNote } from '../../src/wire/control-request.js';
import { tempHome } from '../support/homes.js';

// A request that says it reads `waiting` lines (issue 80 item 4): the client tells each one and
// waits past its own timeout for the reply; a server from before them refuses the field, and the
// client asks again without it.

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A socket that answers each request line with what `answer` writes. */
async function fakeHub(answer: (req: Record<string, unknown>, sock: net.Socket) => void): Promise<string> {
  const socket = path.join(tempHome(), 's');
  const server = net.createServer((sock) =>
    sock.on('data', (d) => answer(JSON.parse(d.toString().split('\n')[0]) as Record<string, unknown>, sock)),
  );
  servers.push(server);
  await new Promise<void>((r) => server.listen(socket, r));
  return socket;
}

describe('waiting lines', () => {
  it('are told, and the reply after them is waited for past the timeout', async () => {
    const socket = await fakeHub((req, sock) => {
      expect(req.waiting).toBe(true);
      sock.write(`${JSON.stringify({ v: 1, waiting: { for: 'you to answer', ms: null } })}\n`);
      setTimeout(() => sock.end(`${JSON.stringify({ v: 1, ok: true, done: 1 })}\n`), 400);
    });
    const notes: WaitingNote[] = [];
    const reply = await controlRequest(
      socket,
      { op: 'kill', agent: '1' },
      { timeoutMs: 100, onWaiting: (n) => notes.push(n) },
    );
    expect(notes).toEqual([{ for: 'you to answer', ms: null }]);
    expect(reply).toMatchObject({ ok: true, done: 1 });
  });

  it('a server that does not take the field is asked again without it', async () => {
    const asked: unknown[] = [];
    const socket = await fakeHub((req, sock) => {
      asked.push(req.waiting);
      sock.end(
        `${JSON.stringify(
          req.waiting
            ? { v: 1, ok: false, reason: 'usage', error: 'kill: unknown argument "waiting" (it takes agent)' }
            : { v: 1, ok: true },
        )}\n`,
      );
    });
    const reply = await controlRequest(socket, { op: 'kill', agent: '1' }, { onWaiting: () => {} });
    expect(asked).toEqual([true, undefined]);
    expect(reply.ok).toBe(true);
  });
});
