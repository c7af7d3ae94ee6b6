import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type stream from 'node:stream';
import path from 'node:path';
import fs from 'node:fs';
import { WebSocketServer } from 'ws';
import type { WebHub, StreamPush } from './hub-port.js';
import { WebSessions, sameSecret, type SavedSession, type WebSession } from './sessions.js';
import {
  COOKIE,
  cookies,
  hostAllowed,
  hostsFor,
  originAllowed,
  requestTarget,
  sessionCookie,
  type Listening,
} from './guard.js';
import { Refusals } from './refusals.js';
import { Templates } from './templates.js';
import { Assets } from './assets.js';
import { refuse, send, servePage, webContext, type PageDeps } from './pages.js';
import { PageSockets } from './sockets.js';
import { LineTicks } from './line-ticks.js';
import { UserFilesWatch } from './user-files.js';
import { fingerprintOf } from './hub-cert.js';
import { FAVICON_LINK, SVG } from './favicon.js';
import { WebPusher, type PushMessage } from './push.js';
import { pushRoute } from './push-routes.js';

// The hub in a browser (docs/web.md): one HTTP server in the hub's process, on 127.0.0.1 unless
// told --listen ADDR (then only over TLS). Nothing is served without a session the user made from a
// token the hub showed them; see guard.ts and sessions.ts for the rules every request passes.
// Nothing a client sends stops the hub: every listener here (requests, upgrades, the sockets, their
// frames in sockets.ts) catches what it throws; malformed input gets a 4xx (or a close code) and a
// line in the hub's log (refusals.ts).

