import { resolve } from 'node:path';
import { nativePtys, type PtyExit, type PtyProcess, type PtySource } from '../pty/pty-process.js';
import { realClock, type Clock } from '../clock/clock.js';
import { HeadlessTerminal, type PlainEcho } from '../terminal/headless-terminal.js';
import { agentEnv } from './agent-env.js';
import { displayCommand, specProgram } from './command-line.js';
import { ForegroundProgram } from './foreground-program.js';
import { OutputFlow } from './output-flow.js';
import { QuietWatch } from './quiet-watch.js';
import { exitError, spawnAgent } from './spawn-agent.js';
import { containerGone, containerOf } from '../box/box-runner.js';
import { boxPlace } from '../box/box-place.js';
import { RefMirror } from './ref-mirror.js';
import { AgentEvents } from './agent-events.js';
import type { AgentInfo, AgentSpec, AgentStatus } from './types.js';
import type { AgentOptions } from './agent-options.js';
import { AgentStop } from './agent-stop.js';
import { DraftLine } from './draft-line.js';

export type { AgentOptions };

function sizeOk(n: number): boolean {
  return Number.isFinite(n) && n >= 1;
}

/**
 * One agent: a child on a PTY, its headless terminal, and its status (running, idle after a
 * quiet spell: quiet-watch.ts, exited). Its start is spawn-agent.ts, its flow control
 * output-flow.ts, the program it shows foreground-program.ts, its end agent-stop.ts.
 */
export class Agent {
  readonly id: string;
  /** As listed; `rename` changes it (tmux's select-pane -T, the rename verb). */
  name: string;
  /** Its environment as it started (a command the hub runs in its box for it gets the same: a pipeline step's check). */
  get environment(): Readonly<Record<string, string>> {
    return this.env;
  }
  /** When output last arrived (on its clock), e.g. to tell a bell from before it. */
  lastOutputBeforeQuiet(): number {
    return this.quiet.lastOutputAt;
  }

  /** Bytes of output received so far (for coalesced agent_output events). */
  outputBytes = 0;
  /** Resolves once its past (a keeper's ring, as it is adopted) is parsed: its screen showed that till then. */
  replayed = Promise.resolve();
  replaying = false;
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
  /** The program it shows: what the command runs, until the foreground says otherwise. */
  private readonly fg: ForegroundProgram;
  private viaShell = false;
  private env: Record<string, string>;
  /** The container it runs in (a box of runner podman): removed after it exited, if still there. */
  private container: string | null = null;
  /** A boxed worktree's branch, carried from its box's copy of the refs to the repository. */
  private mirrors: RefMirror[] = [];

  private readonly quiet: QuietWatch;
  private readonly clock: Clock;
  private readonly ptys: PtySource;
  private readonly flow: OutputFlow;

  private ptyExited = false;
  private readonly stop: AgentStop;
  private resolveExited!: (info: AgentInfo) => void;

  private readonly ev: AgentEvents;
  readonly line = new DraftLine(); // (typed, not yet sent: an account's move waits for it)

