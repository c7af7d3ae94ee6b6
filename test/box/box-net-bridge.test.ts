import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeClient } from '../../src/wire/find-native.js';
import { loopbackForwards } from '../../src/box/box-net.js';

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

/** The bridge's processes still running for `sock` (the native one leaves no pid to say). */
function bridgesOf(sock: string): number[] {
  const pids: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(sock)) pids.push(Number(d));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * One connection to 127.0.0.1:`port`: what came back once it holds `want` (or the connection
 * closed), `send` written first. (It does not end its side first: a bridge relays until either end
 * closes, as a model's client keeps its connection open for the answer.)
 */
function roundTrip(port: number, send: string, want: string): Promise<string> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(send));
    let text = '';
    c.on('data', (d) => {
      text += d;
      if (text.includes(want)) {
        c.destroy();
        resolve(text);
      }
    });
    c.on('close', () => resolve(text));
    // (closed with what it sent unread: a reset, as good as a close)
    c.on('error', () => resolve(text));
  });
}

// A model or gateway on your loopback (ANTHROPIC_BASE_URL=http://127.0.0.1:PORT): the box's allow
// list names 127.0.0.1:PORT, and the bridge listens on that port inside the box too, each
// connection a CONNECT through the hub's proxy (which the allow list decides). Here a stand-in for
// the proxy answers: 200 for the allowed port, 403 for another.
const bridges: Array<[string, (port: number, sock: string, fwd: string) => string[]]> = [
  ['node', (port, sock, fwd) => [process.execPath, BRIDGE, String(port), sock, fwd]],
];
const native = nativeClient().path;
if (native) bridges.push(['native', (port, sock, fwd) => [native, '--box-net', String(port), sock, fwd]]);

describe.each(bridges)("the %s bridge's loopback forwards", (_name, argv) => {
  it('a forwarded port is a tunnel through the proxy to that port of yours; one the proxy refuses is closed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster bridge '));
    const sock = path.join(dir, 'net-hub.sock');
    const [allowed, refused] = [await freePort(), await freePort()];
    const asked: string[] = [];
    const hub = net.createServer((c) => {
      let head = '';
      const onData = (d: Buffer) => {
        head += d.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        c.off('data', onData);
        const line = head.slice(0, head.indexOf('\r\n'));
        asked.push(line);
        if (line !== `CONNECT 127.0.0.1:${allowed} HTTP/1.1`)
          return void c.end('HTTP/1.1 403 Forbidden\r\n\r\nno\n');
        // The tunnel's first bytes may come with the 200: the bridge passes them on.
        c.write(`HTTP/1.1 200 Connection Established\r\n\r\nMODEL:${head.slice(end + 4).toUpperCase()}`);
        c.on('data', (more) => c.write(more.toString().toUpperCase()));
        c.on('end', () => c.end());
      };
      c.on('data', onData);
      // (a bridge that closes a refused tunnel leaves the rest of the 403 unread: a reset here)
      c.on('error', () => {});
    });
    await new Promise<void>((r) => hub.listen(sock, r));
    owned.push(() => hub.close());
    const proxyPort = await freePort();
    const [file, ...args] = argv(proxyPort, sock, `${allowed},${refused}`);
    const r = spawnSync(file, args, { encoding: 'utf8', timeout: 20000 });
    expect(r.status, r.stderr).toBe(0);
    owned.push(() => {
      for (const pid of bridgesOf(sock))
        try {
          process.kill(pid);
        } catch {
          // gone
        }
    });
    expect(await roundTrip(allowed, 'hello', 'HELLO')).toBe('MODEL:HELLO');
    expect(await roundTrip(refused, 'hello', 'HELLO')).toBe('');
    expect(asked).toEqual([`CONNECT 127.0.0.1:${allowed} HTTP/1.1`, `CONNECT 127.0.0.1:${refused} HTTP/1.1`]);
    // The proxy's own port is carried as it is, no CONNECT added.
    expect(await roundTrip(proxyPort, `CONNECT 127.0.0.1:${allowed} HTTP/1.1\r\n\r\nhi`, 'HI')).toBe(
      'HTTP/1.1 200 Connection Established\r\n\r\nMODEL:HI',
    );
    // A forward that is no port, or the proxy's own: the bridge does not start.
    for (const bad of ['x', `${proxyPort}`, '70000'])
      expect(
        spawnSync(argv(proxyPort + 1, sock, bad)[0], argv(proxyPort + 1, sock, bad).slice(1)).status,
      ).not.toBe(0);
  });
});

describe('the ports a box forwards', () => {
  it("are the 127.0.0.1:PORT entries of its allow list, never the proxy's own", () => {
    expect(
      loopbackForwards([
        'api.anthropic.com',
        '127.0.0.1:11434',
        ' 127.0.0.1:4000 ',
        '127.0.0.1',
        'localhost:8080',
        '127.0.0.2:9',
        '127.0.0.1:3128',
        '*',
        '127.0.0.1:4000',
      ]),
    ).toEqual([4000, 11434]);
    expect(loopbackForwards(undefined)).toEqual([]);
  });
});
