import type { IPty } from '@lydell/node-pty';
import { readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { assertStartable } from './resolve-command.js';
import { nativePty } from './native-pty.js';
import { directWrite } from './direct-write.js';
import { foregroundProgram, ownsForeground } from './foreground.js';
import { processGroupAlive, signalGroup } from './process-group.js';
import { spawnAboveMasters } from './master-fds.js';
import { ExitListeners, type PtyExit } from './exit-listeners.js';

export interface PtySpawnOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}
export type { PtyExit } from './exit-listeners.js';
export interface PtyProcess {
  readonly pid: number;
  /**
   * The keeper that holds the terminal (src/native/keeper/), when one does: the agent's subreaper,
   * so every process the agent leaves behind descends from it (0 or absent: none, or not known yet).
   */
  readonly keeperPid?: number;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  /** Signals the child's whole process group (the child is a session leader), falling back to the pid. */
  kill(signal?: NodeJS.Signals): void;
  onData(cb: (data: string) => void): () => void;
  /** Fires once, after every byte the child wrote has been delivered to onData. */
  onExit(cb: (e: PtyExit) => void): () => void;
  /** argv of the program in the terminal's foreground process group; null when it cannot tell. */
  foreground(): string[] | null;
  /** The child owns its terminal's foreground with nothing running under it (a shell at its prompt). */
  ownsForeground?(): boolean;
  /** Is any member of the child's process group still alive (the leader may be gone)? */
  groupAlive(): boolean;
  /** Stops the child (hangs it up) and frees the terminal. */
  dispose(): void;
  /** Lets go of the child without stopping it (its keeper holds the terminal): absent where nothing could keep it. */
  release?(): void;
  /** Hands the hub's record of the agent to whoever keeps it for the next server. */
  setMeta?(meta: string): void;
  /**
   * Resolves once the output written before this server connected (a keeper's ring, replayed as an
   * agent is adopted) has been delivered to onData: what comes after is live. Absent: none to replay.
   */
  readonly replayed?: Promise<void>;
}

/** Where agents get their terminals: real PTYs (node-pty), or terminals a test scripts. */
export interface PtySource {
  /** Starts `file args` on a terminal. Throws a readable Error when it cannot start. */
  spawn(opts: PtySpawnOptions): PtyProcess;
  /**
   * Where the keepers of the terminals it makes listen (keeperDir), when keepers make them: a
   * process whose line passes through a keeper there is an agent's (keeper/keeper-line.ts).
   */
  readonly keeperDir?: string;
}

/** The parts of node-pty's UnixTerminal we reach into to drain the master fd (not public API). */
interface NodePtyInternals {
  _socket?: {
    destroy: (...args: unknown[]) => unknown;
    read: () => string | Buffer | null;
    on: (ev: string, cb: (...args: unknown[]) => void) => unknown;
    _readableState?: { decoder?: StringDecoder | null };
  };
  _fd?: number;
}

