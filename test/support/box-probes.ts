import fs from 'node:fs';
import { expect } from 'vitest';
import { userCli } from './cli-pty.js';

// What the box tests share: an agent a user starts in a box (or `off`), and the lines a probe
// script it runs prints, `NAME:ok` or `NAME:no` for each attempt.

/** The attempts a probe script printed to `file`, by name. */
export function probesOf(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([\w-]+):(ok|no)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** `bash --norc` started by the user in `dir`, in `box` (a name, or `off`), with `more` flags (a worktree). */
export function boxedBash(home: string, dir: string, box: string, more: string[] = []): void {
  const r = userCli(home, [
    'new',
    '--no-focus',
    '--cwd',
    dir,
    '--sandbox',
    box,
    ...more,
    '--',
    'bash',
    '--norc',
    '--noprofile',
  ]);
  expect(r.status, r.stderr).toBe(0);
}

/** The folder each agent of `home`'s hub runs in, by id. */
export function cwdsOf(home: string): (id: string) => string {
  const agents = JSON.parse(userCli(home, ['agents', '--json']).stdout) as Array<{ id: string; cwd: string }>;
  return (id) => agents.find((a) => a.id === id)!.cwd;
}
