import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Worktree {
  path: string;
  branch: string;
  repo: string;
}

/** A failed git call: its stderr, trimmed (git's own words are the clearest message). */
class GitError extends Error {}

// git runs in a child process the hub does not wait on: a slow repository (a big checkout, a
// network file system, a hook) never holds up keys or frames.
function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', cwd, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new GitError(stderr.trim() || err.message));
      else resolve(stdout.trim());
    });
  });
}

/** The repository holding `cwd`, or null outside one. */
export async function repoRoot(cwd: string): Promise<string | null> {
  try {
    return await git(cwd, ['rev-parse', '--show-toplevel']);
  } catch {
    return null;
  }
}

async function branchExists(repo: string, branch: string): Promise<boolean> {
  try {
    await git(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * A git worktree (and branch) for an agent: `botster/NAME` under `folder` (default: a
 * `<repo>-worktrees` folder beside the repository). With `reuse`, an existing branch is checked out
 * instead of failing. Rejects with a clear Error outside a repository or when git refuses.
 */
export async function createWorktree(cwd: string, name: string, opts: { folder?: string; branch?: string; reuse?: boolean } = {}): Promise<Worktree> {
  const repo = await repoRoot(cwd);
  if (!repo) throw new Error(`${cwd} is not in a git repository`);
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  let branch = opts.branch ?? `botster/${safe}`;
  const folder = opts.folder ?? path.join(path.dirname(repo), `${path.basename(repo)}-worktrees`);
  await fs.promises.mkdir(folder, { recursive: true });
  if (!opts.reuse && (await branchExists(repo, branch))) {
    let n = 2;
    while (await branchExists(repo, `${branch}-${n}`)) n++;
    branch = `${branch}-${n}`;
  }
  const dir = path.join(folder, branch.replace(/\//g, '-'));
  try {
    if (await branchExists(repo, branch)) await git(repo, ['worktree', 'add', dir, branch]);
    else await git(repo, ['worktree', 'add', '-b', branch, dir]);
  } catch (err) {
    throw new Error(`git worktree add failed: ${(err as Error).message}`);
  }
  return { path: dir, branch, repo };
}

/** Whether the worktree has no changes (untracked files count as changes). */
export async function worktreeClean(dir: string): Promise<boolean> {
  try {
    return (await git(dir, ['status', '--porcelain'])) === '';
  } catch {
    return false;
  }
}

/** Removes a clean worktree (the branch stays). */
export async function removeWorktree(wt: Worktree): Promise<void> {
  await git(wt.repo, ['worktree', 'remove', wt.path]);
}

/**
 * What is missing for an agent to run in `wt` again, or null if it is there: a cheap check on the
 * file system (a worktree folder holds a `.git` file), no git call.
 */
export function worktreeMissing(wt: Worktree): string | null {
  if (!isDir(wt.path)) return `its worktree ${wt.path} (branch ${wt.branch}) is gone`;
  if (!fs.existsSync(path.join(wt.path, '.git'))) return `${wt.path} is no longer a git worktree (branch ${wt.branch})`;
  return null;
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
