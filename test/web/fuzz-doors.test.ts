import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { controlRequest } from '../../src/wire/control-client.js';
import { isAlive } from '../support/process-alive.js';
import {
  attachCase,
  controlCase,
  httpCase,
  seeded,
  upgradeCase,
  wsFrames,
  type Rng,
} from '../support/web/fuzz-cases.js';
import { rawSend, upgradeRequest } from '../support/web/raw-http.js';
import { fetchPage, hubLog, realWebHubs, serverPid } from '../support/web/real-web-hub.js';

// Every door of a real hub server process, fuzzed from one seed (fuzz-cases.ts): the web's HTTP
// and WebSocket surface, the control socket's request lines and the attach protocol's messages
// (truncated, oversized, not UTF-8, unknown, garbage). Afterwards the same server runs, answers
// ping, and serves the user's session: nothing a client sent stopped it (docs/security.md).

const SEED = 0x66_04;
const start = realWebHubs();

/** Runs `cases` with at most `width` at a time (a few connections each, not hundreds at once). */
async function pool<T>(cases: T[], width: number, run: (c: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < cases.length) await run(cases[next++]);
    }),
  );
}

/** Bytes to a unix socket, half-closed after them; resolves once the server closed or `ms` passed. */
function socketSend(file: string, bytes: Buffer, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const s = net.createConnection(file, () => s.end(bytes));
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve();
    };
    const timer = setTimeout(done, ms);
    s.on('data', () => {});
    s.on('close', done);
    s.on('error', done);
  });
}

const times = <T>(n: number, make: (r: Rng) => T, r: Rng) => Array.from({ length: n }, () => make(r));

describe('fuzzing every door of a hub server', () => {
  it('the web, the control socket and the attach protocol: 0 crashes, the session still served', async () => {
    const h = await start();
    const r = seeded(SEED);
    const sock = path.join(h.home, 'hub.sock');

    await pool(
      times(250, (g) => httpCase(g, h.port, h.cookie), r),
      8,
      (c) => rawSend(h.port, c, { ms: 500 }),
    );
    await pool(
      times(120, (g) => upgradeCase(g, h.port, h.cookie), r),
      8,
      (c) => rawSend(h.port, c, { ms: 500 }),
    );
    // A good upgrade with the user's session, then frames no page sends.
    const good = upgradeRequest(h.port, { Cookie: h.cookie });
    await pool(times(120, wsFrames, r), 8, (frames) => rawSend(h.port, [good, ...frames], { ms: 500 }));
    await pool(times(200, controlCase, r), 8, (c) => socketSend(sock, c, 1000));
    await pool(times(150, attachCase, r), 8, (c) => socketSend(sock, c, 300));
    // Lines over the control socket's limit (1 MiB), and many without reading a reply.
    await socketSend(sock, Buffer.alloc((1 << 20) + 10, 'x'), 3000);
    await socketSend(sock, Buffer.from('{"op":"ping"}\n'.repeat(2000)), 3000);

    // The same process, alive and answering.
    expect(isAlive(h.pid)).toBe(true);
    expect(serverPid(h.home)).toBe(h.pid);
    const pong = await controlRequest(sock, { op: 'ping' }, { timeoutMs: 15000 });
    expect(pong).toMatchObject({ ok: true, agents: 1 });
    // The user's session: the board, and its socket streaming the agent's screen.
    const board = await fetchPage(`${h.base}/`, h.cookie);
    expect(board.status).toBe(200);
    expect(board.body).toContain('id="agent_1"');
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws`, {
      headers: { cookie: h.cookie, origin: h.base },
    });
    const screen = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('w1'));
      ws.on('message', (m) => String(m).startsWith('s1:') && resolve(String(m)));
      ws.on('error', reject);
    });
    ws.close();
    expect(screen).toContain('ready-42');
    const log = hubLog(h.home);
    expect(log).not.toMatch(/uncaught|stopping \(|internal error/);
    // Refusals were said, and a flood of them did not fill the log.
    expect(log).toMatch(/web: refused /);
    expect(log.match(/web: refused /g)!.length).toBeLessThan(200);
  }, 120000);
});
