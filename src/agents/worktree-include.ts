import fs from 'node:fs';
import path from 'node:path';
import { gitRun } from './git.js';

// `.worktreeinclude` at a repository's top: gitignore-style patterns of files git does not carry
// (an `.env`, a local config) that a new worktree should have too. They are copied, not linked: the
// agent may change its copy without touching yours.

/** The patterns of `<repo>/.worktreeinclude` (none when there is no such file). */
export async function includePatterns(repo: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(repo, '.worktreeinclude'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * Copies the untracked files of `from` matching `patterns` into the worktree `to` (same relative
 * paths; a folder pattern copies the folder). Files already there are left alone. Returns what it copied.
 */
export async function copyIncluded(from: string, to: string, patterns: string[]): Promise<string[]> {
  if (patterns.length === 0) return [];
  const r = await gitRun(from, [
    'ls-files',
    '-z',
    '--others',
    '--ignored',
    '--directory',
    ...patterns.map((p) => `--exclude=${p}`),
  ]);
  if (r.code !== 0) throw new Error(`.worktreeinclude: git ls-files failed: ${r.stderr.trim()}`);
  const copied: string[] = [];
  for (const rel of r.stdout.split('\0').filter(Boolean)) {
    const clean = rel.replace(/\/$/, '');
    const dest = path.join(to, clean);
    // never outside the worktree, never over what git checked out
    if (!dest.startsWith(to + path.sep) || fs.existsSync(dest)) continue;
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    await fs.promises.cp(path.join(from, clean), dest, {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      errorOnExist: false,
      force: false,
    });
    copied.push(clean);
  }
  return copied;
}
