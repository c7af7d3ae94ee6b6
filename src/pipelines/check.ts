// A step's check: a shell command run in the step's folder once its agent is done (the tests). A
// boxed step agent's check runs in that agent's box (box-command.ts): what it runs is what the
// agent wrote, so it writes only what the box writes and sees nothing the box hides.
import { spawn } from 'node:child_process';
import { boxedCommand, type BoxedFor } from '../box/box-command.js';
import { containerGone } from '../box/box-runner.js';
import type { CheckResult } from './run.js';

const KEEP = 4000;

/**
 * Runs `command` with sh in `cwd` (in `box`, the step agent's, when it has one); the exit code
 * (null: it was stopped, or it could not run) and the last of its output.
 */
export function runCheck(
  command: string,
  cwd: string,
  timeoutMs: number,
  signal?: AbortSignal,
  box?: BoxedFor,
): Promise<CheckResult> {
  const argv = { file: 'sh', args: ['-c', command] };
  let run: { file: string; args: string[]; container?: string; env?: Record<string, string> };
  try {
    run = box ? boxedCommand(box, cwd, argv) : argv;
  } catch (err) {
    return Promise.resolve({
      code: null,
      output: `could not run in its agent's box: ${(err as Error).message}`,
    });
  }
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(run.file, run.args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      // (a bubblewrap box's environment is what its box lets in: box-env.ts)
      ...(box ? { env: run.env ?? box.env } : {}),
    });
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
      // (podman run stopped while its container held on: the container goes too)
      if (run.container && box) containerGone(run.container, box.env);
      resolve({ code, output: out.slice(-KEEP).trim() });
    });
  });
}
