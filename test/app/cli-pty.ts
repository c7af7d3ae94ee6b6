import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPty, type PtyProcess } from '../../src/pty/pty-process.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';

/** The real CLI, as `npm start` runs it. */
export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/botster-tui.js');

/** A user's terminal environment: a real TERM and no CI (Ink writes only final frames under CI). */
export function terminalEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const e = { ...process.env, TERM: 'xterm-256color', ...extra } as Record<string, string | undefined>;
  delete e.CI;
  for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
  return e as Record<string, string>;
}

export interface Running {
  pty: PtyProcess;
  term: HeadlessTerminal;
  output: () => string;
  exit: Promise<{ exitCode: number; signal: number | null }>;
}

/** Runs the CLI in a real PTY whose output feeds a headless terminal (what the user would see). */
export function run(args: string[], cols = 100, rows = 30, env: Record<string, string> = terminalEnv(), cwd = process.cwd()): Running {
  const term = new HeadlessTerminal({ cols, rows });
  const pty = spawnPty({ file: process.execPath, args: [BIN, ...args], cwd, env, cols, rows });
  let out = '';
  pty.onData((d) => {
    out += d;
    term.write(d);
  });
  const exit = new Promise<{ exitCode: number; signal: number | null }>((r) => pty.onExit(r));
  return { pty, term, output: () => out, exit };
}

export function screen(term: HeadlessTerminal): string {
  return term
    .snapshot()
    .lines.map((l) => l.map((r) => r.text).join('').trimEnd())
    .join('\n');
}

export async function waitScreen(r: Running, re: RegExp, ms = 10000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    await r.term.flush();
    const s = screen(r.term);
    if (re.test(s)) return s;
    if (Date.now() > end) throw new Error(`screen never matched ${re}:\n${s}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}
