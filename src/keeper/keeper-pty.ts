import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { PtyExit, PtyProcess } from '../pty/pty-process.js';
import { ExitListeners } from '../pty/exit-listeners.js';
import { foregroundProgram, ownsForeground } from '../pty/foreground.js';
import { processGroupAlive, signalGroup } from '../pty/process-group.js';
import { MessageReader, encode } from '../wire/protocol.js';
import { KEEPER_MAJOR, KEEPER_MAX_OUT, KEEPER_MINOR, KMSG } from '../wire/keeper-protocol.js';
import { MasterWrites } from './master-writes.js';

/**
 * Where every keeper socket is read into (node's `onread`: one read at a time, on the main
 * thread; what is kept is copied out of it at once).
 */
const readBuffer = Buffer.alloc(64 * 1024);

/** What a keeper says as a server connects (its WELCOME). */
export interface KeeperWelcome {
  major: number;
  minor: number;
  /** The agent's pid (the keeper's child). */
  pid: number;
  keeperPid: number;
  cols: number;
  rows: number;
  /** Bytes the agent wrote since it started. */
  total: number;
  /** How many of them the ring holds and sends first (total - replay were let go of). */
  replay: number;
  /** The hub's record of the agent (META), as the last server left it. */
  meta: Buffer;
}

function parseWelcome(p: Buffer): KeeperWelcome | null {
  if (p.length < 28) return null;
  return {
    major: p.readUInt16BE(0),
    minor: p.readUInt16BE(2),
    pid: p.readUInt32BE(4),
    keeperPid: p.readUInt32BE(8),
    cols: p.readUInt16BE(12),
    rows: p.readUInt16BE(14),
    total: p.readUInt32BE(16) * 2 ** 32 + p.readUInt32BE(20),
    replay: p.readUInt32BE(24),
    meta: p.subarray(28),
  };
}

function hello(): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt16BE(KEEPER_MAJOR, 0);
  p.writeUInt16BE(KEEPER_MINOR, 2);
  p.writeUInt32BE(process.pid, 4);
  return encode(KMSG.HELLO, p);
}

/**
 * An agent's terminal held by its keeper (src/native/keeper/): a PtyProcess over the keeper's
 * socket. Output comes as OUTPUT: the keeper alone reads the agent's terminal, into its ring first,
 * so a server killed at once loses none of it. Keys go to the keeper, which writes them to the
 * master; the server that started the agent holds its PTY master too (`master`) and writes keys and
 * sizes on it itself (WRITES, MasterWrites: no hop per key); a server that adopts the agent later
 * sends them through the keeper. Signals go straight to the agent's process group (it is ours: same
 * user). `release()` lets go of the agent without stopping it (an upgrade, a server that stops for
 * another); `dispose()` hangs it up.
 */
export class KeeperPty implements PtyProcess {
  pid: number;
  /** The keeper's own pid: as it said as it started, or in its WELCOME. */
  keeperPid: number;
  private dataCbs: Array<(data: string) => void> = [];
  private readonly exits = new ExitListeners();
  /** Output that came before anyone listened (the replay, as an agent is adopted). */
  private early: string[] | null = [];
  private readonly decoder = new StringDecoder('utf8');
  private readonly reader = new MessageReader(KEEPER_MAX_OUT);
  private welcomed: (w: KeeperWelcome) => void = () => {};
  private failed: (err: Error) => void = () => {};
  /** Resolves with the keeper's WELCOME; rejects when it refuses us or cannot be reached. */
  readonly welcome: Promise<KeeperWelcome>;
  /** Resolves once the ring's replay has come (or never will: the connection closed). */
  readonly replayed: Promise<void>;
  private replayDone: () => void = () => {};
  /** Bytes of the ring's replay still to come (null: no WELCOME yet). */
  private replayLeft: number | null = null;
  private released = false;
  private lastError: string | null = null;
  /** The master this server writes keys and sizes on itself (when it started the agent). */
  private readonly writes: MasterWrites | null = null;

  private constructor(
    private readonly sock: net.Socket,
    pid: number,
    readonly socketPath: string,
    master?: number,
    keeperPid = 0,
  ) {
    this.pid = pid;
    this.keeperPid = keeperPid;
    this.welcome = new Promise((resolve, reject) => {
      this.welcomed = resolve;
      this.failed = reject;
    });
    this.welcome.catch(() => {});
    this.replayed = new Promise((resolve) => (this.replayDone = resolve));
    sock.on('error', (err) => (this.lastError ??= err.message));
    sock.on('close', () => this.onClose());
    sock.write(hello());
    if (master !== undefined) {
      this.writes = new MasterWrites(master);
      sock.write(encode(KMSG.WRITES));
    }
  }

  /**
   * Connects to the keeper listening at `socketPath` (its agent's pid comes with the WELCOME).
   * `master`: the agent's PTY master, when this server opened it for the keeper (its keys go there).
   * `keeperPid`: the keeper's, when its start said it.
   */
  static connect(socketPath: string, pid = 0, master?: number, keeperPid?: number): KeeperPty {
    // Read through `onread`, not the stream: pause() then stops reading the socket at once, where
    // a paused stream reads on until its buffer is full and hands all of that out, in one go, as
    // it resumes. A held agent (another agent's echo goes first) stops at once, as a paused PTY does.
    let pty: KeeperPty | null = null;
    const sock = net.connect({
      path: socketPath,
      onread: {
        buffer: readBuffer,
        callback: (n: number, buf: Buffer) => {
          // The buffer is shared and reused by the next read: what is kept is copied.
          pty?.onChunk(Buffer.from(buf.subarray(0, n)));
          return true;
        },
      },
    });
    pty = new KeeperPty(sock, pid, socketPath, master, keeperPid);
    return pty;
  }

