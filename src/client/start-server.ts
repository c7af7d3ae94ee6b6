import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface StartServerOptions {
  home: string;
  /** The server's command line after `botster-tui server` (flags the user gave: --agent, --layout, ...). */
  args: string[];
  env: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
}

/** The file the server's own stdout/stderr go to (a crash before the hub log exists lands here). */
export const serverLog = (home: string) => path.join(home, 'logs', 'server.log');

/**
 * Starts this home's hub server in the background, detached from our terminal (its own session,
 * like tmux's server), and resolves once it listens and has drawn its first frame. The server says
 * "ready" (or why it could not start) on a pipe it then closes; we never poll.
 */
export async function startServer(opts: StartServerOptions): Promise<void> {
  const log = serverLog(opts.home);
  // A home made here is private (0700), as the server would make it: it holds the socket and logs.
  fs.mkdirSync(path.dirname(log), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(log, 'a', 0o600);
  const bin = process.argv[1];
  let child;
  try {
    child = spawn(process.execPath, [bin, 'server', '--home', opts.home, '--size', `${opts.cols}x${opts.rows}`, ...opts.args], {
      detached: true,
      stdio: ['ignore', fd, fd, 'pipe'],
      env: definedOnly({ ...opts.env, BOTSTER_SERVER_READY_FD: '3' }),
    });
  } finally {
    fs.closeSync(fd);
  }
  const pipe = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void };
  const said = await new Promise<string>((resolve) => {
    let text = '';
    pipe.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
    pipe.on('end', () => resolve(text.split('\n')[0]));
    pipe.on('error', () => resolve(text.split('\n')[0]));
    child.on('exit', () => setTimeout(() => resolve(text.split('\n')[0]), 50));
  });
  pipe.destroy();
  child.unref();
  // "running": another client started one for this home at the same moment: attach to that.
  if (said === 'ready' || said.startsWith('running')) return;
  const why = said.startsWith('error ') ? said.slice(6) : `it exited before it was ready${tail(log)}`;
  throw new Error(`the hub server could not start: ${why} (its log: ${log})`);
}

function tail(file: string): string {
  try {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-5);
    return lines.length && lines[0] ? `:\n  ${lines.join('\n  ')}\n` : '';
  } catch {
    return '';
  }
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
