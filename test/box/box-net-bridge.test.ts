import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';

// The node bridge of a box's network (bin/box-net.js, where there is no native client): it returns
// only once it listens, so the CLI the box's command line execs next finds it from its first
// connection (it used to be started beside the CLI, which could connect before it listened).

const BRIDGE = path.resolve(__dirname, '../../bin/box-net.js');
const owned: (() => void)[] = [];
afterEach(() => {
  for (const f of owned.splice(0)) f();
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe("the node bridge of a box's network", () => {
  it('listens before it returns, carries a connection to the socket, and goes on in the background', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster bridge '));
    const sock = path.join(dir, 'net-hub.sock');
    const hub = net.createServer((c) => c.end('FROM-THE-HUB\n'));
    await new Promise<void>((r) => hub.listen(sock, r));
    owned.push(() => hub.close());
    const port = await freePort();
    const r = spawnSync(process.execPath, [BRIDGE, String(port), sock], { encoding: 'utf8', timeout: 20000 });
    expect(r.status, r.stderr).toBe(0);
    const pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    owned.push(() => {
      try {
        process.kill(pid);
      } catch {
        // gone
      }
    });
    // At once, no retry: it listens already.
    const got = await new Promise<string>((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1');
      let text = '';
      c.on('data', (d) => (text += d));
      c.on('close', () => resolve(text));
      c.on('error', reject);
    });
    expect(got).toBe('FROM-THE-HUB\n');
  });
});