  private onChunk(chunk: Buffer): void {
    const { messages, error } = this.reader.push(chunk);
    for (const m of messages) {
      if (m.type === KMSG.OUTPUT) {
        this.emit(this.decoder.write(m.payload));
        if (this.replayLeft !== null && this.replayLeft > 0) {
          this.replayLeft -= m.payload.length;
          if (this.replayLeft <= 0) this.replayDone();
        }
      } else if (m.type === KMSG.WELCOME) {
        const w = parseWelcome(m.payload);
        if (!w) return this.broken('a malformed WELCOME');
        this.pid = w.pid;
        this.keeperPid = w.keeperPid;
        // The ring comes first, `replay` bytes of it: the agent's past, not what it does now.
        this.replayLeft = w.replay;
        if (w.replay === 0) this.replayDone();
        this.welcomed(w);
      } else if (m.type === KMSG.EXITED && m.payload.length >= 8) {
        const code = m.payload.readInt32BE(0);
        const signal = m.payload.readInt32BE(4);
        this.finish({ exitCode: code, signal: signal || null });
        this.sock.end();
      } else if (m.type === KMSG.ERROR) {
        this.lastError = m.payload.toString('utf8');
        this.failed(new Error(this.lastError));
      }
    }
    if (error) this.broken(error);
  }

  private broken(why: string): void {
    this.lastError = `the keeper sent ${why}`;
    this.failed(new Error(this.lastError));
    this.sock.destroy();
  }

  private emit(d: string): void {
    if (!d) return;
    if (this.early) this.early.push(d);
    else for (const cb of this.dataCbs) cb(d);
  }

  private onClose(): void {
    this.failed(new Error(this.lastError ?? 'the keeper closed the connection'));
    this.replayDone();
    // (a keeper gone holds the master no more: this server's hold is let go too, so the agent is
    // hung up as it always was when its keeper died)
    this.writes?.close();
    if (this.exits.info || this.released) return;
    // The keeper went away without the agent's exit: it was killed, and the kernel hung the agent up.
    const rest = this.decoder.end();
    if (rest) this.emit(rest);
    this.finish({
      exitCode: -1,
      signal: null,
      reason: `its keeper went away (${this.lastError ?? 'killed'}): the agent was hung up`,
    });
  }

  private finish(e: PtyExit): void {
    this.exits.fire(e);
  }

  write(data: string): void {
    if (this.exits.info || this.released || !data) return;
    if (this.writes) this.writes.write(data);
    else this.sock.write(encode(KMSG.INPUT, data));
  }

  resize(cols: number, rows: number): void {
    if (this.exits.info || this.released) return;
    const c = Math.max(1, Math.min(65535, Math.floor(cols) || 1));
    const r = Math.max(1, Math.min(65535, Math.floor(rows) || 1));
    // Holding the master, this server sets the size itself; the keeper only notes it (for the next
    // server's WELCOME), as it does every RESIZE after WRITES.
    this.writes?.resize(c, r);
    const p = Buffer.alloc(4);
    p.writeUInt16BE(c, 0);
    p.writeUInt16BE(r, 2);
    this.sock.write(encode(KMSG.RESIZE, p));
  }

  /** Whether this server writes keys on the agent's terminal itself (not through its keeper). */
  get writesMaster(): boolean {
    return this.writes !== null;
  }

  /** The hub's record of the agent, kept by the keeper for the next server. */
  setMeta(meta: string): void {
    if (this.exits.info || this.released) return;
    this.sock.write(encode(KMSG.META, meta));
  }

  pause(): void {
    this.sock.pause();
  }

  resume(): void {
    this.sock.resume();
  }

  kill(signal: NodeJS.Signals = 'SIGHUP'): void {
    if (this.pid) signalGroup(this.pid, signal);
  }

  onData(cb: (data: string) => void): () => void {
    this.dataCbs.push(cb);
    if (this.early) {
      const early = this.early;
      this.early = null;
      for (const d of early) cb(d);
    }
    return () => {
      this.dataCbs = this.dataCbs.filter((c) => c !== cb);
    };
  }

  onExit(cb: (e: PtyExit) => void): () => void {
    return this.exits.on(cb);
  }

  foreground(): string[] | null {
    return this.pid ? foregroundProgram(this.pid) : null;
  }

  ownsForeground(): boolean {
    return this.pid ? ownsForeground(this.pid) : false;
  }

  groupAlive(): boolean {
    return this.pid ? processGroupAlive(this.pid) : false;
  }

  /** Lets go of the agent: it runs on with its keeper, for the next server to adopt. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.dataCbs = [];
    this.exits.clear();
    if (!this.writes) return void this.sock.destroy();
    // The keeper gets the keys not yet written (the next server's keys go through it).
    const typed = this.writes.takeQueued();
    this.writes.close();
    if (typed && !this.sock.destroyed) this.sock.write(encode(KMSG.INPUT, typed));
    // Closed at once (the next server may knock right after), unless some of it is still on its
    // way: a small write goes out as it is made, a large ring copy may not.
    if (this.sock.writableLength > 0) this.sock.end();
    else this.sock.destroy();
  }

  dispose(): void {
    if (this.released) return;
    this.released = true;
    this.dataCbs = [];
    // (this server's hold on the master goes first: the keeper's close then hangs the agent up)
    this.writes?.close();
    this.exits.clear();
    if (!this.exits.info && !this.sock.destroyed) this.sock.end(encode(KMSG.HANGUP));
    else this.sock.destroy();
  }
}
