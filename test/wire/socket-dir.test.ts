import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlServer } from '../../src/server/control-socket.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { checkSocketOwner, ensurePrivateSocketDir } from '../../src/wire/socket-path.js';
import { tempHome } from '../support/socket-helpers.js';

// Node cannot ask a unix socket for its peer's uid; the folder and the socket file's owner stand in
// for it (see socket-path.ts). These are the checks that make that sound.

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const isRoot = process.getuid?.() === 0;

describe('the socket folder is checked before the hub listens', () => {
  it('a missing folder is made 0700; one others may only read (mkdir -p ~/.botster/user) is fine', () => {
    const base = tempHome();
    const made = path.join(base, 'new', '.botster');
    ensurePrivateSocketDir(path.join(made, 'hub.sock'));
    expect(fs.statSync(made).mode & 0o777).toBe(0o700);
    const readable = path.join(base, 'readable');
    fs.mkdirSync(readable, { mode: 0o755 });
    fs.chmodSync(readable, 0o755);
    expect(() => ensurePrivateSocketDir(path.join(readable, 'hub.sock'))).not.toThrow();
  });

  it('a folder others may write to is refused with how to fix it, and no socket is made', async () => {
    for (const mode of [0o775, 0o757, 0o1777]) {
      const dir = path.join(tempHome(), 'home');
      fs.mkdirSync(dir);
      fs.chmodSync(dir, mode);
      const sock = path.join(dir, 'hub.sock');
      expect(() => ensurePrivateSocketDir(sock)).toThrow(
        new RegExp(
          `other users may write to it \\(mode ${(mode & 0o777).toString(8)}\\).*chmod go-w '${dir}'`,
        ),
      );
      expect(fs.existsSync(sock)).toBe(false);
    }
  });

  it('a folder of another user is refused (through a symlink too)', () => {
    const dir = path.join(tempHome(), 'theirs');
    fs.mkdirSync(dir, { mode: 0o700 });
    if (isRoot) fs.chownSync(dir, 4242, 4242);
    const target = isRoot ? dir : '/'; // not root: / belongs to root
    expect(() => ensurePrivateSocketDir(path.join(target, 'hub.sock'))).toThrow(
      /belongs to another user \(uid \d+\)/,
    );
    const link = path.join(tempHome(), '.botster');
    fs.symlinkSync(target, link);
    expect(() => ensurePrivateSocketDir(path.join(link, 'hub.sock'))).toThrow(/belongs to another user/);
  });
});

describe('a client talks only to a socket of its own user', () => {
  it.runIf(isRoot)(
    "a socket file that belongs to another user is another user's server: refused before connecting",
    async () => {
      const p = path.join(tempHome(), 'hub.sock');
      let connected = 0;
      const server = net.createServer((s) => (connected++, s.end('{"ok":true}\n')));
      await new Promise<void>((r) => server.listen(p, r));
      cleanups.push(() => new Promise((r) => server.close(r)));
      fs.chownSync(p, 4242, 4242);
      expect(() => checkSocketOwner(p)).toThrow(/belongs to another user \(uid 4242\)/);
      await expect(controlRequest(p, { op: 'ping' })).rejects.toThrow(/belongs to another user/);
      expect(connected).toBe(0);
    },
  );

  it('our own socket, and none at all, pass', async () => {
    const p = path.join(tempHome(), 'hub.sock');
    expect(() => checkSocketOwner(p)).not.toThrow();
    const server = new ControlServer({ path: p, handler: () => ({ pong: true }) });
    await server.listen();
    cleanups.push(() => server.close());
    expect(fs.statSync(p).mode & 0o777).toBe(0o600);
    expect(() => checkSocketOwner(p)).not.toThrow();
    expect(await controlRequest(p, { op: 'ping' })).toMatchObject({ ok: true, pong: true });
  });
});
