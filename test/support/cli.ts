import {
  spawn,
  spawnSync,
  type ChildProcessByStdio,
  type SpawnSyncReturns,
  type StdioOptions,
} from 'node:child_process';
import os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempHome } from './homes.js';

/** The CLI's node entry (bin/botster-tui.js) and the launcher a user runs (bin/botster-tui). */
export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/botster-tui.js');
export const LAUNCHER = path.resolve(path.dirname(BIN), 'botster-tui');

// The real CLI as a test runs it against a home of its own: one spawner for every test, guarded so
// a test never reaches the developer's own hub. It refuses a home that is not absolute or is the
// real user's default one, and drops what would lead elsewhere (an inherited BOTSTER_SOCKET,
// BOTSTER_HOME, BOTSTER_AGENT_ID, TMUX) unless the test gives them.

export interface CliOptions {
  /** hubCli: added to (or, undefined, removed from) this process's environment; cliSync, cliOut,
   * cliSpawn: the whole environment (test/support/cli.ts drops what leads to another hub). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** What the command reads on stdin. */
  input?: string;
  timeout?: number;
  /** (always utf8: accepted so a spawnSync's options read the same) */
  encoding?: 'utf8';
  stdio?: StdioOptions;
  /** Run this file instead of `node bin/botster-tui.js`: an installed copy of the launcher. */
  file?: string;
  /** Run bin/botster-tui, the launcher a user runs (it chooses the native client or node's). */
  launcher?: boolean;
  /** Another release's node entry (a copy of the package's bin/botster-tui.js) instead of this one's. */
  entry?: string;
}

/** What in a test's environment leads to another hub: its socket, its home, an agent's id, tmux. */
const LEADS = ['BOTSTER_SOCKET', 'BOTSTER_HOME', 'BOTSTER_AGENT_ID', 'TMUX'];

/** The environment a test's CLI runs with: this one, CI on, nothing of another hub, then `extra`. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    ...process.env,
    CI: 'true',
    BOTSTER_SOCKET: undefined,
    BOTSTER_HOME: undefined,
    BOTSTER_AGENT_ID: undefined,
    TMUX: undefined,
    ...extra,
  };
  // (what this process inherited that leads to another hub goes, though a test passed it on)
  for (const k of LEADS) if (env[k] !== undefined && env[k] === process.env[k]) delete env[k];
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as NodeJS.ProcessEnv;
}

/**
 * A test's whole environment for the CLI (as spawn's `env` is): as given, but what this process
 * inherited that leads to another hub goes (a test that built it from process.env passed it on).
 */
export function ownEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const e: Record<string, string | undefined> = { ...env };
  for (const k of LEADS) if (e[k] !== undefined && e[k] === process.env[k]) delete e[k];
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return e as NodeJS.ProcessEnv;
}

