import { linkForBoxes, unlinkForBoxes } from './box-socket.js';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { checkSocketPathLength } from '../wire/socket-path.js';
import { errMessage, type ControlHandler } from '../wire/control-request.js';
import { nativeClient } from '../wire/find-native.js';
import type { NativeFound } from '../wire/find-native.js';
import { serveConnection, type ConnectionHost } from './control-connection.js';
import {
  clearStaleSocket,
  closeKeepingForeignFile,
  errCode,
  HUB_RUNNING,
  listenOwnerOnly,
  underClaimLock,
  type Inode,
} from './socket-file.js';

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
  onBinary?: ConnectionHost['onBinary'];
  /**
   * The native client that asks the kernel who each peer is (default: this install's, as
   * find-native.ts finds it), or why there is none: then every caller is held to an agent's rules.
   */
  peerClient?: NativeFound;
}

export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

export { HUB_RUNNING };

export class ControlServer {
  readonly path: string;
  /** Why the kernel cannot be asked who connects here (no native client), or null: it is asked. */
  readonly blind: string | null;
  private readonly log: (msg: string) => void;
  /** What each connection needs from the server (control-connection.ts). */
  private readonly host: ConnectionHost;
  private server: net.Server | undefined;
  private readonly clients = new Set<net.Socket>();
  /** How each open stream (events) ends with a last line when the hub stops. */
  private readonly streamEnders = new Set<(last: Record<string, unknown>) => void>();
  private inode: Inode | undefined;
  private closed = false;
  private listening = false;

  constructor(opts: ControlServerOptions) {
    this.path = path.resolve(opts.path);
    this.log = opts.log ?? (() => {});
    const peerClient = opts.peerClient ?? nativeClient();
    this.blind = peerClient.path === null ? peerClient.why : null;
    this.host = {
      handler: opts.handler,
      maxRequestBytes: opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      log: this.log,
      peerClient,
      onBinary: opts.onBinary,
      release: (sock) => this.clients.delete(sock),
      onEnder: (end) => (this.streamEnders.add(end), () => this.streamEnders.delete(end)),
    };
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
      // Two hubs starting at once (two clients reattaching) take turns (see underClaimLock); one
      // that does not claim this way may still slip in between our unlink and bind: look again.
      await underClaimLock(this.path, async () => {
        for (let attempt = 0; ; attempt++) {
          await clearStaleSocket(this.path, this.log);
          try {
            await this.bind();
            return;
          } catch (err) {
            if (errCode(err) !== 'EADDRINUSE' || attempt >= 2) throw err;
          }
        }
      });
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
    unlinkForBoxes(this.path, this.inode);
    closeKeepingForeignFile(server, this.path, this.inode, this.log);
    return this.stopping;
  }

  dispose(): Promise<void> {
    return this.close();
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
          linkForBoxes(this.path, this.log);
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
      listenOwnerOnly(server, this.path);
    });
  }

  private accept(sock: net.Socket): void {
    if (this.closed) {
      sock.destroy();
      return;
    }
    this.clients.add(sock);
    serveConnection(sock, this.host);
  }
}
