import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/botster-tui.js');

// The real CLI as a test runs it against a home of its own: one spawner for every test, guarded so
// a test never reaches the developer's own hub. It refuses a home that is not absolute or is the
// real user's default one, and drops what would lead elsewhere (an inherited BOTSTER_SOCKET,
// BOTSTER_HOME, BOTSTER_AGENT_ID, TMUX) unless the test gives them.

export interface CliOptions {
  /** Added to (or, undefined, removed from) the environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** What the command reads on stdin. */
  input?: string;
  timeout?: number;
}

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
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as NodeJS.ProcessEnv;
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