  constructor(opts: AgentOptions) {
    this.id = opts.id;
    this.name = opts.name;
    this.spec = opts.spec;
    this.command = displayCommand(opts.spec);
    this.fg = new ForegroundProgram(specProgram(opts.spec) || this.name);
    this.cwd = resolve(opts.spec.cwd ?? process.cwd());
    this.clock = opts.clock ?? realClock;
    this.quiet = new QuietWatch(
      this.clock,
      opts.idleMs ?? 1500,
      () => {
        if (this.status !== 'running') return;
        this.status = 'idle';
        this.ev.change.fire(this.info);
      },
      () => this.status === 'exited',
    );
    this.ptys = opts.ptys ?? nativePtys;
    this.ev = new AgentEvents(opts.onError);
    this.exited = new Promise((r) => {
      this.resolveExited = r;
    });
    this.env = agentEnv(opts.id, opts.env, opts.spec.env);

    const cols = sizeOk(opts.cols) ? Math.floor(opts.cols) : 80;
    const rows = sizeOk(opts.rows) ? Math.floor(opts.rows) : 24;
    this.terminal = new HeadlessTerminal({ cols, rows, scrollback: opts.scrollback });
    const highWater = opts.highWater ?? 4 * 1024 * 1024;
    const lowWater = Math.min(opts.lowWater ?? 1024 * 1024, highWater);
    this.flow = new OutputFlow(this.terminal, () => this.pty, highWater, lowWater);
    this.terminal.onReply((d) => this.pty?.write(d));
    this.terminal.onParsed(() => this.afterParsed());
    this.terminal.onTitle((t) => {
      if (t === this.title) return;
      this.title = t;
      this.ev.change.fire(this.info);
    });

    this.machine = opts.remote?.machine ?? null;
    this.stop = new AgentStop({
      pty: () => this.pty,
      ptyExited: () => this.ptyExited,
      remote: Boolean(this.machine),
      exited: this.exited,
      free: (released) => {
        for (const m of this.mirrors.splice(0)) void m.dispose();
        this.quiet.stop();
        this.ev.clear();
        if (!released) this.pty?.dispose();
        this.terminal.dispose();
      },
    });
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
    if (opts.spec.box && !this.ptyExited)
      for (const f of opts.spec.box.folders ?? [this.cwd]) {
        const m = RefMirror.start(f, (why) => opts.onError?.(new Error(`agent ${this.id}: ${why}`)));
        if (m) this.mirrors.push(m);
      }
  }

  private start(spec: AgentSpec, cols: number, rows: number, setup?: string): void {
    const run = spawnAgent(this.ptys, { id: this.id, spec, cwd: this.cwd, env: this.env, cols, rows, setup });
    this.viaShell = run.viaShell;
    if ('error' in run) return this.failToStart(run.error);
    if (run.container) this.container = run.container;
    this.attach(run.pty);
  }

  private attach(pty: PtyProcess): void {
    this.pty = pty;
    pty.onData((d) => this.onPtyData(d));
    if (pty.replayed) {
      this.replaying = true;
      this.replayed = pty.replayed
        .then(() => this.terminal.flush())
        .then(() => void (this.replaying = false));
    }
    pty.onExit((e) => {
      void this.onPtyExit(e);
    });
    this.quiet.start();
  }

  /** What a remote agent's own hub says of it (its screen is here only while it is shown). */
  setRemoteFacts(f: { program: string; title: string; pid: number | null }): boolean {
    const changed = f.program !== this.program || f.title !== this.info.title;
    this.fg.setRemote(f.program);
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
    // (listeners come after construction: as at any exit, the screen is complete when announced)
    void this.terminal.flush().then(() => this.announceExit());
  }

  private onPtyData(d: string): void {
    if (this.ev.echo.size > 0) {
      const echo = this.terminal.plainEcho(d);
      if (echo) this.ev.echo.fire(echo);
    }
    if (this.ev.data.size > 0) this.ev.data.fire(d);
    this.terminal.write(d);
    this.outputBytes += Buffer.byteLength(d);
    const now = this.clock.now();
    // A shell or a full-screen CLI draws itself again at a new size: what an idle or waiting
    // agent prints right after the hub resized it (focused on a screen of another size) is that
    // redraw, not work, and leaves its state and its quiet as they were.
    if (this.status !== 'running' && this.quiet.isRedraw(now)) return this.afterData();
    this.quiet.heard(now);
    if (this.status !== 'running' && this.status !== 'exited') {
      this.status = 'running';
      this.ev.change.fire(this.info);
    }
    this.quiet.watch();
    this.afterData();
  }

  private afterData(): void {
    this.flow.afterData();
  }

  private afterParsed(): void {
    this.flow.afterParsed();
    this.ev.output.fire();
  }

