import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Worktree {
  path: string;
  branch: string;
  repo: string;
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The repository holding `cwd`, or null outside one. */
export function repoRoot(cwd: string): string | null {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']);
  } catch {
    return null;
  }
}

function branchExists(repo: string, branch: string): boolean {
  try {
    git(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * A git worktree (and branch) for an agent: `botster/NAME` under `folder` (default: a
 * `<repo>-worktrees` folder beside the repository). With `reuse`, an existing branch is checked out
 * instead of failing. Throws a clear Error outside a repository or when git refuses.
 */
export function createWorktree(cwd: string, name: string, opts: { folder?: string; branch?: string; reuse?: boolean } = {}): Worktree {
  const repo = repoRoot(cwd);
  if (!repo) throw new Error(`${cwd} is not in a git repository`);
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  let branch = opts.branch ?? `botster/${safe}`;
  const folder = opts.folder ?? path.join(path.dirname(repo), `${path.basename(repo)}-worktrees`);
  fs.mkdirSync(folder, { recursive: true });
  if (branchExists(repo, branch) && !opts.reuse) {
    let n = 2;
    while (branchExists(repo, `${branch}-${n}`)) n++;
    branch = `${branch}-${n}`;
  }
  const dir = path.join(folder, branch.replace(/\//g, '-'));
  try {
    if (branchExists(repo, branch)) git(repo, ['worktree', 'add', dir, branch]);
    else git(repo, ['worktree', 'add', '-b', branch, dir]);
  } catch (err) {
    const msg = (err as { stderr?: string }).stderr?.toString().trim() || (err as Error).message;
    throw new Error(`git worktree add failed: ${msg}`);
  }
  return { path: dir, branch, repo };
}

/** Whether the worktree has no changes (untracked files count as changes). */
export function worktreeClean(dir: string): boolean {
  try {
    return git(dir, ['status', '--porcelain']) === '';
  } catch {
    return false;
  }
}

/** Removes a clean worktree (the branch stays). */
export function removeWorktree(wt: Worktree): void {
  git(wt.repo, ['worktree', 'remove', wt.path]);
}