function clampSize(n: number): number {
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

class NodePtyProcess implements PtyProcess {
  readonly pid: number;
  private readonly pty: IPty;
  private dataCbs: Array<(data: string) => void> = [];
  private readonly exits = new ExitListeners();
  private disposed = false;
  private paused = false;

  constructor(opts: PtySpawnOptions) {
    this.pty = spawnAboveMasters(() =>
      nativePty().spawn(opts.file, opts.args, {
        name: opts.env.TERM || 'xterm-256color',
        cols: clampSize(opts.cols),
        rows: clampSize(opts.rows),
        cwd: opts.cwd,
        env: opts.env,
        encoding: 'utf8',
      }),
    );
    this.pid = this.pty.pid;
    this.installDrain();
    this.pty.onData((d) => this.emitData(d));
    this.pty.onExit(({ exitCode, signal }) => this.exits.fire({ exitCode, signal: signal ? signal : null }));
  }

  /**
   * libuv treats a short read followed by POLLHUP as EOF, so when the child exits node-pty closes
   * the master fd while output is still queued in the kernel (measured: ~half of `seq 1 3000` runs
   * lost their tail). node-pty also destroys the socket 200 ms after exit even if it is paused.
   * Every path that closes the fd goes through socket.destroy(), so right before it we hand out
   * what the stream buffered and read the fd dry synchronously; exit is emitted after 'close'.
   */
  private installDrain(): void {
    const internals = this.pty as unknown as NodePtyInternals;
    const socket = internals._socket;
    const fd = internals._fd;
    if (!socket || typeof socket.destroy !== 'function' || typeof fd !== 'number') return;
    // A second 'error' listener stops node-pty from re-throwing unexpected socket errors.
    socket.on('error', () => {});
    const originalDestroy = socket.destroy;
    let drained = false;
    socket.destroy = (...args: unknown[]) => {
      if (!drained) {
        drained = true;
        this.drainSync(socket, fd);
      }
      return originalDestroy.apply(socket, args);
    };
  }

  private drainSync(socket: NonNullable<NodePtyInternals['_socket']>, fd: number): void {
    try {
      let chunk: string | Buffer | null;
      while ((chunk = socket.read()) !== null) this.emitData(String(chunk));
    } catch {
      // a destroyed/errored stream has nothing more to give
    }
    const decoder = socket._readableState?.decoder ?? new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(65536);
    for (;;) {
      let n = 0;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch {
        break; // EAGAIN: nothing queued; EIO: slave closed and empty
      }
      if (n <= 0) break;
      const s = decoder.write(buf.subarray(0, n));
      if (s) this.emitData(s);
    }
  }

  private emitData(d: string): void {
    const cbs = this.dataCbs;
    for (let i = 0; i < cbs.length; i++) cbs[i](d);
  }

  write(data: string): void {
    if (this.disposed || this.exits.info) return;
    const rest = directWrite(this.pty, data);
    if (rest === undefined) this.pty.write(data);
    else if (rest !== null) this.pty.write(rest);
  }

  resize(cols: number, rows: number): void {
    if (this.disposed || this.exits.info) return;
    try {
      this.pty.resize(clampSize(cols), clampSize(rows));
    } catch {
      // the fd can be gone between exit and our exit event; a lost resize is harmless
    }
  }

  pause(): void {
    if (this.paused || this.disposed) return;
    this.paused = true;
    this.pty.pause();
  }

  resume(): void {
    if (!this.paused || this.disposed) return;
    this.paused = false;
    this.pty.resume();
  }

  kill(signal: NodeJS.Signals = 'SIGHUP'): void {
    if (this.exits.info) {
      // The leader is gone but members of its group may linger (they ignored SIGHUP).
      try {
        process.kill(-this.pid, signal);
      } catch {
        /* group is empty */
      }
      return;
    }
    signalGroup(this.pid, signal);
  }

  onData(cb: (data: string) => void): () => void {
    this.dataCbs.push(cb);
    return () => {
      this.dataCbs = this.dataCbs.filter((c) => c !== cb);
    };
  }

  foreground(): string[] | null {
    return foregroundProgram(this.pid);
  }

  ownsForeground(): boolean {
    return ownsForeground(this.pid);
  }

  groupAlive(): boolean {
    return processGroupAlive(this.pid);
  }

  onExit(cb: (e: PtyExit) => void): () => void {
    return this.exits.on(cb);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dataCbs = [];
    this.exits.clear();
    if (!this.exits.info) this.kill('SIGHUP');
    try {
      // Closes the master fd; the kernel then hangs up the child's foreground group as well.
      (this.pty as unknown as { destroy?: () => void }).destroy?.();
    } catch {
      // already closed
    }
  }
}

/** Real PTYs: the default source of every agent's terminal. */
export const nativePtys: PtySource = { spawn: (opts) => spawnPty(opts) };

/** Starts `file args` on a new PTY. Throws a readable Error when it cannot start. */
export function spawnPty(opts: PtySpawnOptions): PtyProcess {
  const what = JSON.stringify(opts.file);
  assertStartable(opts.file, opts.cwd, opts.env.PATH);
  nativePty(); // a missing native module is the install's fault, not this command's: let it through
  try {
    return new NodePtyProcess(opts);
  } catch (err) {
    throw new Error(`cannot start ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
