import { constants } from 'node:os';
import type { PtyExit, PtyProcess, PtySource, PtySpawnOptions } from '../../src/pty/pty-process.js';
import { ExitListeners } from '../../src/pty/exit-listeners.js';

/** What a scripted program does when it starts (print, answer input, exit...). */
export type Script = (pty: ScriptedPty) => void;

// Above any pid Linux hands out (pid_max is at most 2^22): a signal sent to one by mistake hits nothing.
let nextPid = 5_000_000;

/**
 * An agent's terminal without a process: the test is the program. It prints (print), reads what
 * the hub typed (received, onInput), names its foreground program (setForeground) and exits
 * (exit). Output reaches the hub in a later turn, as a PTY's would; pause() holds it back.
 */
export class ScriptedPty implements PtyProcess {
  readonly pid = nextPid++;
  /** The hub's id of the agent it belongs to (BOTSTER_AGENT_ID). */
  readonly agentId: string;
  /** The command line it was started with (what `sh -c` runs, or the program and its args). */
  readonly command: string;
  readonly file: string;
  readonly args: string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  cols: number;
  rows: number;
  /** Everything the hub wrote to it (keys, pastes, answers to terminal queries), in order. */
  received = '';
  /** Signals it was sent, in order. */
  readonly signals: NodeJS.Signals[] = [];
  /** As a terminal in cooked mode: what is typed shows (a CR as a new line, ctrl+a as ^A, backspace erases). */
  echo = false;
  /** Signals that do not end it (a program that traps them). */
  ignore = new Set<NodeJS.Signals>();
  private foregroundArgv: string[] | null;
  private queue: string[] = [];
  private flushing: NodeJS.Immediate | null = null;
  private paused = false;
  private exitDue: PtyExit | null = null;
  private disposed = false;
  private dataCbs: Array<(data: string) => void> = [];
  private readonly exits = new ExitListeners();
  private inputCbs: Array<(data: string) => void> = [];
  private resizeCbs: Array<(cols: number, rows: number) => void> = [];

  constructor(opts: PtySpawnOptions) {
    this.file = opts.file;
    this.args = [...opts.args];
    this.cwd = opts.cwd;
    this.env = { ...opts.env };
    this.cols = opts.cols;
    this.rows = opts.rows;
    this.agentId = opts.env.BOTSTER_AGENT_ID ?? '';
    const viaShell = opts.args[0] === '-c' && opts.args.length === 2;
    this.command = viaShell ? opts.args[1].replace(/^exec /, '') : [opts.file, ...opts.args].join(' ');
    // As a real `sh -c` shows in its terminal's foreground (program-name.ts reads its script).
    this.foregroundArgv = [opts.file, ...opts.args];
  }

  // ---- the program's side ------------------------------------------------------------------

  /** Output, as a terminal's line discipline passes it (a lone \n arrives as \r\n). */
  print(text: string): void {
    this.printRaw(text.replace(/\r?\n/g, '\r\n'));
  }

  /** Output exactly as given. */
  printRaw(data: string): void {
    if (this.exits.info || this.exitDue || this.disposed) return;
    this.queue.push(data);
    this.schedule();
  }

  /** Calls `cb` with what the hub writes from now on (a script answering its input). */
  onInput(cb: (data: string) => void): () => void {
    this.inputCbs.push(cb);
    return () => {
      this.inputCbs = this.inputCbs.filter((c) => c !== cb);
    };
  }

  /** Calls `cb` when the hub resizes the terminal (as SIGWINCH tells a program). */
  onResize(cb: (cols: number, rows: number) => void): () => void {
    this.resizeCbs.push(cb);
    return () => {
      this.resizeCbs = this.resizeCbs.filter((c) => c !== cb);
    };
  }

  /** The program in its foreground from now on (`claude` typed into a shell); null: cannot tell. */
  setForeground(...argv: string[]): void {
    this.foregroundArgv = argv.length ? argv : null;
  }

  /** Ends the program (after what it printed is delivered). */
  exit(exitCode = 0, signal: number | null = null): void {
    if (this.exits.info || this.exitDue) return;
    this.exitDue = { exitCode, signal };
    this.schedule();
  }

  get exited(): boolean {
    return this.exits.info !== null;
  }

  /** Output printed and not yet delivered to the hub. */
  get pendingOutput(): boolean {
    return this.queue.length > 0 || (this.exitDue !== null && this.exits.info === null);
  }

  // ---- the hub's side (PtyProcess) ----------------------------------------------------------

  write(data: string): void {
    if (this.disposed || this.exits.info) return;
    this.received += data;
    if (this.echo) this.printRaw(echoed(data));
    for (const cb of [...this.inputCbs]) cb(data);
  }

