import type net from 'node:net';
import { sameHome } from './same-home.js';
import { MAX_CLIENT_MESSAGE, MSG, MessageReader, PROTOCOL, encode, jsonPayload, sizeOf } from './protocol.js';

/** What the attach side needs from the hub it serves. */
export interface AttachHost {
  home: string;
  version: string;
  /** Render at this size from now on (the most recently active client's). */
  resize(cols: number, rows: number): void;
  /** Paint the whole frame next time (a client needs every cell). */
  redraw(): void;
  input(data: Buffer): void;
  /** Agents a client asked for when it attached (`botster-tui --agent CMD` on a running server). */
  spawn(specs: Array<{ command: string; cwd?: string }>): Promise<void>;
  log(message: string): void;
  /** The number of attached clients changed. */
  changed?(clients: number): void;
}

// A client that stops reading: past this much unsent output its frames are dropped, and it gets a
// whole frame once it reads again. The server never waits for a client.
const BACKLOG_LIMIT = 1024 * 1024;
const HELLO_TIMEOUT_MS = 5000;

interface Client {
  sock: net.Socket;
  attached: boolean;
  /** Frames were dropped while it was not reading: it needs a whole one. */
  behind: boolean;
  cols: number;
  rows: number;
  helloTimer?: NodeJS.Timeout;
}

/**
 * The clients attached to a hub server: each gets the frames, sends its keys and size. The hub
 * draws at the size of the client that was active last (tmux's `window-size latest`).
 */
export class AttachServer {
  private readonly clients = new Set<Client>();
  private active: Client | null = null;
  private closed = false;

  constructor(private readonly host: AttachHost) {}

  get count(): number {
    let n = 0;
    for (const c of this.clients) if (c.attached) n++;
    return n;
  }

  /** A connection the control socket handed over (its first byte was 0: the top byte of a length). */
  accept(sock: net.Socket, first: Buffer): void {
    if (this.closed) return void sock.destroy();
    const client: Client = { sock, attached: false, behind: false, cols: 0, rows: 0 };
    this.clients.add(client);
    const reader = new MessageReader(MAX_CLIENT_MESSAGE);
    client.helloTimer = setTimeout(() => this.refuse(client, 'no HELLO within 5 s'), HELLO_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      if (!this.clients.has(client)) return;
      const { messages, error } = reader.push(chunk);
      try {
        for (const m of messages) {
          if (!this.clients.has(client)) return;
          this.message(client, m.type, m.payload);
        }
      } catch (err) {
        this.host.log(`attach: ${(err as Error).stack ?? err}`);
        return this.refuse(client, 'the server failed on that message');
      }
      if (error) this.refuse(client, error);
    };
    sock.on('data', onData);
    sock.on('end', () => sock.destroy());
    sock.on('error', () => sock.destroy());
    sock.on('drain', () => {
      if (client.behind && client.attached) {
        client.behind = false;
        this.host.redraw();
      }
    });
    sock.on('close', () => {
      this.drop(client);
    });
    // The first byte (0, the top byte of HELLO's length) only told the control socket whose it is.
    onData(first);
  }

  private message(client: Client, type: number, payload: Buffer): void {
    if (!client.attached) {
      if (type !== MSG.HELLO) return this.refuse(client, 'the first message must be HELLO');
      return this.hello(client, jsonPayload(payload));
    }
    switch (type) {
      case MSG.INPUT:
        this.activate(client);
        this.host.input(payload);
        return;
      case MSG.RESIZE: {
        const size = sizeOf(jsonPayload(payload));
        if (!size) return this.refuse(client, 'RESIZE needs { cols, rows } as positive integers');
        client.cols = size.cols;
        client.rows = size.rows;
        if (this.active === client) this.host.resize(size.cols, size.rows);
        return;
      }
      case MSG.REDRAW:
        this.activate(client);
        this.host.redraw();
        return;
      case MSG.DETACH:
        return this.detach(client, 'detached');
      default:
        return this.refuse(client, `unknown message type ${type}`);
    }
  }

