import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { peerCred } from '../../src/server/peer-cred.js';
import { nativeClient } from '../../src/wire/find-native.js';
import type { PeerCred } from '../../src/wire/control-request.js';

// Who is at the other end of a socket, from the kernel: the native client kept running answers
// each socket handed over its IPC channel; one that cannot (an older client) leaves each socket to
// a `--peer-cred` process of its own. Real sockets, a real native client.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peer-cred-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A server on a fresh socket whose connections are asked about with `client`; `n` connections at once. */
async function ask(client: string, n: number): Promise<Array<PeerCred | null>> {
  const file = path.join(dir, `s${Math.random().toString(36).slice(2)}.sock`);
  const answers: Array<Promise<PeerCred | null>> = [];
  const server = net.createServer((s) => {
    const p = peerCred(s, client);
    answers.push(p);
    void p.then(() => s.end('x'));
  });
  await new Promise<void>((r) => server.listen(file, r));
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((r) => {
          const c = net.createConnection(file);
          c.on('data', () => {});
          c.on('close', () => r());
        }),
    ),
  );
  server.close();
  return Promise.all(answers);
}

const native = nativeClient().path;

describe('the kernel says who connects', () => {
  it.runIf(native)(
    'the native client kept running answers every socket, many at once, with its peer',
    async () => {
      const got = await ask(native!, 12);
      expect(got).toHaveLength(12);
      for (const c of got) {
        expect(c).toMatchObject({ pid: process.pid, uid: process.getuid!() });
        expect(c!.line![0].pid).toBe(process.pid);
      }
      // And again, on the same helper.
      expect((await ask(native!, 3)).every((c) => c?.pid === process.pid)).toBe(true);
    },
  );

  it.runIf(native)(
    '--peer-cred-server answers node ACK, then the peer, for each handle on its channel',
    async () => {
      const { spawn } = await import('node:child_process');
      const child = spawn(native!, ['--peer-cred-server'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      const file = path.join(dir, 'direct.sock');
      const accepted: net.Socket[] = [];
      const server = net.createServer((s) => void accepted.push(s));
      await new Promise<void>((r) => server.listen(file, r));
      const clients = [net.createConnection(file), net.createConnection(file)];
      while (accepted.length < 2) await new Promise((r) => setTimeout(r, 10));
      const answers: unknown[] = [];
      child.on('message', (m) => answers.push(m));
      for (const [i, s] of accepted.entries())
        child.send({ peer: i + 1 }, (s as unknown as { _handle: object })._handle as never, {
          keepOpen: true,
        });
      while (answers.length < 2) await new Promise((r) => setTimeout(r, 10));
      expect(answers).toEqual([
        { peer: 1, pid: process.pid, uid: process.getuid!() },
        { peer: 2, pid: process.pid, uid: process.getuid!() },
      ]);
      child.kill();
      for (const c of [...clients, ...accepted]) c.destroy();
      server.close();
    },
  );

  it('a client without the kept mode: each socket is asked with --peer-cred as before', async () => {
    // Stands in for an older native client: no --peer-cred-server, and a --peer-cred that answers.
    const old = path.join(dir, 'old-client');
    fs.writeFileSync(
      old,
      `#!/bin/sh\n[ "$1" = --peer-cred ] && { echo "${process.pid} 4242"; exit 0; }\necho "no such mode" >&2; exit 2\n`,
      { mode: 0o755 },
    );
    const got = await ask(old, 3);
    expect(got.map((c) => c && { pid: c.pid, uid: c.uid })).toEqual(
      Array.from({ length: 3 }, () => ({ pid: process.pid, uid: 4242 })),
    );
  });
});