  resize(cols: number, rows: number): void {
    if (this.disposed || this.exits.info) return;
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    for (const cb of [...this.resizeCbs]) cb(cols, rows);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  kill(signal: NodeJS.Signals = 'SIGHUP'): void {
    this.signals.push(signal);
    if (this.exits.info || this.ignore.has(signal)) return;
    if (signal === 'SIGHUP' || signal === 'SIGTERM' || signal === 'SIGKILL' || signal === 'SIGINT') {
      this.queue = [];
      this.exitDue = null;
      this.exit(0, constants.signals[signal]);
    }
  }

  onData(cb: (data: string) => void): () => void {
    this.dataCbs.push(cb);
    return () => {
      this.dataCbs = this.dataCbs.filter((c) => c !== cb);
    };
  }

  onExit(cb: (e: PtyExit) => void): () => void {
    return this.exits.on(cb);
  }

  foreground(): string[] | null {
    return this.exits.info ? null : this.foregroundArgv;
  }

  groupAlive(): boolean {
    return !this.exits.info;
  }

  dispose(): void {
    this.disposed = true;
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    this.dataCbs = [];
    this.exits.clear();
    this.inputCbs = [];
    this.resizeCbs = [];
  }

  /** Output goes out in a later turn, all that is queued at once (as one read of a PTY). */
  private schedule(): void {
    if (this.flushing || this.disposed) return;
    this.flushing = setImmediate(() => {
      this.flushing = null;
      this.deliver();
    });
  }

  private deliver(): void {
    if (this.disposed || this.paused) return;
    if (this.queue.length) {
      const data = this.queue.join('');
      this.queue = [];
      for (const cb of [...this.dataCbs]) cb(data);
    }
    if (this.exitDue && !this.exits.info && !this.paused) this.exits.fire(this.exitDue);
  }
}

/** What a terminal in cooked mode echoes for typed `data` (ECHO, ECHOCTL, ECHOE). */
function echoed(data: string): string {
  let out = '';
  for (const ch of data) {
    const c = ch.charCodeAt(0);
    if (ch === '\r') out += '\r\n';
    else if (ch === '\x7f') out += '\b \b';
    else if (ch === '\t' || ch === '\n') out += ch;
    else if (c < 0x20) out += `^${String.fromCharCode(c + 64)}`;
    else out += ch;
  }
  return out;
}

/** Scripts by command line, or a function that finds one (see basicPrograms). */
export type Scripts = Record<string, Script> | ((command: string) => Script | undefined);

/**
 * A source of scripted terminals for a hub (HubOptions.ptys): every agent it starts gets one. A
 * script keyed by the agent's command line runs as it starts.
 */
export class ScriptedPtys implements PtySource {
  readonly all: ScriptedPty[] = [];

  constructor(private readonly scripts: Scripts = {}) {}

  spawn(opts: PtySpawnOptions): ScriptedPty {
    const pty = new ScriptedPty(opts);
    this.all.push(pty);
    const script = typeof this.scripts === 'function' ? this.scripts(pty.command) : this.scripts[pty.command];
    script?.(pty);
    return pty;
  }

  /** The terminal of the agent with this id (BOTSTER_AGENT_ID). */
  byAgent(id: string): ScriptedPty | undefined {
    return this.all.find((p) => p.agentId === id);
  }

  /** Some terminal has output the hub has not been handed yet. */
  get pendingOutput(): boolean {
    return this.all.some((p) => p.pendingOutput);
  }
}

/** A scripted `cat`: echoes what is typed and, at each Enter, prints the line again. */
export const catScript: Script = (pty) => {
  pty.echo = true;
  let line = '';
  pty.onInput((data) => {
    for (const ch of data) {
      if (ch === '\r') {
        pty.print(`${line}\n`);
        line = '';
      } else if (ch === '\x7f') line = line.slice(0, -1);
      else line += ch;
    }
  });
};

/**
 * The few programs tests start most, as they behave on a terminal: `cat` (catScript), `echo TEXT`
 * (prints it and exits), `echo TEXT; sleep N` (prints it and stays), `echo TEXT; cat` (prints it,
 * then is a cat), `true` and `false`. Anything else prints nothing until the test says.
 */
export function basicPrograms(command: string): Script | undefined {
  if (command === 'cat') return catScript;
  if (command === 'true' || command === 'false') return (pty) => pty.exit(command === 'true' ? 0 : 1);
  const echo = /^echo (.*?)(?:; (sleep \d+|cat))?$/.exec(command);
  if (echo && !/[;&|$`'"\\]/.test(echo[1])) {
    const [, text, then] = echo;
    return (pty) => {
      pty.print(`${text}\n`);
      if (then === 'cat') catScript(pty);
      else if (!then) pty.exit(0);
      // (sleep N: it stays, saying nothing, for longer than a test runs)
    };
  }
  return undefined;
}

/** basicPrograms, and `scripts` by command line first. */
export function withBasics(scripts: Record<string, Script>): Scripts {
  return (command) => scripts[command] ?? basicPrograms(command);
}
