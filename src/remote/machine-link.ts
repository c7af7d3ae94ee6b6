import type { Duplex } from 'node:stream';
import type { Dialer } from '../wire/dialer.js';
import { CONTROL_PROTOCOL, type AgentRow } from '../wire/control-request.js';
import { LineBuffer } from '../wire/line-buffer.js';
import type { RemoteEnd } from './remote-pty.js';
import type { MachineSpec } from './machine-spec.js';

export type { MachineSpec } from './machine-spec.js';

// The link from this hub to another machine's (machines.define, settings.machines): one connection
// through the command that reaches it (ssh, podman exec, ...) and `botster-tui proxy` there, speaking the control socket's `link` (src/verbs/link.ts). It
// keeps the rows of that hub's agents, the screens of those shown here, and requests by id. When
// the machine cannot be reached it says why and tries again later, each time waiting longer; it
// never holds up this hub.

export type LinkState = 'connecting' | 'connected' | 'unreachable';

export interface LinkEvents {
  /** Every agent there, on (re)connecting. */
  rows(rows: AgentRow[]): void;
  /** Something about one changed (or it started). */
  agent(row: AgentRow): void;
  closed(id: string): void;
  bell(id: string): void;
  screen(id: string, update: { cols: number; rows: number; data: string }): void;
  /** The link's state changed (state, error, retryAt). */
  changed(): void;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;
const HEARTBEAT_MS = 30_000;
const REQUEST_MS = 30_000;
const MAX_LINE = 64 * 1024 * 1024;

export class MachineLink implements RemoteEnd {
  state: LinkState = 'connecting';
  /** Why it is unreachable (the ssh error, the remote's refusal). */
  error: string | null = null;
  /** When the next try is (ms, performance.now()). */
  retryAt: number | null = null;
  /** The botster-tui that answered there. */
  version: string | null = null;
  /** Bytes over the link, both ways (ls shows them; the bench reads them). */
  bytesIn = 0;
  bytesOut = 0;

  private stream: Duplex | null = null;
  private seq = 0;
  private readonly pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout }
  >();
  /** Agents shown here (by their id there), with the size their panel wants. */
  private readonly watched = new Map<string, { cols: number; rows: number }>();
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private disposed = false;

  /** Its hub said it stopped (kill-server there): it is not started again from here. */
  private stoppedThere = false;
  /** It was connected once: a hub started there later brings back the agents the last one ran. */
  private linkedOnce = false;

