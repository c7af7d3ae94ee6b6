import { resolve } from 'node:path';
import { nativePtys, type PtyExit, type PtyProcess, type PtySource } from '../pty/pty-process.js';
import { realClock, type Clock, type ClockTimer } from '../clock/clock.js';
import { resolveCommand } from '../pty/resolve-command.js';
import { HeadlessTerminal, type PlainEcho } from '../terminal/headless-terminal.js';
import { agentEnv } from './agent-env.js';
import { buildArgv, displayCommand, programOf, specProgram, withSetup } from './command-line.js';
import { interactiveShell, isShell, programName } from './program-name.js';
import { boxedArgv, containerGone, containerOf } from '../box/box-runner.js';
import { boxPlace } from '../box/bwrap-args.js';
import { Listeners } from './listeners.js';
import type { AgentInfo, AgentSpec, AgentStatus } from './types.js';
import type { AgentOptions } from './agent-options.js';
import { GroupKill } from './group-kill.js';

export type { AgentOptions };

const DISPOSE_WAIT_MS = 3000;

function sizeOk(n: number): boolean {
  return Number.isFinite(n) && n >= 1;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// How long after a resize an idle agent's output is taken for its redraw (a PTY's answer to
// SIGWINCH comes within milliseconds; a busy machine may take a few hundred).
const REDRAW_MS = 300;

/** One agent: a child on a PTY, its headless terminal, and its status. */
export class Agent {
  readonly id: string;
  /** As listed; `rename` changes it (tmux's select-pane -T, the rename verb). */
  name: string;
  /** When output last arrived (on its clock), e.g. to tell a bell from before it. */
  lastOutputBeforeQuiet(): number {
    return this.lastOutputAt;
  }

  /** Bytes of output received so far (for coalesced agent_output events). */
  outputBytes = 0;
  /** What it was started with (restart runs it again). */
  readonly spec: AgentSpec;
  readonly command: string;
  readonly cwd: string;
  readonly terminal: HeadlessTerminal;
  /** The machine of settings.machines it runs on; null: this one. */
  readonly machine: string | null;
  /** Its title as its own hub says it (a remote agent's screen is here only while shown). */
  private remoteTitle: string | null = null;
  /** Resolves once the agent is exited (after its output was drained and parsed). */
  readonly exited: Promise<AgentInfo>;

  private pty: PtyProcess | null = null;
  private status: AgentStatus = 'running';
  private exitCode: number | null = null;
  private signal: number | null = null;
  private error: string | null = null;
  private title = '';
  /** What the command runs (`env FOO=1 codex` -> codex), until the foreground says otherwise. */
  private readonly commandProgram: string;
  /** The foreground program when refreshProgram last looked; null before it could tell. */
  private foreground: string | null = null;
  /** The foreground's argv when refreshProgram last looked. */
  private foregroundArgv: string[] | null = null;
  private viaShell = false;
  private env: Record<string, string>;
  /** The container it runs in (a box of runner podman): removed after it exited, if still there. */
  private container: string | null = null;

  private readonly idleMs: number;
  private readonly highWater: number;
  private readonly lowWater: number;
  private lastOutputAt = 0;
  /** When the hub last gave it a new size (its redraw follows). */
  private resizedAt = -Infinity;
  private idleTimer: ClockTimer | null = null;
  private readonly clock: Clock;
  private readonly ptys: PtySource;
  /** Not reading: too much unparsed output (flow control)... */
  private paused = false;
  /** ...or another agent's echo goes first (see hold). */
  private held = false;

  private ptyExited = false;
  private readonly groupKill = new GroupKill();
  private resolveExited!: (info: AgentInfo) => void;
  private disposing: Promise<void> | null = null;
  /** Let go of, not stopped: its keeper holds it for the next server. */
  private released = false;

  private readonly changeL: Listeners<[AgentInfo]>;
  private readonly outputL: Listeners<[]>;
  /** The PTY's bytes as they come (the web's terminals relay them: src/web/). */
  private readonly dataL: Listeners<[string]>;
  /** A key's echo as it will print, before it is parsed (the frames draw it at once). */
  private readonly echoL: Listeners<[PlainEcho]>;
  private readonly exitL: Listeners<[AgentInfo]>;

  constructor(opts: AgentOptions) {
    this.id = opts.id;
    this.name = opts.name;
    this.spec = opts.spec;
    this.command = displayCommand(opts.spec);
    this.commandProgram = specProgram(opts.spec) || this.name;
    this.cwd = resolve(opts.spec.cwd ?? process.cwd());
    this.idleMs = opts.idleMs ?? 1500;
    this.clock = opts.clock ?? realClock;
    this.ptys = opts.ptys ?? nativePtys;
    this.highWater = opts.highWater ?? 4 * 1024 * 1024;
    this.lowWater = Math.min(opts.lowWater ?? 1024 * 1024, this.highWater);
    this.changeL = new Listeners(opts.onError);
    this.outputL = new Listeners(opts.onError);
    this.dataL = new Listeners(opts.onError);
    this.echoL = new Listeners(opts.onError);
    this.exitL = new Listeners(opts.onError);
    this.exited = new Promise((r) => {
      this.resolveExited = r;
    });
    this.env = agentEnv(opts.id, opts.env, opts.spec.env);

    const cols = sizeOk(opts.cols) ? Math.floor(opts.cols) : 80;
    const rows = sizeOk(opts.rows) ? Math.floor(opts.rows) : 24;
    this.terminal = new HeadlessTerminal({ cols, rows, scrollback: opts.scrollback });
    this.terminal.onReply((d) => this.pty?.write(d));
    this.terminal.onParsed(() => this.afterParsed());
    this.terminal.onTitle((t) => {
      if (t === this.title) return;
      this.title = t;
      this.changeL.fire(this.info);
    });

    this.machine = opts.remote?.machine ?? null;
    if (opts.failWith !== undefined) {
      this.failToStart(opts.failWith);
      return;
    }
    if (opts.remote) this.attach(opts.remote.pty);
    else if (opts.kept) {
      this.attach(opts.kept);
      // A container an earlier server started: found, to be removed after it exited.
      if (opts.spec.box?.runner === 'podman')
        void containerOf(boxPlace(this.cwd, this.env), this.id, this.env).then((c) => {
          if (c && !this.ptyExited) this.container ??= c;
        });
    } else this.start(opts.spec, cols, rows, opts.setup);
  }

  private start(spec: AgentSpec, cols: number, rows: number, setup?: string): void {
    if (spec.command.trim() === '') {
      this.failToStart('cannot start: empty command');
      return;
    }
    const plain = buildArgv(spec, this.cwd, this.env.PATH);
    const argv = setup ? withSetup(setup, plain) : plain;
    this.viaShell = plain.viaShell;
    let pty: PtyProcess;
    try {
      // In its box (src/box/): one that cannot be made starts nothing, and says why.
      const run = spec.box
        ? boxedArgv(spec.box, boxPlace(this.cwd, this.env), argv, this.env.PATH, {
            id: this.id,
            env: this.env,
          })
        : argv;
      pty = this.ptys.spawn({ file: run.file, args: run.args, cwd: this.cwd, env: this.env, cols, rows });
      if ('container' in run && run.container) this.container = run.container;
    } catch (err) {
      this.failToStart(err instanceof Error ? err.message : String(err));
      return;
    }
    this.attach(pty);
  }

  private attach(pty: PtyProcess): void {
    this.pty = pty;
    pty.onData((d) => this.onPtyData(d));
    pty.onExit((e) => {
      void this.onPtyExit(e);
    });
    this.lastOutputAt = this.clock.now();
    this.armIdle(this.idleMs);
  }

  /** What a remote agent's own hub says of it (its screen is here only while it is shown). */
  setRemoteFacts(f: { program: string; title: string; pid: number | null }): boolean {
    const changed = f.program !== this.program || f.title !== this.info.title;
    this.foreground = f.program || null;
    this.remoteTitle = f.title;
    if (this.pty && f.pid) (this.pty as { pid: number }).pid = f.pid;
    return changed;
  }

  /** Exited with `error`, never thrown: the hub shows it like any other exited agent. */
  private failToStart(message: string): void {
    this.ptyExited = true;
    this.status = 'exited';
    this.error = message;
    // Shown in the agent's own panel, so the user sees why it is empty.
    this.terminal.write(`\x1b[31m${message}\x1b[0m\r\n`);
    // Listeners are attached after construction, and like a normal exit the screen is complete
    // by the time we announce it.
    void this.terminal.flush().then(() => {
      const info = this.info;
      this.resolveExited(info);
      this.changeL.fire(info);
      this.exitL.fire(info);
    });
  }

  private onPtyData(d: string): void {
    if (this.echoL.size > 0) {
      const echo = this.terminal.plainEcho(d);
      if (echo) this.echoL.fire(echo);
    }
    if (this.dataL.size > 0) this.dataL.fire(d);
    this.terminal.write(d);
    this.outputBytes += Buffer.byteLength(d);
    const now = this.clock.now();
    // A shell or a full-screen CLI draws itself again at a new size: what an idle or waiting
    // agent prints right after the hub resized it (focused on a screen of another size) is that
    // redraw, not work, and leaves its state and its quiet as they were.
    if (this.status !== 'running' && now - this.resizedAt <= REDRAW_MS) return this.afterData();
    this.lastOutputAt = now;
    if (this.status !== 'running' && this.status !== 'exited') {
      this.status = 'running';
      this.changeL.fire(this.info);
    }
    if (this.idleTimer === null) this.armIdle(this.idleMs);
    this.afterData();
  }

  private afterData(): void {
    if (!this.paused && this.terminal.pendingBytes() > this.highWater) {
      // A flooding agent must not grow our memory without bound: stop reading, the child blocks.
      this.paused = true;
      if (!this.held) this.pty?.pause();
    }
  }

  private afterParsed(): void {
    if (this.paused && this.terminal.pendingBytes() < this.lowWater) {
      this.paused = false;
      if (!this.held) this.pty?.resume();
    }
    this.outputL.fire();
  }

  /**
   * Stops reading and parsing this agent's output for a moment (`on`), and goes on (`!on`): the
   * user typed to another agent, whose echo must not wait behind this one's output.
   */
  hold(on: boolean): void {
    if (on === this.held) return;
    this.held = on;
    this.terminal.hold(on);
    if (this.paused) return;
    if (on) this.pty?.pause();
    else this.pty?.resume();
  }

  /** One lazy timer: when it fires early (output came meanwhile) it re-arms for the remainder. */
  private armIdle(ms: number): void {
    // weak: an idle check never keeps the process alive
    this.idleTimer = this.clock.setTimeout(
      () => {
        this.idleTimer = null;
        if (this.status === 'exited') return;
        const quiet = this.clock.now() - this.lastOutputAt;
        if (quiet < this.idleMs) {
          this.armIdle(this.idleMs - quiet);
          return;
        }
        if (this.status === 'running') {
          this.status = 'idle';
          this.changeL.fire(this.info);
        }
      },
      Math.max(1, Math.ceil(ms)),
      true,
    );
  }

  private async onPtyExit(e: PtyExit): Promise<void> {
    this.ptyExited = true;
    if (this.container) containerGone(this.container, this.env);
    this.container = null;
    if (this.groupKill.armed && !this.groupAlive()) this.groupKill.stop();
    // Everything the child wrote is in the terminal's queue (the PTY layer drained it): let it be
    // parsed so the final screen is complete when we say "exited".
    await this.terminal.flush();
    this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.status = 'exited';
    this.exitCode = e.exitCode;
    this.signal = e.signal;
    if (e.reason) this.error = e.reason;
    if (this.viaShell && e.exitCode === 127 && e.signal === null) {
      const program = programOf(this.command);
      if (program && !resolveCommand(program, this.cwd, this.env.PATH))
        this.error = `command not found: ${program}`;
    }
    const info = this.info;
    this.resolveExited(info);
    this.changeL.fire(info);
    this.exitL.fire(info);
  }

  get info(): AgentInfo {
    return {
      id: this.id,
      name: this.name,
      command: this.command,
      cwd: this.cwd,
      pid: this.pty ? this.pty.pid : null,
      status: this.status,
      exitCode: this.exitCode,
      signal: this.signal,
      // the terminal's own (current: its title events are coalesced, an exit may come first)
      title: this.remoteTitle ?? this.terminal.title,
      error: this.error,
      program: this.program,
      ...(this.machine ? { machine: this.machine } : {}),
    };
  }

  /**
   * The program the user sees in this agent: the one in its terminal's foreground process group
   * when refreshProgram last looked (`claude` typed into a shell agent; the shell again once it
   * is back at its prompt), else what its command runs.
   */
  get program(): string {
    return this.foreground ?? this.commandProgram;
  }

  /**
   * Looks at the foreground process group again (two small /proc reads): true when the program
   * changed. Not polled: whoever watches the screen calls it when output arrives or settles, and
   * tells listeners itself if it cares (no change event fires here).
   */
  refreshProgram(): boolean {
    if (!this.pty || this.ptyExited) return false;
    const argv = this.pty.foreground();
    this.foregroundArgv = argv;
    if (!argv) return false;
    const name = programName(argv) || null;
    if (name === null || name === this.foreground) return false;
    const before = this.program;
    this.foreground = name;
    return this.program !== before;
  }

  /**
   * Its foreground is a shell that reads commands from its terminal (not one running a script:
   * `bash ./mini-cli` reads lines as its script says), as refreshProgram last saw it.
   */
  get inInteractiveShell(): boolean {
    return isShell(this.program) && (!this.foregroundArgv || interactiveShell(this.foregroundArgv));
  }

  /** A shell agent back at its own prompt, as the kernel tells it (OSC 133 or not). */
  atShellPrompt(): boolean {
    if (!this.pty || this.ptyExited || !isShell(this.program)) return false;
    // (the argv refreshProgram read for this check: no second look at /proc)
    if (!this.foregroundArgv || !interactiveShell(this.foregroundArgv)) return false;
    return this.pty.ownsForeground?.() ?? false;
  }

  get pid(): number | null {
    return this.pty ? this.pty.pid : null;
  }
  /** Its keeper's pid (null: no keeper holds it): what the agent leaves behind descends from it. */
  get keeperPid(): number | null {
    return this.pty?.keeperPid || null;
  }
  get currentStatus(): AgentStatus {
    return this.status;
  }
  get isExited(): boolean {
    return this.status === 'exited';
  }

  /** User input (keys, paste) for the child. */
  write(data: string): void {
    if (this.ptyExited) return;
    this.terminal.expectEcho();
    this.pty?.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!sizeOk(cols) || !sizeOk(rows)) return;
    cols = Math.floor(cols);
    rows = Math.floor(rows);
    if (cols === this.terminal.cols && rows === this.terminal.rows) return;
    this.resizedAt = this.clock.now();
    this.terminal.resize(cols, rows);
    if (!this.ptyExited) this.pty?.resize(cols, rows);
  }

  onChange(cb: (info: AgentInfo) => void): () => void {
    return this.changeL.add(cb);
  }
  /** After output was parsed into the terminal: a dirty flag for the renderer. */
  onOutput(cb: () => void): () => void {
    return this.outputL.add(cb);
  }
  /** The PTY's bytes as they arrive, before they are parsed. */
  onData(cb: (data: string) => void): () => void {
    return this.dataL.add(cb);
  }
  /** A key's echo that is plain text at the cursor, before it is parsed (see PlainEcho). */
  onEcho(cb: (echo: PlainEcho) => void): () => void {
    return this.echoL.add(cb);
  }
  onExit(cb: (info: AgentInfo) => void): () => void {
    return this.exitL.add(cb);
  }

  /** Leader gone, but are members of its process group (e.g. ignoring SIGHUP) still around? */
  private groupAlive(): boolean {
    return this.pty !== null && this.pty.groupAlive();
  }

  /**
   * Signals the child's process group; whatever is still alive ~1 s later gets SIGKILL.
   * Calling it again sends the signal again but arms no second timer.
   */
  kill(signal: NodeJS.Signals = 'SIGHUP'): void {
    const pty = this.pty;
    if (!pty) return;
    if (this.ptyExited && !this.groupAlive()) return;
    pty.kill(signal);
    // Another machine's: its own hub stops it (and says when it exited).
    if (this.machine) return;
    if (signal === 'SIGKILL') return;
    this.groupKill.arm(pty, () => this.ptyExited && !this.groupAlive());
  }

  /** Whether its keeper can hold it without a server (release() keeps it running). */
  get keepable(): boolean {
    return !this.ptyExited && typeof this.pty?.release === 'function';
  }

  /** Hands the hub's record of it to its keeper, for the next server (nothing where none keeps it). */
  setMeta(meta: string): void {
    if (!this.ptyExited) this.pty?.setMeta?.(meta);
  }

  /**
   * Lets go of it without stopping it (the server stops for another: an upgrade, a crash): its
   * keeper holds it for the next server. One no keeper holds is disposed of as usual.
   */
  release(): Promise<void> {
    if (this.keepable) {
      this.released = true;
      this.pty!.release!();
    }
    return this.dispose();
  }

  /** Kills the child (and its group), waits (bounded) until it is gone, frees everything. */
  dispose(): Promise<void> {
    if (this.disposing) return this.disposing;
    this.disposing = (async () => {
      // A remote agent lives on without us: letting go of it here stops nothing there; nor does
      // letting go of one its keeper holds.
      if (!this.machine && !this.released) {
        this.kill('SIGHUP');
        await Promise.race([this.exited, delay(DISPOSE_WAIT_MS)]);
      }
      if (this.groupKill.armed && this.groupAlive()) await this.groupKill.settled;
      else this.groupKill.stop();
      this.clock.clearTimeout(this.idleTimer);
      this.idleTimer = null;
      this.changeL.clear();
      this.outputL.clear();
      this.echoL.clear();
      this.exitL.clear();
      if (!this.released) this.pty?.dispose();
      this.terminal.dispose();
    })();
    return this.disposing;
  }
}
