import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BoxProxy } from '../../src/server/box-proxy.js';
import { localAddress } from '../../src/server/proxy-lookup.js';

// The hub's box proxy never connects a name to an address of this machine or its link: a box has
// a network namespace of its own so that a server on 127.0.0.1 (or the cloud's metadata service)
// is out of its reach, and an allowed name that resolves there (`localhost` here, through
// /etc/hosts) would hand it back. The address itself, when allowed, is your word for it.

const owned: { close(): void }[] = [];
afterEach(() => {
  for (const o of owned.splice(0)) o.close();
});

async function local(): Promise<number> {
  const s = http.createServer((_q, res) => res.end('LOCAL-SERVICE\n'));
  owned.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as net.AddressInfo).port;
}

async function proxy(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster proxy ')), 'net-test');
  const p = new BoxProxy({ path: file, decide: async () => null, log: () => {} });
  await p.listen();
  owned.push({ close: () => p.dispose() });
  return file;
}

/** What the proxy at `file` answers a CONNECT to `target` and a request through it. */
function tunnel(file: string, target: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(file);
    let got = '';
    s.on('connect', () => s.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
    s.on('data', (d) => {
      got += d.toString();
      if (/200 Connection Established\r\n\r\n$/.test(got))
        s.write(`GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    });
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
  });
}

function plain(file: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: file, path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe("the box proxy's lookup", () => {
  it('refuses a name that resolves to this machine; the address itself goes through', async () => {
    const port = await local();
    const file = await proxy();
    const byName = await tunnel(file, `localhost:${port}`);
    expect(byName).toMatch(/^HTTP\/1\.1 403/);
    expect(byName).toMatch(
      /refused localhost: it resolves to (127\.0\.0\.1|::1), an address of this machine/,
    );
    expect(byName).not.toContain('LOCAL-SERVICE');
    expect(await tunnel(file, `127.0.0.1:${port}`)).toContain('LOCAL-SERVICE');
    const got = await plain(file, `http://localhost:${port}/`);
    expect(got.status).toBe(403);
    expect(got.body).toMatch(/an address of this machine or its link/);
    expect((await plain(file, `http://127.0.0.1:${port}/`)).body).toBe('LOCAL-SERVICE\n');
  });

  it('knows loopback, unspecified and link-local addresses, v4, v6 and v4 in v6', () => {
    for (const a of [
      '127.0.0.1',
      '127.9.9.9',
      '0.0.0.0',
      '169.254.169.254',
      '::1',
      '::',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(`${a}:${localAddress(a)}`).toBe(`${a}:true`);
    for (const a of ['93.184.216.34', '10.0.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(`${a}:${localAddress(a)}`).toBe(`${a}:false`);
  });
});
