import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { LineBuffer } from '../wire/line-buffer.js';
import { checkSocketPathLength } from '../wire/socket-path.js';
import {
  encodeReply,
  errMessage,
  parseRequest,
  replyTo,
  type ControlContext,
  type PeerCred,
  type ControlHandler,
} from '../wire/control-request.js';
import { pipeStream } from './control-stream.js';
import { nativeClient, peerCred } from './peer-cred.js';
import { ControlLink, ControlStream } from '../wire/control-replies.js';
import { pipeLink } from './control-link.js';

/**
 * The hub's control socket: newline-delimited JSON over a unix socket only the user can open.
 * Each request line gets exactly one reply line, `{ id, ok: true, ...body }` or
 * `{ id, ok: false, error }`, in order per connection. Nothing a client sends can crash the hub.
 */

export type { ControlHandler, ControlRequest } from '../wire/control-request.js';

export interface ControlServerOptions {
  path: string;
  handler: ControlHandler;
  /** Longest request line in bytes (default 1 MiB); a longer one gets an error and the connection is closed. */
  maxRequestBytes?: number;
  log?: (msg: string) => void;
  /** A connection whose first byte is 0 (never the start of a JSON line) speaks the attach protocol: it is handed over whole. */
  onBinary?: (sock: net.Socket, first: Buffer) => void;
}

export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
// A client that writes requests without reading replies: stop reading until we catch up.
const PAUSE_QUEUE_AT = 256;
// How long listen() waits for an existing socket to accept before calling it live (never steal on doubt).
const PROBE_TIMEOUT_MS = 1000;
// A socket that refuses may be a rival's between its bind and its listen (two syscalls; a busy
// machine can preempt it between them): ask again after this long before calling it stale.
const STALE_RECHECK_MS = 100;
const OVERFLOW = Symbol('overflow');

type Probe = 'live' | 'stale' | 'gone';

/** The `code` of listen()'s error when a live hub already answers on the path. */
export const HUB_RUNNING = 'HUB_RUNNING';

export class ControlServer {
  readonly path: string;
  private readonly handler: ControlHandler;
  private readonly maxRequestBytes: number;
  private readonly log: (msg: string) => void;
  private readonly onBinary?: (sock: net.Socket, first: Buffer) => void;
  /** Whether the kernel can be asked who a peer is here (the native client reads SO_PEERCRED). */
  private readonly tellPeer = nativeClient() !== null;
  private server: net.Server | undefined;
  private readonly clients = new Set<net.Socket>();
  /** How each open stream (events) ends with a last line when the hub stops. */
  private readonly streamEnders = new Set<(last: Record<string, unknown>) => void>();
  private inode: { dev: number; ino: number } | undefined;
  private closed = false;
  private listening = false;

  constructor(opts: ControlServerOptions) {
    this.path = path.resolve(opts.path);
    this.handler = opts.handler;
    this.maxRequestBytes = opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.log = opts.log ?? (() => {});
    this.onBinary = opts.onBinary;
  }

  /**
   * Creates the socket (mode 0600). A stale socket left by a dead hub is replaced; a live one is
   * left alone and this rejects with "another hub is running on PATH".
   */
  async listen(): Promise<void> {
    if (this.closed) throw new Error('control socket: listen() after close()');
    if (this.listening) throw new Error('control socket: already listening');
    this.listening = true;
    try {
      checkSocketPathLength(this.path);
      await fs.promises.mkdir(path.dirname(this.path), { recursive: true, mode: 0o700 });
      // A rival hub may slip in between our unlink and bind: look again rather than fail at once.
      for (let attempt = 0; ; attempt++) {
        await this.clearStaleSocket();
        try {
          await this.bind();
          return;
        } catch (err) {
          if (errCode(err) !== 'EADDRINUSE' || attempt >= 2) throw err;
        }
      }
    } catch (err) {
      this.listening = false;
      throw err;
    }
  }

  /** Closes every client and the socket, and removes the socket file if it is still ours. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const server = this.server;
    this.server = undefined;
    // Subscribers get a last line saying why the stream ended (their sockets end, then go).
    for (const end of [...this.streamEnders]) end({ ok: true, event: 'hub_stopped' });
    for (const c of this.clients) if (!c.writableEnded) c.destroy();
    this.clients.clear();
    if (!server) return;
    await this.stopAccepting(server);
  }

  /**
   * Takes no more connections (the socket file goes at once, if still ours) and keeps the open
   * ones; close() ends those. A crashing server does this before telling its clients, so the one
   * that reattaches finds no socket and starts the next server, instead of connecting to this one.
   */
  stopListening(): void {
    if (this.server) void this.stopAccepting(this.server);
  }

  private stopping: Promise<void> | undefined;
  private stopAccepting(server: net.Server): Promise<void> {
    if (this.stopping) return this.stopping;
    // (Its 'close' comes once the last open connection ended.)
    this.stopping = new Promise<void>((resolve) => server.once('close', () => resolve()));
    this.closeHandleKeepingForeignFile(server);
    return this.stopping;
  }

