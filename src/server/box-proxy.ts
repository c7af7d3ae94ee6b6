import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { listenOwnerOnly } from './socket-file.js';
import { LocalAddressError, proxyLookup } from './proxy-lookup.js';

// The hub's proxy for boxes with network (src/box/box-net.ts): HTTP CONNECT (https, anything over
// a tunnel) and plain HTTP, on a unix socket in box-socket/ beside the control socket. Each
// connection is put to `decide` (who the peer is, by the kernel's word, and whether its box may
// reach that host) before a byte goes out; a refusal is a 403 whose body says why. The server that
// starts after a kill -9 listens at the same path, so running boxes reach it.

/** Allowed (null), or why not (the 403's body). */
export type ProxyDecide = (peer: net.Socket, host: string, port: number) => Promise<string | null>;

export interface BoxProxyOptions {
  path: string;
  decide: ProxyDecide;
  log: (msg: string) => void;
}

const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** `host:port` of a CONNECT, `[v6]:port` too; null: not one. */
export function authority(target: string): { host: string; port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+):(\d{1,5})$/.exec(target);
  const port = m ? Number(m[2]) : 0;
  return m && port > 0 && port < 65536 ? { host: m[1].replace(/^\[(.*)\]$/, '$1'), port } : null;
}

function refuse(out: net.Socket, status: number, why: string): void {
  const body = Buffer.from(`${why}\n`);
  const text = status === 403 ? 'Forbidden' : 'Bad Request';
  out.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Proxy-Error: blocked-by-botster-tui\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString()}`,
  );
}

export class BoxProxy {
  private server: http.Server | null = null;
  private inode: { dev: number; ino: number } | null = null;
  private readonly open = new Set<net.Socket>();
  private closed = false;

  constructor(private readonly o: BoxProxyOptions) {}

  /** Listens (a file left at its path by a server before is replaced: the hub's socket is ours). */
  async listen(): Promise<void> {
    fs.mkdirSync(path.dirname(this.o.path), { recursive: true, mode: 0o700 });
    fs.rmSync(this.o.path, { force: true });
    const server = http.createServer((req, res) => void this.plain(req, res));
    // A client that sent its request and shut its side still gets the answer, which comes after
    // `decide` (node's http server would end the socket at once: httpAllowHalfOpen, node's own).
    (server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
    server.on(
      'connect',
      (req: http.IncomingMessage, sock: net.Socket, head: Buffer) => void this.tunnel(req, sock, head),
    );
    server.on('connection', (s: net.Socket) => {
      this.open.add(s);
      s.on('close', () => this.open.delete(s));
    });
    server.on('clientError', (_err, s: net.Socket) => s.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.once('listening', () => {
        server.off('error', reject);
        resolve();
      });
      listenOwnerOnly(server, this.o.path);
    });
    server.on('error', (err) => this.o.log(`box proxy: ${err.message}`));
    const st = fs.statSync(this.o.path);
    this.inode = { dev: st.dev, ino: st.ino };
    this.server = server;
    if (this.closed) this.dispose();
  }

  /** CONNECT host:port: a tunnel once allowed. */
  private async tunnel(req: http.IncomingMessage, sock: net.Socket, head: Buffer): Promise<void> {
    sock.on('error', () => {});
    const to = authority(req.url ?? '');
    if (!to) return refuse(sock, 400, `not a host:port: ${req.url ?? ''}`);
    const why = await this.o.decide(req.socket, to.host, to.port);
    if (why !== null) return refuse(sock, 403, why);
    const up = net.connect({ port: to.port, host: to.host, lookup: proxyLookup });
    let connected = false;
    up.on('error', (err) => {
      if (!connected && sock.writable && err instanceof LocalAddressError) refuse(sock, 403, err.message);
      else if (!connected && sock.writable)
        sock.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      else sock.destroy();
    });
    up.on('connect', () => {
      connected = true;
      sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(sock);
      sock.pipe(up);
    });
    sock.on('close', () => up.destroy());
    up.on('close', () => sock.destroy());
  }

  /** GET http://host/path (plain HTTP, absolute form): forwarded once allowed. */
  private async plain(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('a proxy request names its URL in full (http://host/path)\n');
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port || 80);
    const why = await this.o.decide(req.socket, host, port);
    if (why !== null) {
      res.writeHead(403, {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Proxy-Error': 'blocked-by-botster-tui',
      });
      return void res.end(`${why}\n`);
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
    const up = http.request(
      {
        host,
        port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
        lookup: proxyLookup,
      },
      (r) => {
        const back: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(r.headers)) if (!HOP.has(k) && v !== undefined) back[k] = v;
        res.writeHead(r.statusCode ?? 502, back);
        r.pipe(res);
      },
    );
    up.on('error', (err) => {
      const local = err instanceof LocalAddressError;
      if (!res.headersSent)
        res.writeHead(local ? 403 : 502, {
          'Content-Type': 'text/plain; charset=utf-8',
          ...(local ? { 'X-Proxy-Error': 'blocked-by-botster-tui' } : {}),
        });
      res.end(local ? `${err.message}\n` : undefined);
    });
    req.pipe(up);
  }

  /** Stops listening, ends its connections, and takes its file out if it is still its own. */
  dispose(): void {
    this.closed = true;
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.close();
    for (const s of this.open) s.destroy();
    try {
      const st = fs.lstatSync(this.o.path);
      // (another server's since: a restart listens at the same path)
      if (this.inode && st.dev === this.inode.dev && st.ino === this.inode.ino) fs.unlinkSync(this.o.path);
    } catch {
      // gone already
    }
  }
}