export interface WebOptions {
  hub: WebHub;
  /** The package's root (lua/default/web/, node_modules/). */
  root: string;
  port: number;
  /** 127.0.0.1 unless --listen. */
  address?: string;
  /** Required for an address that is not loopback. */
  tls?: { key: string; cert: string };
  /** How a file is named to the user. */
  display?: (file: string) => string;
  /** The sessions the server before this one had (an upgrade or a crash the agents outlived). */
  sessions?: readonly SavedSession[];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class WebServer {
  readonly sessions: WebSessions;
  /** Web Push to the sessions' subscriptions (push.ts). */
  readonly pusher: WebPusher;
  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  private readonly sockets: PageSockets;
  private readonly deps: PageDeps;
  private readonly listening: Listening;
  private cookie: string;
  private readonly disposers: Array<() => void> = [];
  private readonly address: string;
  private readonly refusals: Refusals;
  /** Every connection open, upgraded ones too (the HTTP server forgets those): close() ends them. */
  private readonly connections = new Set<net.Socket>();
  /** The notice each broken template was told as (taken off by its id once it is mended). */
  private readonly said = new Map<string, string>();
  port = 0;
  /** The SHA-256 of the TLS certificate served ("AB:CD:..."), for the user to check; null: plain HTTP. */
  readonly fingerprint: string | null;

  private constructor(private readonly opts: WebOptions) {
    this.sessions = new WebSessions(Date.now, opts.sessions);
    this.pusher = new WebPusher(opts.hub.home, this.sessions, (level, m) => opts.hub.log(level, m));
    this.address = opts.address ?? '127.0.0.1';
    this.refusals = new Refusals((m) => opts.hub.log('warn', m));
    if (!LOOPBACK.has(this.address) && !opts.tls)
      throw new Error(
        `--listen ${this.address}: a non-loopback address only over TLS (give --cert and --key)`,
      );
    this.fingerprint = opts.tls ? fingerprintOf(opts.tls.cert) : null;
    const user = path.join(opts.hub.home, 'user');
    const templates = new Templates(
      {
        user: path.join(user, 'templates'),
        shipped: path.join(opts.root, 'lua/default/web/templates'),
        display: opts.display ?? ((f) => f),
      },
      {
        last_line: (id) => opts.hub.lastLine(String(id)),
        // (a promise: Liquid waits for it) the agent's review, or null
        diff: (id) => opts.hub.diff(String(id)).catch((err: Error) => ({ error: err.message, lines: [] })),
      },
      (message) => this.error(message),
      (message) => {
        const id = this.said.get(message);
        this.said.delete(message);
        if (id) opts.hub.clearNotice(id);
      },
    );
    const assets = new Assets(opts.root, path.join(user, 'controllers'), {
      display: opts.display ?? ((f) => f),
      error: (message) => this.error(message),
    });
    this.deps = { hub: opts.hub, templates, assets, pushKey: () => this.pusher.publicKey };
    // The board's last lines, kept fresh only while a page is open (line-ticks.ts).
    const lines = new LineTicks(
      (id) => opts.hub.lastLine(id),
      (id, line) => opts.hub.screenChanged(id, line),
    );
    let stopOutput: (() => void) | null = null;
    // A card whose question (or branch...) changed while its state did not: web_card_changed.
    let stopCards: (() => void) | null = null;
    const quiet = () => {
      opts.hub.pagesOpen(false);
      stopOutput?.();
      stopCards?.();
      stopOutput = stopCards = null;
      lines.stop();
    };
    this.sockets = new PageSockets(
      opts.hub,
      (open) => {
        if (!open) return quiet();
        opts.hub.pagesOpen(true);
        stopOutput ??= opts.hub.onOutput((id) => lines.output(id));
        stopCards ??= opts.hub.onCardChanged((id) => opts.hub.cardChanged(id));
      },
      (refused) => this.refusals.say(refused),
    );
    this.disposers.push(quiet);
    this.listening = { hosts: new Set(), scheme: opts.tls ? 'https' : 'http' };
    this.cookie = COOKIE;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) =>
      void this.request(req, res).catch((err) => {
        opts.hub.log('error', `web: ${(err as Error).stack ?? err}`);
        try {
          if (!res.headersSent) refuse(res, 500, 'the hub could not answer that');
          else res.destroy();
        } catch {
          res.destroy();
        }
      });
    this.server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket as net.Socket, head));
    this.server.on('clientError', (err, socket) => this.clientError(err as NodeJS.ErrnoException, socket));
    this.server.on('connection', (socket: net.Socket) => {
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
    });
    this.disposers.push(
      this.sessions.onEnd((ids) => this.sockets.closeSessions(ids)),
      opts.hub.onStream((s) => void this.stream(s)),
      opts.hub.onAgentsChanged(() => this.refresh()),
      opts.hub.onReload(() => this.refresh()),
    );
    // (a controller is checked before the pages load it again)
    const watch = new UserFilesWatch(user, () => void assets.check().finally(() => this.refresh()));
    this.disposers.push(() => watch.close());
  }

  /** A broken template or controller: in the hub's log and its notice. */
  private error(message: string): void {
    this.opts.hub.log('error', `web: ${message}`);
    this.said.set(message, this.opts.hub.notify(`web: ${message}`));
  }

  /** Listens (port 0: any free one); rejects when the port is taken. */
  static async start(opts: WebOptions): Promise<WebServer> {
    const w = new WebServer(opts);
    await w.deps.assets.check();
    await new Promise<void>((resolve, reject) => {
      w.server.once('error', reject);
      w.server.listen(opts.port, w.address, () => resolve());
    });
    w.port = (w.server.address() as net.AddressInfo).port;
    // The cookie is the port's own: two hubs on one machine do not share sessions.
    w.cookie = `${COOKIE}_${w.port}`;
    w.listening.hosts = hostsFor(w.address, w.port);
    w.listening.loopback = LOOPBACK.has(w.address);
    return w;
  }

  /** The address to open with a fresh one-time token. */
  url(readOnly: boolean): string {
    const host = LOOPBACK.has(this.address)
      ? '127.0.0.1'
      : this.address.includes(':')
        ? `[${this.address}]`
        : this.address;
    return `${this.listening.scheme}://${host}:${this.port}/login?token=${this.sessions.issue(readOnly)}`;
  }

  get pages(): number {
    return this.sockets.size;
  }

  /**
   * The session of the request's cookie (null: none), or 'malformed': the hub's cookie does not
   * decode. Another cookie that does not decode is left alone (any site on this host, on another
   * port, may set cookies the browser sends here too), and said only on a request without a session.
   */
  private session(req: http.IncomingMessage, kind: string): WebSession | null | 'malformed' {
    const all = cookies(req);
    const mine = all[this.cookie];
    const session = mine === null ? null : this.sessions.get(mine);
    if (session) return session;
    const bad = Object.keys(all).filter((name) => all[name] === null);
    if (bad.length) this.refusals.say(`${kind} with a malformed cookie (${what(bad.join(' '))})`);
    return mine === null ? 'malformed' : null;
  }

  private async request(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req, this.listening)) return refuse(res, 421, 'this address is not the hub’s');
    const url = requestTarget(req.url);
    if (!url) {
      this.refusals.say(`a request to a malformed address (${what(req.url)})`);
      return refuse(res, 400, 'that address is malformed');
    }
    if (req.method === 'POST' && !originAllowed(req, this.listening))
      return refuse(res, 403, 'a form from another site');
    if (url.pathname === '/login') return this.login(req, res, url);
    const session = this.session(req, 'a request');
    if (session === 'malformed') return refuse(res, 400, 'the session cookie is malformed');
    if (!session) return refuse(res, 401, 'Open the address <code>botster-tui web</code> shows in the hub.');
    // (the layout's link asks for it with the session's cookie: crossorigin="use-credentials")
    if (url.pathname === '/manifest.webmanifest')
      return send(res, 200, MANIFEST, 'application/manifest+json');
    if (url.pathname === '/icon.svg') return send(res, 200, SVG, 'image/svg+xml');
    const csrfOk = (form: Record<string, string>) => {
      const given = req.headers['x-csrf-token'] ?? form.authenticity_token;
      return typeof given === 'string' && sameSecret(given, session.csrf);
    };
    const push = {
      root: this.opts.root,
      sessions: this.sessions,
      log: this.opts.hub.log.bind(this.opts.hub),
    };
    if (await pushRoute(push, session, req, res, url, () => csrfOk({}))) return;
    await servePage(this.deps, session, req, res, url, csrfOk);
  }

  /** The token for a session cookie; the page then goes to / (the token leaves the address). */
  private login(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const token = url.searchParams.get('token') ?? '';
    const source = req.socket.remoteAddress ?? '';
    const wasLimited = this.sessions.limited(source);
    // (a right token is exchanged however many wrong ones came: sessions.ts)
    const s = this.sessions.exchange(token, req.headers['user-agent'] ?? 'unknown', source);
    if (!s && wasLimited)
      return refuse(res, 429, 'too many wrong tokens: wait a minute, then open a new address');
    if (!s && this.sessions.limited(source))
      this.opts.hub.log(
        'warn',
        `web: too many wrong tokens from ${source}; its next ones are refused for a minute`,
      );
    if (!s)
      return refuse(res, 401, 'This address was used or is too old: run <code>botster-tui web</code> again.');
    this.opts.hub.log('info', `web: session ${s.id} opened${s.readOnly ? ' (read-only)' : ''}`);
    // A page of our own moves on (not a redirect): a SameSite=Strict cookie set by a link followed
    // from another site would not be sent on its redirect.
    send(
      res,
      200,
      `<!doctype html>${FAVICON_LINK}<meta http-equiv="refresh" content="0;url=/"><title>Botster Hub</title>`,
      undefined,
      {
        'set-cookie': sessionCookie(s.secret, this.listening.scheme === 'https').replace(COOKIE, this.cookie),
      },
    );
  }

  private upgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    // Node hands an upgrade's socket over bare: a peer that resets it must not throw.
    socket.on('error', () => socket.destroy());
    const no = (status: string) => {
      if (!socket.writable) return void socket.destroy();
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      // (a peer that never reads or closes does not keep it)
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    try {
      if (!hostAllowed(req, this.listening)) return no('421 Misdirected Request');
      if (!originAllowed(req, this.listening)) return no('403 Forbidden');
      const url = requestTarget(req.url);
      if (!url) {
        this.refusals.say(`an upgrade to a malformed address (${what(req.url)})`);
        return no('400 Bad Request');
      }
      const session = this.session(req, 'an upgrade');
      if (session === 'malformed') return no('400 Bad Request');
      if (!session) return no('401 Unauthorized');
      if (url.pathname !== '/ws') return no('404 Not Found');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.sockets.add(ws, session));
    } catch (err) {
      this.opts.hub.log('error', `web: an upgrade failed: ${(err as Error).stack ?? err}`);
      no('500 Internal Server Error');
    }
  }

  /** A request Node could not parse (a malformed or oversized head): 4xx, and a line in the log. */
  private clientError(err: NodeJS.ErrnoException, socket: stream.Duplex): void {
    // (a peer that went away mid-request is not a malformed request)
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || !socket.writable || answering)
      return void socket.destroy();
    this.refusals.say(`a malformed request (${err.code ?? err.message})`);
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  /** A Web Push to every session's subscriptions (Lua's app:web_push); how many took it. */
  push(m: PushMessage): Promise<number> {
    return this.pusher.push(m);
  }

  /** Every open page loads again (Turbo's refresh: morphed in place). */
  refresh(): void {
    this.sockets.broadcast('<turbo-stream action="refresh"></turbo-stream>');
  }

  /** web.turbo_stream from Lua: rendered once per kind of session open, then to each page. */
  private async stream(s: StreamPush): Promise<void> {
    if (this.sockets.size === 0) return;
    const { readOnly, writable } = this.sockets.flavours();
    const html = async (ro: boolean) => {
      if (typeof s.html === 'string') return escapeText(s.html);
      const web = webContext(this.deps, { csrf: '', readOnly: ro });
      return this.deps.templates.render(s.html.template, { ...s.html.data, web });
    };
    try {
      const w = writable ? await html(false) : '';
      const r = readOnly ? await html(true) : w;
      const wrap = (body: string) =>
        `<turbo-stream action="${attr(s.action)}" target="${attr(s.target)}"${s.method === 'morph' ? ' method="morph"' : ''}><template>${body}</template></turbo-stream>`;
      this.sockets.broadcast(wrap(w), wrap(r));
    } catch (err) {
      this.opts.hub.log('error', `web: web.turbo_stream: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    for (const d of this.disposers.splice(0)) d();
    this.sockets.closeAll();
    this.wss.close();
    // Every connection goes, an upgrade's still being answered too: the server's close waits for
    // each (one left open once kept a stopping hub from ever exiting).
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A client's address as the log says it: printable, and short. */
const what = (url: string | undefined) => JSON.stringify(String(url).slice(0, 80));

const attr = (v: string) => v.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
/** A string given to web.turbo_stream is text, not markup (render() makes markup). */
const escapeText = attr;

const MANIFEST = JSON.stringify({
  name: 'Botster Hub',
  short_name: 'Botster',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  background_color: '#111111',
  theme_color: '#222222',
});

export function readTls(cert: string, key: string): { cert: string; key: string } {
  return { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') };
}
