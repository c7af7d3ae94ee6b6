import type net from 'node:net';
import type { PeerCred } from '../wire/control-request.js';
import { checkHello, spawnSpecs } from './attach-hello.js';
import { ClientTty, type TtyListener } from './client-tty.js';
import { trace } from '../trace/trace.js';
import {
  BACKLOG_LIMIT,
  HELLO_TIMEOUT_MS,
  backlog,
  clientRow,
  type AttachHost,
  type ClientRow,
  type Client,
  type KeySink,
} from './attach-client.js';

export type { AttachHost, KeySink } from './attach-client.js';
import {
  MAX_CLIENT_MESSAGE,
  MSG,
  MessageReader,
  encode,
  jsonPayload,
  sizeOf,
  clientView,
  type ClientView,
} from '../wire/protocol.js';

/**
 * The clients attached to a hub server: each sends its keys and size and gets its own frames
 * (the hub draws each client's view at its size). A client that stops reading never holds up the
 * server or the others: its frames are dropped until it drains.
 */
export class AttachServer implements TtyListener<Client> {
  private readonly clients = new Set<Client>();
  private seq = 0;
  private closed = false;
  /** Where clients' bytes go (AttachServer.sendKeys), and whose go to the host's `input` anyway. */
  private keysTo: KeySink | null = null;
  private held: string | null = null;

  constructor(private readonly host: AttachHost) {}

  get count(): number {
    let n = 0;
    for (const c of this.clients) if (c.attached) n++;
    return n;
  }