/** `botster-tui ARGS --home HOME` (before a `--`, whose words are the agent's command). */
export function hubCli(
  home: string,
  args: readonly string[],
  opts: CliOptions = {},
): SpawnSyncReturns<string> {
  if (!path.isAbsolute(home)) throw new Error(`a test's home must be absolute: ${home}`);
  if (path.resolve(home) === path.join(os.homedir(), '.botster'))
    throw new Error(`refused: ${home} is the real user's hub home; give the test one of its own`);
  const tail = args.indexOf('--');
  const argv =
    tail < 0 ? [...args, '--home', home] : [...args.slice(0, tail), '--home', home, ...args.slice(tail)];
  return spawnSync(process.execPath, [BIN, ...argv], {
    encoding: 'utf8',
    env: cliEnv(opts.env),
    timeout: opts.timeout ?? 30000,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
}

/** Command lines that reach no hub and no home (their words anywhere). */
const NO_HOME = new Set(['--help', '-h', '--version', '-v']);

/** The hub home a command line names: its --home, else BOTSTER_HOME; null: its HOME's .botster. */
function homeOf(args: readonly string[], env: NodeJS.ProcessEnv): string | null {
  const tail = args.indexOf('--');
  const words = tail < 0 ? args : args.slice(0, tail);
  const flag = words.findIndex((a) => a === '--home' || a.startsWith('--home='));
  if (flag >= 0) return words[flag].startsWith('--home=') ? words[flag].slice(7) : (words[flag + 1] ?? null);
  return env.BOTSTER_HOME || null;
}

/**
 * `env` for a command line that cannot reach the real user's hub home (the developer's own
 * agents): one that names that home is refused; one that names none, in the user's own HOME, gets
 * a throwaway HOME (its ~/.botster is the test's); one that reaches no home (--help) goes as it is.
 */
export function guardCli<E extends Record<string, string | undefined>>(args: readonly string[], env: E): E {
  const tail = args.indexOf('--');
  if ((tail < 0 ? args : args.slice(0, tail)).some((a) => NO_HOME.has(a))) return env;
  const real = path.join(os.homedir(), '.botster');
  const home = homeOf(args, env);
  const reaches = home ?? (env.HOME ? path.join(env.HOME, '.botster') : real);
  if (path.resolve(reaches) !== real) return env;
  if (home !== null)
    throw new Error(
      `refused: botster-tui ${args.join(' ')} would reach ${home}, the real user's hub home; give the test one of its own (--home, BOTSTER_HOME or HOME)`,
    );
  return { ...env, HOME: tempHome() };
}

/**
 * The guarded environment and argv of `botster-tui ARGS` (or of `file ARGS`): the test's whole
 * environment when it gives one (`env`), else this process's with CI on (cliEnv).
 */
function prepared(
  args: readonly string[],
  opts: { env?: Record<string, string | undefined>; file?: string; launcher?: boolean; entry?: string },
) {
  const env = guardCli(args, opts.env ? ownEnv(opts.env) : cliEnv());
  const file = opts.file ?? (opts.launcher ? LAUNCHER : null);
  return { env, file: file ?? process.execPath, argv: file ? [...args] : [opts.entry ?? BIN, ...args] };
}

/** `botster-tui ARGS` as they are (the test gives the home: --home, BOTSTER_HOME or HOME), waited for. */
export function cliSync(args: readonly string[], opts: CliOptions = {}): SpawnSyncReturns<string> {
  const { env, file, argv } = prepared(args, opts);
  return spawnSync(file, argv, {
    encoding: 'utf8',
    env,
    timeout: opts.timeout ?? 30000,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    ...(opts.stdio ? { stdio: opts.stdio } : {}),
  });
}

/**
 * What `botster-tui ARGS` printed; throws when it fails, as execFileSync does: an Error with its
 * status, stdout and stderr.
 */
export function cliOut(args: readonly string[], opts: CliOptions = {}): string {
  const r = cliSync(args, opts);
  if (r.error) throw r.error;
  if (r.status !== 0)
    throw Object.assign(
      new Error(`botster-tui ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`),
      {
        status: r.status,
        stdout: r.stdout,
        stderr: r.stderr,
      },
    );
  return r.stdout;
}

/**
 * `botster-tui ARGS` started (a server, `events`, a command that reads its stdin); its streams are
 * pipes unless `stdio` says otherwise.
 */
export function cliSpawn(
  args: readonly string[],
  opts: Omit<CliOptions, 'input' | 'timeout'> & { detached?: boolean } = {},
): ChildProcessByStdio<Writable, Readable, Readable> {
  const { env, file, argv } = prepared(args, opts);
  return spawn(file, argv, {
    env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.stdio ? { stdio: opts.stdio } : {}),
    ...(opts.detached ? { detached: true } : {}),
  }) as ChildProcessByStdio<Writable, Readable, Readable>;
}

/**
 * `botster-tui ARGS` without blocking this process's event loop (an in-process hub answers it),
 * with `env`'s variables added to this process's (CI on, nothing of another hub's).
 */
export function cliExec(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  opts: { cwd?: string; input?: string; file?: string; launcher?: boolean } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = cliSpawn(args, {
    env: cliEnv(env),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.file ? { file: opts.file } : {}),
    ...(opts.launcher ? { launcher: true } : {}),
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  // (a child that has what it needs may close its stdin before all of it was written)
  child.stdin?.on('error', () => {});
  if (opts.input !== undefined) child.stdin.end(opts.input);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 40000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * The guarded argv of `botster-tui ARGS` after node (or `file`'s), for what runs it its own way: a
 * PTY, an MCP client's transport, a resource limit.
 */
export function cliArgv(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): { file: string; args: string[] } {
  const { file, argv } = prepared(args, { env });
  return { file, args: argv };
}

/**
 * The CLI as a shell command line runs it (an agent's script, a hook, tmux): node and its entry,
 * quoted; or the launcher.
 */
export function cliLine(o: { launcher?: boolean } = {}): string {
  return o.launcher ? JSON.stringify(LAUNCHER) : `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`;
}
