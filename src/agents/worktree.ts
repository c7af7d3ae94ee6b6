import fs from 'node:fs';
import path from 'node:path';
import { branchExists, currentBranch, git, gitRun, repoRoot } from './git.js';
import { repoWrites } from '../box/git-box.js';

export interface Worktree {
  path: string;
  branch: string;
  repo: string;
  /** The branch it was made from: where worktree.finish merges it (absent: made before bases were recorded). */
  base?: string;
}

export { repoRoot };

/**
 * A worktree was asked for where one must be made (botster-tui new --worktree) and could not be:
 * the agent was not started. The message says why (not in a git repository, git's own words).
 */
export class WorktreeNotMade extends Error {}

export interface CreateOptions {
  folder?: string;
  branch?: string;
  reuse?: boolean;
  /** The branch (or commit) the new branch starts from; default the branch checked out at `cwd`. */
  base?: string;
}

/**
 * A git worktree (and branch) for an agent: `botster/NAME` (or `branch`) from `base` under `folder`
 * (default: a `<repo>-worktrees` folder beside the repository). With `reuse`, an existing branch is
 * checked out instead of failing. Rejects with a clear Error outside a repository or when git refuses.
 */
export async function createWorktree(cwd: string, name: string, opts: CreateOptions = {}): Promise<Worktree> {
  const repo = await repoRoot(cwd);
  if (!repo) throw new Error(`${cwd} is not in a git repository`);
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  let branch = opts.branch ?? `botster/${safe}`;
  const folder = opts.folder ?? path.join(path.dirname(repo), `${path.basename(repo)}-worktrees`);
  const base = opts.base ?? (await currentBranch(cwd)) ?? undefined;
  if (
    opts.base !== undefined &&
    (await gitRun(repo, ['rev-parse', '--verify', '--quiet', `${opts.base}^{commit}`])).code !== 0
  ) {
    throw new Error(`no branch or commit "${opts.base}" to start from in ${repo}`);
  }
  await fs.promises.mkdir(folder, { recursive: true });
  if (!opts.reuse && (await branchExists(repo, branch))) {
    let n = 2;
    while (await branchExists(repo, `${branch}-${n}`)) n++;
    branch = `${branch}-${n}`;
  }
  const dir = path.join(folder, branch.replace(/\//g, '-'));
  try {
    const writes = [...repoWrites(repo), dir];
    if (await branchExists(repo, branch)) await git(repo, ['worktree', 'add', dir, branch], { writes });
    else await git(repo, ['worktree', 'add', '-b', branch, dir, ...(base ? [base] : [])], { writes });
  } catch (err) {
    throw new Error(`git worktree add failed: ${(err as Error).message}`);
  }
  return { path: dir, branch, repo, ...(base && base !== branch ? { base } : {}) };
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
  await git(wt.repo, ['worktree', 'remove', wt.path], {
    writes: [...repoWrites(wt.repo), path.dirname(wt.path)],
  });
}

/**
 * What is missing for an agent to run in `wt` again, or null if it is there: a cheap check on the
 * file system (a worktree folder holds a `.git` file), no git call.
 */
export function worktreeMissing(wt: Worktree): string | null {
  if (!isDir(wt.path)) return `its worktree ${wt.path} (branch ${wt.branch}) is gone`;
  if (!fs.existsSync(path.join(wt.path, '.git')))
    return `${wt.path} is no longer a git worktree (branch ${wt.branch})`;
  return null;
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