  /**
   * Stops reading and parsing this agent's output for a moment (`on`), and goes on (`!on`): the
   * user typed to another agent, whose echo must not wait behind this one's output.
   */
  hold(on: boolean): void {
    this.flow.hold(on);
  }

  private async onPtyExit(e: PtyExit): Promise<void> {
    this.ptyExited = true;
    if (this.container) containerGone(this.container, this.env);
    this.container = null;
    this.stop.ptyExited();
    // (all the child wrote is queued, the PTY drained: parsed, the last screen is whole at "exited")
    await this.terminal.flush();
    this.quiet.stop();
    this.status = 'exited';
    this.exitCode = e.exitCode;
    this.signal = e.signal;
    const { viaShell, command, cwd } = this;
    this.error = exitError(e, { viaShell, command, cwd, PATH: this.env.PATH }) ?? this.error;
    this.announceExit();
  }

  /** Exited, its screen complete: said once, to the exited promise and the listeners. */
  private announceExit(): void {
    const info = this.info;
    this.resolveExited(info);
    this.ev.change.fire(info);
    this.ev.exit.fire(info);
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
    return this.fg.program;
  }

  /**
   * Looks at the foreground process group again (two small /proc reads): true when the program
   * changed. Not polled: whoever watches the screen calls it when output arrives or settles, and
   * tells listeners itself if it cares (no change event fires here).
   */
  refreshProgram(): boolean {
    if (!this.pty || this.ptyExited) return false;
    return this.fg.refresh(this.pty);
  }

  /**
   * Its foreground is a shell that reads commands from its terminal (not one running a script:
   * `bash ./mini-cli` reads lines as its script says), as refreshProgram last saw it.
   */
  get inInteractiveShell(): boolean {
    return this.fg.inInteractiveShell;
  }

  /** A shell agent back at its own prompt, as the kernel tells it (OSC 133 or not). */
  atShellPrompt(): boolean {
    if (!this.pty || this.ptyExited) return false;
    return this.fg.atShellPrompt(this.pty);
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
    if (this.line.note(data)) this.ev.change.fire(this.info);
  }

  resize(cols: number, rows: number): void {
    if (!sizeOk(cols) || !sizeOk(rows)) return;
    cols = Math.floor(cols);
    rows = Math.floor(rows);
    if (cols === this.terminal.cols && rows === this.terminal.rows) return;
    this.quiet.resized();
    this.terminal.resize(cols, rows);
    if (!this.ptyExited) this.pty?.resize(cols, rows);
  }

  onChange(cb: (info: AgentInfo) => void): () => void {
    return this.ev.change.add(cb);
  }
  /** After output was parsed into the terminal: a dirty flag for the renderer. */
  onOutput(cb: () => void): () => void {
    return this.ev.output.add(cb);
  }
  /** The PTY's bytes as they arrive, before they are parsed. */
  onData(cb: (data: string) => void): () => void {
    return this.ev.data.add(cb);
  }
  /** A key's echo that is plain text at the cursor, before it is parsed (see PlainEcho). */
  onEcho(cb: (echo: PlainEcho) => void): () => void {
    return this.ev.echo.add(cb);
  }
  onExit(cb: (info: AgentInfo) => void): () => void {
    return this.ev.exit.add(cb);
  }

  /**
   * Signals the child's process group; whatever is still alive ~1 s later gets SIGKILL.
   * Calling it again sends the signal again but arms no second timer.
   */
  kill(signal: NodeJS.Signals = 'SIGHUP'): void {
    this.stop.kill(signal);
  }

  /** Whether its keeper can hold it without a server (release() keeps it running). */
  get keepable(): boolean {
    return this.stop.keepable;
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
    return this.stop.release();
  }

  /** Kills the child (and its group), waits (bounded) until it is gone, frees everything. */
  dispose(): Promise<void> {
    return this.stop.dispose();
  }
}
