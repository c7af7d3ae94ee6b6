// A step's check: a shell command run in the step's folder once its agent is done (the tests).
import { spawn } from 'node:child_process';
import type { CheckResult } from './run.js';

const KEEP = 4000;

/** Runs `command` with sh in `cwd`; the exit code (null: it was stopped) and the last of its output. */
export function runCheck(
  command: string,
  cwd: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<CheckResult> {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn('sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const keep = (b: Buffer) => {
      out = (out + b.toString('utf8')).slice(-KEEP * 2);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const timer = setTimeout(() => {
      out += `\n(check stopped after ${Math.round(timeoutMs / 1000)} s)`;
      stop();
    }, timeoutMs);
    signal?.addEventListener('abort', stop, { once: true });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, output: `could not run: ${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      resolve({ code, output: out.slice(-KEEP).trim() });
    });
  });
}
