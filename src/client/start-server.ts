import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trace } from '../trace/trace.js';
import { outOfFiles } from '../wire/open-files.js';
import { withServerMalloc } from '../wire/server-malloc.js';

export interface StartServerOptions {
  /** The home (its logs/server.log takes the server's stdout and stderr). */
  home: string;
  /**
   * The server's command line after `botster-tui server`: the flags the user gave (--home, --agent,
   * --layout, ...). Without --home the server finds the home and the socket in the environment as
   * the client did (BOTSTER_SOCKET included: an explicit --home would drop it).
   */
  args: string[];
  env: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
  /** The script that runs the server (bin/botster-tui.js; a test gives a stand-in). */
  bin?: string;
}

/** A hub server on its way up. */
export interface ServerStart {
  /** Resolves once its socket listens (a client can attach while the hub starts); rejects with why it could not start. */
  listening: Promise<void>;
  /** Resolves once the hub started; rejects with why it could not. */
  ready: Promise<void>;
  /**
   * The process started (with the client's --agents on its command line), once known. When another
   * client's server won the race for the socket, that one is asked for our agents (see HELLO).
   */
  pid?: number;
}

/** The file the server's own stdout/stderr go to (a crash before the hub log exists lands here). */
export const serverLog = (home: string) => path.join(home, 'logs', 'server.log');

const BIN = fileURLToPath(new URL('../../bin/botster-tui.js', import.meta.url));

/**
 * Starts this home's hub server in the background, detached from our terminal (its own session,
 * like tmux's server). It says "listening", then "ready" (or why it could not start: "error WHY")
 * on a pipe it then closes; we never poll. "running": another client started one for this home at
 * the same moment, and we attach to that one.
 */
export function spawnServer(opts: StartServerOptions): ServerStart {
  const log = serverLog(opts.home);
  const failed = (said: string) =>
    new Error(
      `the hub server could not start: ${said.startsWith('error ') ? said.slice(6) : `it exited before it was ready${tail(log)}`} (its log: ${log})`,
    );
  let child;
  try {
    // A home made here is private (0700), as the server would make it: it holds the socket and logs.
    fs.mkdirSync(path.dirname(log), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(log, 'a', 0o600);
    try {
      // Loaded here, not at the top: child_process costs ~5 ms to load, and an attach never spawns.
      const { spawn } = process.getBuiltinModule('node:child_process');
      child = spawn(
        process.execPath,
        [
          `--v8-pool-size=${v8PoolSize()}`,
          opts.bin ?? BIN,
          'server',
          '--size',
          `${opts.cols}x${opts.rows}`,
          ...opts.args,
        ],
        {
          detached: true,
          stdio: ['ignore', fd, fd, 'pipe'],
          env: withServerMalloc(withoutCaCerts(definedOnly({ ...opts.env, BOTSTER_SERVER_READY_FD: '3' }))),
        },
      );
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    const why = Promise.reject(
      new Error(
        `the hub server could not start: ${unwritable(opts.home) ?? outOfFiles(err) ?? (err as Error).message}`,
      ),
    );
    why.catch(() => {});
    return { listening: why, ready: why };
  }
  const spawned = child;
  // node could not be started (out of file descriptors, say): it has no pid and no pipes, and its
  // 'error' (next tick) says why.
  if (spawned.pid === undefined) {
    const why = new Promise<never>((_resolve, reject) =>
      spawned.once('error', (err) =>
        reject(new Error(`the hub server could not start: ${outOfFiles(err) ?? err.message}`)),
      ),
    );
    why.catch(() => {});
    return { listening: why, ready: why };
  }
  child.on('error', () => {}); // (a kill that failed; its exit says the rest)
  child.unref();
  trace('client: server spawned');
  const pipe = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void; unref?(): void };
  const lines: string[] = [];
  let ended = false;
  let wake = () => {};
  const next = async (i: number): Promise<string> => {
    while (lines.length <= i && !ended) await new Promise<void>((r) => (wake = r));
    return lines[i] ?? '';
  };
  let text = '';
  const end = () => {
    ended = true;
    wake();
  };
  pipe.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    const parts = text.split('\n');
    text = parts.pop()!;
    lines.push(...parts);
    wake();
  });
  pipe.on('end', end);
  pipe.on('error', end);
  // An agent may hold the pipe's other end open after the server died: its exit is the end too.
  child.on('exit', () => setTimeout(end, 50));
  const listening = next(0).then((said) => {
    if (said !== 'listening' && said !== 'ready' && !said.startsWith('running')) throw failed(said);
  });
  const ready = listening.then(async () => {
    const said = lines[0] === 'listening' ? await next(1) : lines[0];
    if (said !== 'ready' && !said.startsWith('running')) throw failed(said);
  });
  // Nothing keeps us waiting for the server once it answered.
  void ready.finally(() => pipe.destroy()).catch(() => {});
  listening.catch(() => {});
  return { listening, ready, pid: child.pid };
}

/**
 * Why a home cannot be written, said plainly (a recursive mkdir on a read-only file system says
 * ENOENT): the nearest folder of it that exists, asked.
 */
function unwritable(home: string): string | undefined {
  let dir = path.resolve(home);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EROFS'
        ? 'is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not writable by you'
          : `cannot be written (${code})`;
    return `${dir === path.resolve(home) ? `its home ${home}` : `${dir} (where its home ${home} goes)`} ${why}; the server keeps its socket and logs there (choose another with --home or BOTSTER_HOME)`;
  }
}

function tail(file: string): string {
  try {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-5);
    return lines.length && lines[0] ? `:\n  ${lines.join('\n  ')}\n` : '';
  } catch {
    return '';
  }
}

/**
 * V8 compiles (JavaScript, and the Lua and layout WebAssembly) on 4 background threads; on a small
 * machine they take the cores from the server's own start-up (on 2 cores its first frame came ~40 ms
 * later). One fewer than the cores, 1 to 4, as bin/botster-tui starts it.
 */
export const v8PoolSize = (cores = os.availableParallelism()) => Math.max(1, Math.min(4, cores - 1));

/**
 * Node loads NODE_EXTRA_CA_CERTS (and its whole CA store) as it boots, ~30 ms (nodejs/node#40524);
 * the server makes no TLS connections: it boots without it and gives it back to its agents (bin/).
 */
function withoutCaCerts(env: Record<string, string>): Record<string, string> {
  if (env.NODE_EXTRA_CA_CERTS === undefined) return env;
  const { NODE_EXTRA_CA_CERTS: certs, ...rest } = env;
  return { ...rest, BOTSTER_NODE_EXTRA_CA_CERTS: certs };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