  dispose(): Promise<void> {
    return this.close();
  }

  /**
   * libuv unlinks a pipe server's path on close, whatever file is there by then. If our socket was
   * removed and another hub now owns the path, move its file aside for the (synchronous) close and
   * put it back, so closing never deletes someone else's socket.
   */
  private closeHandleKeepingForeignFile(server: net.Server): void {
    let foreign = false;
    try {
      const st = fs.lstatSync(this.path);
      foreign = !this.inode || st.ino !== this.inode.ino || st.dev !== this.inode.dev;
    } catch {
      foreign = false; // gone: libuv's unlink fails harmlessly
    }
    if (!foreign) {
      server.close();
      return;
    }
    const aside = `${this.path}.${process.pid}.keep`;
    try {
      fs.renameSync(this.path, aside);
    } catch {
      server.close();
      return;
    }
    try {
      server.close();
    } finally {
      try {
        fs.renameSync(aside, this.path);
      } catch (err) {
        this.log(`control socket: could not restore ${this.path}: ${errMessage(err)}`);
      }
    }
  }

  /** Throws when the path holds a live hub or something that is not a socket; removes a stale socket. */
  private async clearStaleSocket(): Promise<void> {
    let st: fs.Stats;
    try {
      st = await fs.promises.lstat(this.path);
    } catch (err) {
      if (errCode(err) === 'ENOENT') return;
      throw err;
    }
    if (!st.isSocket()) throw new Error(`${this.path} exists and is not a socket; not replacing it`);
    let state = await probe(this.path);
    if (state === 'stale') {
      await new Promise((resolve) => setTimeout(resolve, STALE_RECHECK_MS));
      state = await probe(this.path);
    }
    if (state === 'live')
      throw Object.assign(new Error(`another hub is running on ${this.path}`), { code: HUB_RUNNING });
    if (state === 'gone') return;
    try {
      // Only the file we probed: not one a rival hub created meanwhile.
      const now = fs.lstatSync(this.path);
      if (now.ino !== st.ino || now.dev !== st.dev) return;
      fs.unlinkSync(this.path);
      this.log(`control socket: replaced the stale socket ${this.path}`);
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
    }
  }

