import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach } from 'vitest';
import { tempHome } from './hub.js';
import { spawnPty, type PtyProcess } from '../../src/pty/pty-process.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { BIN, LAUNCHER, guardCli, hubCli } from './cli.js';

// The real CLI (the built bundle) in a real PTY, read through a headless terminal.

/**
 * The two ways a client's keys and frames go: the server reads and writes the client's terminal
 * itself (a local client in a terminal of ours), or the socket carries them (BOTSTER_DIRECT_TTY=0,
 * and every client whose terminal the server cannot open).
 */
export const TTY_PATHS = [
  ['the server has the terminal', { direct: true, env: {} }],
  ['through the socket', { direct: false, env: { BOTSTER_DIRECT_TTY: '0' } }],
] as const;
let pathEnv: Record<string, string | undefined> = {};

/** The suite's clients (run() and ptyEnv()) take this path (call inside a describe). */
export function onPath(env: Record<string, string | undefined>): void {
  beforeEach(() => {
    pathEnv = env;
  });
  afterEach(() => {
    pathEnv = {};
  });
}

/** A user's terminal environment: a real TERM and no CI (Ink writes only final frames under CI); `undefined` removes a variable. */
export function ptyEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const e = { ...process.env, TERM: 'xterm-256color', ...pathEnv, ...extra } as Record<
    string,
    string | undefined
  >;
  delete e.CI; // the hub must not depend on it, but a user's terminal has none
  for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
  return e as Record<string, string>;
}

export interface Running {
  pty: PtyProcess;
  term: HeadlessTerminal;
  output: () => string;
  /** True while a synchronized frame has begun and not ended. */
  midFrame?: () => boolean;
  exit: Promise<{ exitCode: number; signal: number | null }>;
  /** The home whose hub server this run may have started (stopAll stops it), and the environment that finds its socket. */
  home: string | null;
  env?: Record<string, string>;
}

/**
 * Runs `botster-tui args` in a fresh PTY: node and its entry, the launcher (`launcher`), or `file`
 * (another program). The CLI's home is guarded as test/support/cli.ts guards it.
 */
export function run(
  args: string[],
  cols = 100,
  rows = 30,
  opts: { file?: string; launcher?: boolean; env?: Record<string, string>; cwd?: string } = {},
): Running {
  const env = opts.file ? (opts.env ?? ptyEnv()) : guardCli(args, opts.env ?? ptyEnv());
  const file = opts.file ?? (opts.launcher ? LAUNCHER : null);
  const term = new HeadlessTerminal({ cols, rows });
  const pty = spawnPty({
    file: file ?? process.execPath,
    args: file ? args : [BIN, ...args],
    cwd: opts.cwd ?? process.cwd(),
    env,
    cols,
    rows,
  });
  let out = '';
  // Like a terminal that honours synchronized output (mode 2026): a frame the hub is still writing
  // is not a screen to read yet.
  let inFrame = false;
  pty.onData((d) => {
    const seen = out.slice(-8) + d;
    const begin = seen.lastIndexOf('\x1b[?2026h');
    const end = seen.lastIndexOf('\x1b[?2026l');
    if (begin !== end) inFrame = begin > end;
    out += d;
    term.write(d);
  });
  const exit = new Promise<{ exitCode: number; signal: number | null }>((r) => pty.onExit(r));
  const flag = args.indexOf('--home');
  const home = opts.file
    ? null
    : flag >= 0
      ? args[flag + 1]
      : (env.BOTSTER_HOME ?? (env.HOME ? path.join(env.HOME, '.botster') : null));
  return { pty, term, output: () => out, midFrame: () => inFrame, exit, home, env };
}