  /**
   * A connection the control socket handed over (its first byte was 0: the top byte of a length).
   * Nothing it sends is read until the kernel said who it is (`peer`, AttachHost.vet).
   */
  accept(sock: net.Socket, first: Buffer, peer?: () => Promise<PeerCred | null>): void {
    if (this.closed) return void sock.destroy();
    const client: Client = {
      id: `c${++this.seq}`,
      sock,
      attached: false,
      behind: false,
      cols: 0,
      rows: 0,
      tty: null,
      suspended: false,
      frames: 0,
      noColor: false,
      kind: '?',
    };
    this.clients.add(client);
    const reader = new MessageReader(MAX_CLIENT_MESSAGE);
    client.helloTimer = setTimeout(() => this.refuse(client, 'no HELLO within 5 s'), HELLO_TIMEOUT_MS);
    // Until the kernel answered: what it sent waits (an agent's HELLO must not reach the hub first).
    let held: Buffer[] | null = this.host.vet ? [] : null;
    const onData = (chunk: Buffer) => {
      if (!this.clients.has(client)) return;
      if (held) return void held.push(chunk);
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
      if (!client.tty) this.drained(client);
    });
    sock.on('close', () => {
      this.drop(client);
    });
    // The first byte (0, the top byte of HELLO's length) only told the control socket whose it is.
    onData(first);
    this.host
      .vet?.(peer)
      .catch((err: unknown) => `the hub could not tell who connects (${(err as Error).message})`)
      .then((no) => {
        const waiting = held ?? [];
        held = null;
        if (!this.clients.has(client)) return;
        if (no) return this.refuse(client, no, 'agent');
        for (const chunk of waiting) onData(chunk);
      });
  }

  private message(client: Client, type: number, payload: Buffer): void {
    if (!client.attached) {
      if (type !== MSG.HELLO) return this.refuse(client, 'the first message must be HELLO');
      return this.hello(client, jsonPayload(payload));
    }
    switch (type) {
      case MSG.INPUT:
        // (From a client whose terminal the server reads, keys come over the socket only if the
        // client read them itself: it must not, or the kernel splits the keys between the two.)
        if (client.tty)
          trace(`attach: ${client.id} sent keys over the socket though its terminal is the server's`);
        this.keys(client, payload);
        return;
      case MSG.RESIZE: {
        const size = sizeOf(jsonPayload(payload));
        if (!size) return this.refuse(client, 'RESIZE needs { cols, rows } as positive integers');
        client.cols = size.cols;
        client.rows = size.rows;
        this.host.resized(client.id, size.cols, size.rows);
        return;
      }
      case MSG.REDRAW:
        this.resumed(client);
        this.host.redraw(client.id, true);
        return;
      case MSG.STOP:
        this.suspendClient(client.id);
        return;
      case MSG.DETACH:
        return this.detach(client, 'detached');
      default:
        return this.refuse(client, `unknown message type ${type}`);
    }
  }

  private hello(client: Client, p: Record<string, unknown> | null): void {
    const checked = checkHello(p, this.host.version, this.host.home);
    if ('refusal' in checked) return this.refuse(client, checked.refusal, checked.reason);
    if (!p) return; // (checkHello refuses an empty HELLO)
    const size = checked.size;
    client.attached = true;
    client.noColor = p.noColor === true;
    client.kind = p.client === 'native' || p.client === 'node' ? p.client : '?';
    if (p.remote === true && typeof p.machine === 'string' && p.machine.trim())
      client.machine = p.machine.trim().slice(0, 100);
    clearTimeout(client.helloTimer);
    client.cols = size.cols;
    client.rows = size.rows;
    if (p.tty !== undefined) {
      client.claim = p.tty;
      this.useTty(client);
    }
    this.send(client, MSG.WELCOME, {
      version: this.host.version,
      pid: process.pid,
      home: this.host.home,
      direct: client.tty !== null,
    });
    trace(`attach: ${client.id} said hello (${client.tty ? 'its terminal is ours' : 'through the socket'})`);
    // (Only a client that reattaches comes back to a view: a fresh one starts as any does.)
    const view = typeof p.reattached === 'string' ? clientView(p.view) : null;
    this.host.attached(client.id, client.cols, client.rows, client.machine, view ?? undefined);
    this.host.changed?.(this.count);
    if (typeof p.version === 'string' && p.version !== this.host.version && p.remote !== true)
      this.host.otherRelease?.(p.version);
    if (typeof p.reattached === 'string' && p.reattached.trim())
      this.host.reattached?.(p.reattached.trim().slice(0, 200));
    const specs = spawnSpecs(p);
    if (specs.length > 0) {
      this.host.spawn(specs).catch((err) => this.host.log(`attach: spawning: ${(err as Error).message}`));
    }
  }

  /** The attached clients now: id, size, how much output waits for one that does not read, whether the server has its terminal. */
  list(): ClientRow[] {
    return [...this.clients].filter((c) => c.attached).map(clientRow);
  }

  /** Opens the client's claimed terminal; false (and said why in the log) when the socket carries its keys and frames. */
  private useTty(client: Client): boolean {
    const t = ClientTty.open(client.claim);
    if (typeof t === 'string') {
      this.host.log(`attach: ${client.id}: keys and frames go through the socket (${t})`);
      return false;
    }
    client.tty = t;
    t.listen(this, client);
    return true;
  }

  /** Bytes from a client's terminal (the server's read of it, or MSG.INPUT): to the hub's clients, no wiring between. */
  keys(client: Client, data: Buffer): void {
    if (!client.attached) return;
    const to = this.keysTo;
    if (to !== null && this.held !== client.id) to.input(client.id, data);
    else this.host.input(client.id, data);
  }

  drained(client: Client, t?: ClientTty): void {
    if (t && client.tty !== t) return;
    if (client.behind && client.attached && !client.suspended) {
      client.behind = false;
      this.host.redraw(client.id, false);
    }
  }

  /** The terminal hung up (its window closed): its client goes with it. */
  hungUp(client: Client, t: ClientTty): void {
    if (client.tty !== t) return;
    client.tty = null;
    client.sock.destroy();
  }

  /** Clients' bytes go to `to` from now on (null: the host's `input`, as do `held`'s: a box waits for its key). */
  sendKeys(to: KeySink | null, held: string | null = this.held): void {
    this.keysTo = to;
    this.held = held;
  }

  /** Back from ctrl+z (or a SIGCONT): its terminal is the server's again, or the socket's if it cannot be. */
  private resumed(client: Client): void {
    if (!client.suspended) return;
    client.suspended = false;
    client.behind = false;
    if (!this.useTty(client)) this.send(client, MSG.DIRECT, { direct: false });
  }

  /** The server lets go of the client's terminal; `then` once what it wrote is there (the client writes from then on). */
  private release(client: Client, then: () => void): void {
    const t = client.tty;
    client.tty = null;
    if (t) t.close(then);
    else then();
  }

  /**
   * Sends output to one client (its frame), or to every attached client without an id. One that
   * is not reading skips it and gets a whole frame once it drains; false when `id`'s was dropped.
   */
  write(data: string, id?: string): boolean {
    let sent = false;
    let msg: Buffer | null = null;
    for (const c of this.clients) {
      if (!c.attached || (id !== undefined && c.id !== id)) continue;
      // Once behind, nothing until it drained and asked for a whole frame: a diff would garble it.
      if (c.behind || c.suspended || backlog(c) > BACKLOG_LIMIT) {
        c.behind = true;
        continue;
      }
      if (c.tty) c.tty.write(data);
      else {
        msg ??= encode(MSG.OUTPUT, data);
        c.sock.write(msg);
      }
      if (c.frames++ === 0) trace(`attach: ${c.id} first frame written`);
      sent = true;
    }
    return id === undefined || sent;
  }

  /** Tells client `id` what it shows now (it says it back when it reattaches to a new server). */
  view(id: string, view: ClientView): void {
    const c = this.byId(id);
    if (c) this.send(c, MSG.VIEW, view);
  }

  /** Detaches a client (the `client.detach` command it sent); false when it is not attached. */
  /** Whether client `id` asked for no colours (NO_COLOR in its terminal's environment). */
  noColor(id: string): boolean {
    return [...this.clients].some((c) => c.id === id && c.noColor);
  }

  detachClient(id: string): boolean {
    const c = this.byId(id);
    if (!c) return false;
    this.detach(c, 'detached');
    return true;
  }

  /** Asks a client to suspend its terminal (ctrl+z); false when it is not attached. */
  suspendClient(id: string): boolean {
    const c = this.byId(id);
    if (!c) return false;
    if (c.suspended) return true;
    // Its terminal goes back to its shell: the server neither reads nor writes it until it is back.
    if (c.tty) c.suspended = true;
    this.release(c, () => this.send(c, MSG.SUSPEND));
    return true;
  }

  private byId(id: string): Client | undefined {
    for (const c of this.clients) if (c.attached && c.id === id) return c;
    return undefined;
  }

  private detach(
    client: Client,
    reason: string,
    message = 'detached; the agents keep running (botster-tui attach to come back)',
  ): void {
    this.release(client, () => {
      this.send(client, MSG.EXIT, { reason, message });
      client.sock.end();
    });
    this.drop(client);
  }

  /** A malformed or hostile message: say why and hang up. Never throws. */
  private refuse(client: Client, error: string, reason = 'protocol'): void {
    this.host.log(`attach: refused a client: ${error}`);
    this.release(client, () => {
      this.send(client, MSG.ERROR, { error, reason });
      client.sock.end();
      setTimeout(() => client.sock.destroy(), 1000).unref();
    });
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
    // (A release under way keeps flushing; otherwise the terminal is let go at once.)
    client.tty?.close();
    client.tty = null;
    if (!this.clients.delete(client)) return;
    const was = client.attached;
    client.attached = false;
    if (!was) return;
    this.host.detached(client.id);
    this.host.changed?.(this.count);
  }

  /**
   * Tells every client why the server stops, and closes them. `failed`: the server could not start;
   * every client, attached or still saying HELLO, gets it as an error (its exit code is 1).
   * Resolves once each was told (a client whose terminal the server writes to is told once what
   * was written there reached it, at most a second later): the control socket must not be closed
   * before, as closing it ends the connections still open, and the client would read its server as
   * lost (killed) instead of what it said.
   */
  close(reason: string, message: string, failed = false): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    const told: Array<Promise<void>> = [];
    for (const c of [...this.clients]) {
      const attached = c.attached;
      told.push(
        new Promise<void>((resolve) =>
          this.release(c, () => {
            if (failed) this.send(c, MSG.ERROR, { error: message, reason });
            else if (attached) this.send(c, MSG.EXIT, { reason, message });
            c.sock.end();
            // The server's socket closes once every connection did: a client that does not read
            // (stopped, its terminal frozen) must not keep the server from exiting.
            setTimeout(() => c.sock.destroy(), 1000).unref();
            resolve();
          }),
        ),
      );
      this.drop(c);
    }
    return Promise.all(told).then(() => {});
  }
}