  constructor(
    readonly spec: MachineSpec,
    /**
     * A dialer that starts the hub there when none runs (`start`), or only finds it. A machine that
     * went away (a container killed, a host rebooted) gets its hub started again when it is back;
     * a hub stopped there on purpose (its last words on the link said so) stays stopped, and the
     * machine says there is none until one runs there again. `restore`: a hub started there
     * brings back the agents the last one ran there, each in its conversation.
     */
    private readonly dialer: (start: boolean, restore: boolean) => Dialer,
    private readonly on: LinkEvents,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.disposed) return;
    // A retry stays unreachable, with its reason, until it connects: `machines` never flickers to
    // "connecting" and loses why.
    if (this.state === 'unreachable') {
      this.retryAt = null;
      this.on.changed();
    } else this.setState('connecting', null);
    let stream: Duplex;
    try {
      stream = (await this.dialer(!this.stoppedThere, this.linkedOnce).dial()).stream;
    } catch (err) {
      return this.lost((err as Error).message);
    }
    if (this.disposed) return void stream.destroy();
    this.stream = stream;
    const lines = new LineBuffer(MAX_LINE);
    let linked = false;
    stream.on('data', (chunk: Buffer) => {
      this.bytesIn += chunk.length;
      const { lines: got, overflow } = lines.push(chunk);
      for (const text of got) {
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (!linked) {
          linked = true;
          if (msg.ok !== true)
            return this.drop(stream, `its hub refused the link: ${String(msg.error ?? 'no reason given')}`);
          this.version = typeof msg.version === 'string' ? msg.version : null;
          void this.linked();
          continue;
        }
        this.take(msg);
      }
      if (overflow) this.drop(stream, 'its hub sent a line too long to read');
    });
    stream.on('error', () => {});
    stream.on('close', () => {
      if (this.stream === stream) this.lost(this.error ?? 'the connection was lost');
    });
    this.send({ v: CONTROL_PROTOCOL, id: 0, op: 'link' });
  }

  /** The link is up: the agents there, and the screens of those shown here again. */
  private async linked(): Promise<void> {
    try {
      const reply = await this.request({ op: 'agents' });
      if (reply.ok !== true) throw new Error(String(reply.error));
      this.retryMs = FIRST_RETRY_MS;
      this.lastError = null;
      this.stoppedThere = false;
      this.linkedOnce = true;
      this.setState('connected', null);
      this.on.rows((reply.agents as AgentRow[]) ?? []);
      for (const [id, size] of this.watched) this.send({ op: 'watch', agent: id, ...size });
      this.heartbeat = setInterval(() => {
        // A link that went silent (a dropped network ssh has not noticed yet) is closed and tried again.
        this.request({ op: 'ping' }, 20_000).catch(() => this.stream?.destroy());
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    } catch (err) {
      if (this.stream) this.drop(this.stream, (err as Error).message);
    }
  }

  private take(msg: Record<string, unknown>): void {
    if (typeof msg.screen === 'string') {
      const { cols, rows, data } = msg as { cols: number; rows: number; data: string };
      if (this.watched.has(msg.screen) && typeof data === 'string')
        this.on.screen(msg.screen, { cols, rows, data });
      return;
    }
    if (msg.event === 'agent' && msg.agent) return this.on.agent(msg.agent as AgentRow);
    if (msg.event === 'closed' && typeof msg.id === 'string') return this.on.closed(msg.id);
    if (msg.event === 'bell' && typeof msg.id === 'string') return this.on.bell(msg.id);
    // Its hub's last words: it stopped on purpose (kill-server), not a machine that went away.
    if (msg.event === 'hub_stopped') {
      this.stoppedThere = true;
      this.error = 'its hub was stopped there';
      return;
    }
    if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (p.timer) clearTimeout(p.timer);
      p.resolve(msg);
    }
  }

  /** A control request to that hub (any op the socket takes), answered when it finishes. */
  request(
    req: Record<string, unknown> & { op: string },
    timeoutMs = REQUEST_MS,
  ): Promise<Record<string, unknown>> {
    // No stream while unreachable; a retry's stream carries the link's own first questions.
    if (!this.stream) return Promise.reject(new Error(this.unreachable()));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.pending.delete(id);
            reject(new Error(`${this.spec.name} did not answer within ${Math.round(timeoutMs / 1000)} s`));
          }, timeoutMs)
        : undefined;
      this.pending.set(id, { resolve, reject, timer });
      this.send({ ...req, id });
    });
  }

  /** Why nothing can be asked there now. */
  unreachable(): string {
    const why = this.error ?? this.lastError;
    return `${this.spec.name} cannot be reached${why ? `: ${why}` : ' now'}`;
  }

  /** Why the last try failed (kept while the next one is under way). */
  private lastError: string | null = null;

  /** Shown here now: its screen comes over the link, at this size. */
  watch(id: string, cols: number, rows: number): void {
    const had = this.watched.get(id);
    if (had && had.cols === cols && had.rows === rows) return;
    this.watched.set(id, { cols, rows });
    if (!had) this.send({ op: 'watch', agent: id, cols, rows });
    else this.resize(id, cols, rows);
  }

  /** Not shown here any more: only its state comes. */
  unwatch(id: string): void {
    if (this.watched.delete(id)) this.send({ op: 'unwatch', agent: id });
  }

  isWatched(id: string): boolean {
    return this.watched.has(id);
  }

  input(id: string, data: string): void {
    this.send({ op: 'input', agent: id, data });
  }

  resize(id: string, cols: number, rows: number): void {
    const w = this.watched.get(id);
    if (w) this.watched.set(id, { cols, rows });
    this.send({ op: 'resize', agent: id, cols, rows });
  }

  kill(id: string): void {
    this.request({ op: 'kill', agent: `id:${id}` }).catch(() => {});
  }

  private send(msg: Record<string, unknown>): void {
    const s = this.stream;
    if (!s || s.destroyed) return;
    const line = JSON.stringify(msg) + '\n';
    this.bytesOut += Buffer.byteLength(line);
    s.write(line);
  }

  private drop(stream: Duplex, why: string): void {
    this.error = why;
    stream.destroy();
  }

  /** Lost or never made: say why, and try again later (1 s, 2 s, 4 s ... at most a minute). */
  private lost(why: string): void {
    this.stream = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new Error(`${this.spec.name}: ${why}`));
    }
    this.pending.clear();
    if (this.disposed) return;
    this.retryAt = performance.now() + this.retryMs;
    this.lastError = why;
    this.setState('unreachable', why);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private setState(state: LinkState, error: string | null): void {
    this.state = state;
    this.error = error;
    if (state !== 'unreachable') this.retryAt = null;
    this.on.changed();
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const s = this.stream;
    this.stream = null;
    s?.destroy();
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new Error(`${this.spec.name}: the link was closed`));
    }
    this.pending.clear();
  }
}
