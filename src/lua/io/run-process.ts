// One process for Lua's process.run and git.* (docs/lua/process.md), bounded: a timeout (then its
// whole process group is stopped, TERM then KILL), a limit on what it prints (past it, stopped
// too), stdin given whole or closed. No shell: the command and its arguments as given. The hub's
// own variables (its socket, its agents' ids) are not handed on. Errors are values.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

// Loaded on the first process: node:child_process costs the worker's start time otherwise (require,
// not a dynamic import: the bundled worker runs from V8's code cache, which has no module loader).
const childProcess = () =>
  createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');

export const PROCESS_DEFAULT_TIMEOUT_MS = 30_000;
export const PROCESS_MAX_TIMEOUT_MS = 600_000;
export const PROCESS_MAX_OUTPUT = 4 * 1024 * 1024;
const KILL_AFTER_MS = 1000;

export interface ProcessSpec {
  cmd: string;
  args: string[];
  cwd?: string;
  input?: string;
  timeoutMs: number;
  env?: Record<string, string>;
  /** `env` is its whole environment (none of the hub's besides: git's box, src/box/git-box.ts). */
  envOnly?: boolean;
}

export interface ProcessResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  ok: boolean;
  error?: string;
}

/** The environment a process Lua runs gets: the hub's, without what is the hub's own. */
export function processEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('BOTSTER_') || k === 'BOTSTER_HOME') env[k] = v;
  return { ...env, ...extra };
}

/**
 * Runs it; `pid` hears its process id (and null once it ended), so a host can stop what a dead
 * worker left running. `abort` stops it (its result is then never delivered).
 */
export function runProcess(
  spec: ProcessSpec,
  done: (r: ProcessResult) => void,
  pid: (id: number, alive: boolean) => void = () => {},
): { abort(): void } {
  let finished = false;
  let stop = () => {};
  let timer: NodeJS.Timeout | undefined;
  const finish = (r: ProcessResult, id?: number) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    if (id) pid(id, false);
    done(r);
  };
  const failed = (error: string) => finish({ code: null, stdout: '', stderr: '', ok: false, error });
  // spawn reports a missing folder as a missing program (ENOENT): say which it is.
  if (spec.cwd !== undefined && !fs.existsSync(spec.cwd)) {
    queueMicrotask(() => failed(`${spec.cmd}: no folder ${spec.cwd} (cwd)`));
    return { abort: () => void (finished = true) };
  }
  try {
    watch(
      childProcess().spawn(spec.cmd, spec.args, {
        cwd: spec.cwd,
        env: spec.envOnly ? spec.env : processEnv(spec.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true, // its own process group: a timeout stops what it started too
      }),
    );
  } catch (err) {
    const message = (err as Error).message; // (a NUL in an argument, say)
    queueMicrotask(() => failed(`${spec.cmd}: ${message}`));
  }

  function watch(child: ChildProcessWithoutNullStreams): void {
    let problem: string | undefined;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const id = child.pid;
    if (id) pid(id, true);
    stop = () => {
      if (!id) return;
      try {
        process.kill(-id, 'SIGTERM');
      } catch {
        return;
      }
      setTimeout(() => {
        try {
          process.kill(-id, 'SIGKILL');
        } catch {
          // gone
        }
      }, KILL_AFTER_MS).unref();
    };
    timer = setTimeout(() => {
      problem = `${spec.cmd}: still running after ${spec.timeoutMs} ms (timeout) and was stopped`;
      stop();
    }, spec.timeoutMs);
    const take = (list: Buffer[]) => (c: Buffer) => {
      size += c.length;
      if (size > PROCESS_MAX_OUTPUT) {
        if (!problem) {
          problem = `${spec.cmd}: printed over ${PROCESS_MAX_OUTPUT} bytes and was stopped`;
          stop();
        }
        return;
      }
      list.push(c);
    };
    child.stdout.on('data', take(out));
    child.stderr.on('data', take(err));
    child.stdin.on('error', () => {}); // it may exit without reading its input
    child.stdin.end(spec.input ?? '');
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish(
        {
          code: null,
          stdout: '',
          stderr: '',
          ok: false,
          error: e.code === 'ENOENT' ? `${spec.cmd}: not found` : `${spec.cmd}: ${e.message}`,
        },
        id,
      ),
    );
    child.on('close', (code, signal) =>
      finish(
        {
          code,
          ...(signal ? { signal } : {}),
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          ok: code === 0 && !problem,
          ...(problem ? { error: problem } : {}),
        },
        id,
      ),
    );
  }

  return {
    abort: () => {
      finished = true;
      clearTimeout(timer);
      stop();
    },
  };
}