  private hello(client: Client, p: Record<string, unknown> | null): void {
    const size = sizeOf(p);
    if (!p || !size) return this.refuse(client, 'HELLO needs { protocol, version, home, cols, rows }');
    if (p.protocol !== PROTOCOL || p.version !== this.host.version) {
      const theirs = `botster-tui ${String(p.version)} (protocol ${String(p.protocol)})`;
      return this.refuse(
        client,
        `the hub server runs botster-tui ${this.host.version} (protocol ${PROTOCOL}) and this is ${theirs}. ` +
          `Restart the server to use this version: botster-tui kill-server --home ${quote(this.host.home)} (this stops its agents; --restore brings them back), then botster-tui`,
        'version',
      );
    }
    if (typeof p.home !== 'string' || !sameHome(p.home, this.host.home)) {
      return this.refuse(client, `this server serves the home ${this.host.home}, not ${String(p.home)}`, 'home');
    }
    client.attached = true;
    clearTimeout(client.helloTimer);
    client.cols = size.cols;
    client.rows = size.rows;
    this.send(client, MSG.WELCOME, { version: this.host.version, pid: process.pid, home: this.host.home });
    this.active = null;
    this.activate(client);
    this.host.changed?.(this.count);
    const specs = Array.isArray(p.spawn) ? p.spawn.filter((s): s is { command: string; cwd?: string } => !!s && typeof s.command === 'string' && s.command.trim() !== '') : [];
    if (specs.length > 0) {
      this.host.spawn(specs.map((s) => ({ command: s.command, cwd: typeof s.cwd === 'string' ? s.cwd : undefined }))).catch((err) => this.host.log(`attach: spawning: ${(err as Error).message}`));
    }
  }

  /** The client that typed last sets the size; switching clients repaints everything. */
  private activate(client: Client): void {
    if (this.active === client) return;
    this.active = client;
    this.host.resize(client.cols, client.rows);
    this.host.redraw();
  }

  /** Sends a frame to every attached client; one that is not reading skips it (and gets a whole frame later). */
  broadcast(data: string): void {
    if (this.clients.size === 0) return;
    const msg = encode(MSG.OUTPUT, Buffer.from(data, 'utf8'));
    for (const c of this.clients) {
      if (!c.attached) continue;
      if (c.sock.writableLength > BACKLOG_LIMIT) {
        c.behind = true;
        continue;
      }
      c.sock.write(msg);
    }
  }

  /** Detaches the active client (the `client.detach` command); false when none is attached. */
  detachActive(): boolean {
    if (!this.active) return false;
    this.detach(this.active, 'detached');
    return true;
  }

  /** Asks the active client to suspend its terminal (ctrl+z); false when none is attached. */
  suspendActive(): boolean {
    if (!this.active) return false;
    this.send(this.active, MSG.SUSPEND);
    return true;
  }

  private detach(client: Client, reason: string, message = 'detached; the agents keep running (botster-tui attach to come back)'): void {
    this.send(client, MSG.EXIT, { reason, message });
    client.sock.end();
    this.drop(client);
  }

  /** A malformed or hostile message: say why and hang up. Never throws. */
  private refuse(client: Client, error: string, reason = 'protocol'): void {
    this.host.log(`attach: refused a client: ${error}`);
    this.send(client, MSG.ERROR, { error, reason });
    client.sock.end();
    setTimeout(() => client.sock.destroy(), 1000).unref();
    this.drop(client);
  }

  private send(client: Client, type: number, payload?: object): void {
    if (client.sock.destroyed || !client.sock.writable) return;
    try {
      client.sock.write(encode(type, payload));
    } catch {
      client.sock.destroy();
    }
  }

  private drop(client: Client): void {
    clearTimeout(client.helloTimer);
    if (!this.clients.delete(client)) return;
    const was = client.attached;
    client.attached = false;
    if (this.active === client) {
      this.active = null;
      // Another client (the most recent one) sets the size now.
      const next = [...this.clients].reverse().find((c) => c.attached);
      if (next) this.activate(next);
    }
    if (was) this.host.changed?.(this.count);
  }

  /** Tells every client why the server stops, and closes them. */
  close(reason: string, message: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of [...this.clients]) {
      if (c.attached) this.send(c, MSG.EXIT, { reason, message });
      c.sock.end();
      this.drop(c);
    }
  }
}

function quote(s: string): string {
  return /^[\w./~=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