export function screen(term: HeadlessTerminal): string {
  return term
    .snapshot()
    .lines.map((l) =>
      l
        .map((r) => r.text)
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

export async function waitScreen(r: Running, re: RegExp, ms = 10000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const partial = r.midFrame?.() ?? false;
    await r.term.flush();
    const s = screen(r.term);
    if (!partial && re.test(s)) return s;
    if (Date.now() > end) throw new Error(`screen never matched ${re}:\n${s}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

/** The real CLI as the user runs it from their own shell (outside every agent), against `home`'s hub. */
export function userCli(
  home: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  const r = hubCli(home, args);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Stops the hub server of a home, if one runs (its agents with it). */
export function killServer(
  home: string,
  base: Record<string, string | undefined> = process.env,
): { status: number | null; stdout: string; stderr: string } {
  const env = { ...base, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, 'kill-server', '--home', home], {
    encoding: 'utf8',
    env,
    // (it kills a server that did not stop within 10 s: an afterEach has 20)
    timeout: 17000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Kills and disposes what a test started, and the servers its clients started (afterEach). */
export function stopAll(running: Running[], homes: string[] = []): void {
  const servers = new Map(homes.map((h) => [h, undefined as Record<string, string> | undefined]));
  for (const r of running.splice(0)) {
    r.pty.kill('SIGKILL');
    r.pty.dispose();
    r.term.dispose();
    if (r.home) servers.set(r.home, r.env);
  }
  for (const [home, env] of servers) {
    killServer(home, env);
    killKeepers(home);
  }
  homes.length = 0;
}

/**
 * Ends the keepers of a home that no server stops any more (a test that killed its server with
 * SIGKILL): each hangs its agent up as it goes.
 */
export function killKeepers(home: string): void {
  const dir = path.join(home, 'keepers');
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('botster-keeper') || !cmd.includes(`${dir}/`)) continue;
    try {
      process.kill(Number(name), 'SIGTERM');
    } catch {
      // gone
    }
  }
}

/**
 * A suite's CLI runs and the homes whose servers they may have started, all stopped after each
 * test (call once, at the top of the suite). `dotHome(sub)` is a fresh `<tmp>/.botster` (not made
 * yet: the CLI makes it) whose server is stopped too.
 */
export function stoppedAfterEach(): {
  running: Running[];
  homes: string[];
  dotHome: (sub?: string) => string;
} {
  const running: Running[] = [];
  const homes: string[] = [];
  afterEach(() => stopAll(running, homes));
  const dotHome = (sub = '.botster') => {
    const home = path.join(tempHome(), sub);
    homes.push(home);
    return home;
  };
  return { running, homes, dotHome };
}

/** app.quit as a user does it: q in normal mode (ctrl+g first unless the hub keys are on), then the question's answer. */
export async function quitWith(r: Running, choice: 'stop' | 'detach'): Promise<void> {
  // An attaching client comes back in the mode the hub was left in: read it off a drawn status bar
  // (ctrl+g in normal mode would go to the agent).
  await waitScreen(r, / (NORMAL|INSERT) /);
  r.pty.write(/ NORMAL /.test(screen(r.term)) ? 'q' : '\x07q');
  await waitScreen(r, /Quit: detach or stop the agents\?/);
  r.pty.write(`${choice}\r`);
}

/** Sends raw bytes to a socket (half-closing after them when `end`); resolves what came back once the server closes. */
export function rawExchange(
  socket: string,
  bytes: string | Buffer,
  opts: { end?: boolean; encoding?: BufferEncoding; ms?: number } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const s = net.createConnection(socket, () => (opts.end ? s.end(bytes) : s.write(bytes)));
    let got = '';
    s.on('data', (d) => (got += d.toString(opts.encoding ?? 'utf8')));
    s.on('close', () => resolve(got));
    s.on('error', () => {});
    setTimeout(() => s.destroy(), opts.ms ?? 8000);
  });
}

/** `botster-tui ls --json --home HOME`, as your shell runs it (no BOTSTER_SOCKET), parsed. */
export function lsJson<T>(home: string): T {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, 'ls', '--json', '--home', home], {
    encoding: 'utf8',
    env,
    timeout: 20000,
  });
  return JSON.parse(r.stdout) as T;
}