  private bind(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // allowHalfOpen: a client may send its request and shut its side; it still gets the reply.
      const server = net.createServer({ allowHalfOpen: true }, (sock) => this.accept(sock));
      server.once('error', reject);
      server.once('listening', () => {
        server.off('error', reject);
        try {
          fs.chmodSync(this.path, 0o600);
          const st = fs.statSync(this.path);
          this.inode = { dev: st.dev, ino: st.ino };
        } catch (err) {
          server.close();
          reject(err);
          return;
        }
        server.on('error', (err) => this.log(`control socket: ${errMessage(err)}`));
        if (this.closed) {
          // close() was called while we were binding.
          this.closed = false;
          this.server = server;
          void this.close();
          reject(new Error('control socket: closed while listening'));
          return;
        }
        this.server = server;
        resolve();
      });
      // The bind happens synchronously inside listen() (not in a cluster worker, hence exclusive), so
      // a umask set around it makes the socket 0600 from its first instant: no window in which another
      // user could connect. Worker threads cannot change the umask; the chmod above still applies.
      let oldMask: number | undefined;
      try {
        oldMask = process.umask(0o177);
      } catch {
        oldMask = undefined;
      }
      try {
        server.listen({ path: this.path, exclusive: true });
      } finally {
        if (oldMask !== undefined) process.umask(oldMask);
      }
    });
  }

  private accept(sock: net.Socket): void {
    if (this.closed) {
      sock.destroy();
      return;
    }
    this.clients.add(sock);
    const buffer = new LineBuffer(this.maxRequestBytes);
    const queue: Array<string | typeof OVERFLOW> = [];
    let head = 0;
    let pumping = false;
    let inputDone = false; // EOF seen, or an oversized line: take no more input
    let dead = false;
    const aborter = new AbortController();
    let peer: Promise<PeerCred | null> | undefined;
    // Asked once per connection, as its first bytes arrive (a client that writes and exits at once
    // must still be told: once it is gone from /proc it is unknown, never taken for the user).
    const askPeer = () => (peer ??= peerCred(sock));
    const ctx: ControlContext = {
      signal: aborter.signal,
      ...(this.tellPeer ? { peer: askPeer } : {}),
    };

    const pending = () => queue.length - head;
    const enqueue = (item: string | typeof OVERFLOW) => {
      queue.push(item);
      if (pending() >= PAUSE_QUEUE_AT) sock.pause();
    };

    const pump = async (): Promise<void> => {
      if (pumping) return;
      pumping = true;
      try {
        while (!dead && !sock.destroyed && pending() > 0) {
          const item = queue[head++];
          if (head > 1024 && head * 2 > queue.length) {
            queue.splice(0, head);
            head = 0;
          }
          if (sock.isPaused() && !inputDone && pending() < PAUSE_QUEUE_AT / 2) sock.resume();
          if (item === OVERFLOW) {
            this.log(`control socket: request over ${this.maxRequestBytes} bytes; closing the connection`);
            sock.end(
              encodeReply({ ok: false, error: `request too large (over ${this.maxRequestBytes} bytes)` }) +
                '\n',
              () => sock.destroy(),
            );
            dead = true;
            return;
          }
          const { reply, stream } = await this.answer(item, ctx);
          if (dead || sock.destroyed) return;
          if (!sock.write(reply + '\n')) await drained(sock);
          if (stream instanceof ControlLink) {
            // The connection is the link's from here, both ways: what came after the request is its first input.
            inputDone = true;
            dead = true;
            const rest = queue.slice(head).filter((l): l is string => l !== OVERFLOW);
            queue.length = 0;
            head = 0;
            if (sock.isPaused()) sock.resume();
            const onEnder = (end: (last: Record<string, unknown>) => void) => (
              this.streamEnders.add(end),
              () => this.streamEnders.delete(end)
            );
            await pipeLink(sock, stream, {
              log: this.log,
              onEnder,
              feed: (take) => ((linked = take), rest.forEach(take)),
            });
            return;
          }
          if (stream) {
            // The connection is the stream's from here: nothing after it is read.
            inputDone = true;
            dead = true;
            await pipeStream(sock, stream, {
              log: this.log,
              onEnder: (end) => (this.streamEnders.add(end), () => this.streamEnders.delete(end)),
            });
            return;
          }
        }
        if (inputDone && !dead && !sock.destroyed) sock.end();
      } finally {
        pumping = false;
      }
    };
    const kick = () => {
      pump().catch((err) => {
        this.log(`control socket: ${errMessage(err)}`);
        sock.destroy();
      });
    };

    let first = true;
    let linked: ((line: string) => void) | null = null;
    sock.on('data', (chunk: Buffer) => {
      if (linked) {
        const { lines, overflow } = buffer.push(chunk);
        for (const line of lines) linked(line);
        if (overflow) sock.destroy();
        return;
      }
      if (first && chunk.length > 0) {
        first = false;
        if (chunk[0] === 0 && this.onBinary) {
          // Not ours any more: the attach side owns (and closes) it from here.
          sock.removeAllListeners('data');
          sock.removeAllListeners('end');
          this.clients.delete(sock);
          this.onBinary(sock, chunk);
          return;
        }
      }
      if (inputDone || dead) return;
      if (this.tellPeer) void askPeer();
      const { lines, overflow } = buffer.push(chunk);
      for (const line of lines) enqueue(line);
      if (overflow) {
        inputDone = true;
        sock.pause(); // stop buffering the rest of it
        enqueue(OVERFLOW);
      }
      kick();
    });
    sock.on('end', () => {
      if (!inputDone) {
        inputDone = true;
        const last = buffer.end(); // a last request without its newline still counts
        if (last !== null) enqueue(last);
      }
      kick();
    });
    sock.on('error', (err) => {
      // EPIPE / ECONNRESET are just a client going away mid-reply.
      const code = errCode(err);
      if (code !== 'EPIPE' && code !== 'ECONNRESET') this.log(`control socket: client: ${errMessage(err)}`);
      sock.destroy();
    });
    sock.on('close', () => {
      dead = true;
      aborter.abort();
      queue.length = 0;
      head = 0;
      this.clients.delete(sock);
    });
  }

  /** One request line -> one reply line (and, for a stream, what follows it). Never throws. */
  private async answer(
    line: string,
    ctx: ControlContext,
  ): Promise<{ reply: string; stream?: ControlStream | ControlLink }> {
    const parsed = parseRequest(line);
    if ('reply' in parsed) return { reply: parsed.reply };
    try {
      const body = await this.handler(parsed.req, ctx);
      if (body instanceof ControlStream || body instanceof ControlLink)
        return { reply: replyTo(parsed.req, { body: body.body }), stream: body };
      return { reply: replyTo(parsed.req, { body }) };
    } catch (err) {
      return { reply: replyTo(parsed.req, { err }) };
    }
  }
}

/** Is a hub accepting connections on `socketPath`? */
function probe(socketPath: string): Promise<Probe> {
  return new Promise<Probe>((resolve, reject) => {
    const sock = net.createConnection(socketPath);
    const finish = (v: Probe | Error) => {
      clearTimeout(timer);
      sock.destroy();
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
    const timer = setTimeout(() => finish('live'), PROBE_TIMEOUT_MS);
    sock.once('connect', () => finish('live'));
    sock.once('error', (err) => {
      const code = errCode(err);
      if (code === 'ECONNREFUSED') finish('stale');
      else if (code === 'ENOENT') finish('gone');
      else if (code === 'EAGAIN')
        finish('live'); // backlog full: alive, just busy
      else finish(new Error(`cannot check the existing socket ${socketPath}: ${errMessage(err)}`));
    });
  });
}

function drained(sock: net.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      sock.off('drain', done);
      sock.off('close', done);
      resolve();
    };
    sock.on('drain', done);
    sock.on('close', done);
  });
}

function errCode(err: unknown): string | undefined {
  return err && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;
}
