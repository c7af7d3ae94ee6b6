import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { branchExists, checkedOut, git, gitRun } from './git.js';
import { repoWrites } from '../box/git-box.js';
import type { Worktree } from './worktree.js';

// The end of an agent's worktree: what is in it (facts for Lua's dialogs), merge or rebase into
// its base with a clean abort on conflict, and removal of the worktree and its branch. Which of
// these to do, and what to ask first, is Lua's (lua/default/worktrees.lua).

export interface WorktreeFacts {
  path: string;
  branch: string;
  repo: string;
  base: string | null;
  /** Changed, staged or untracked files (would be lost with the folder). */
  dirty: string[];
  /** Commits on the branch that the base does not have (what a finish merges). */
  ahead: number;
  /** Commits on the base that the branch does not have. */
  behind: number;
  /** The branch's upstream (`origin/x`), if it has one, and how many of its commits it lacks. */
  upstream: string | null;
  unpushed: number;
}

/** A merge or rebase that stopped on conflicts: git's work was undone (`--abort`). */
export class ConflictError extends Error {
  constructor(
    readonly files: string[],
    what: string,
  ) {
    super(
      `${what} stopped on conflicts in ${files.length ? files.join(', ') : 'some files'}: aborted, nothing changed`,
    );
  }
}

/** Porcelain status paths (-z: names as they are). */
async function dirtyFiles(dir: string): Promise<string[]> {
  const out = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { raw: true });
  const files: string[] = [];
  const parts = out.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length < 4) continue;
    files.push(p.slice(3));
    // A rename carries its old name next.
    if (p[0] === 'R' || p[0] === 'C') i++;
  }
  return files;
}

async function count(dir: string, range: string): Promise<number> {
  const r = await gitRun(dir, ['rev-list', '--count', range]);
  return r.code === 0 ? Number(r.stdout.trim()) || 0 : 0;
}

/** What a worktree holds now (one git status and a few rev-lists). */
export async function worktreeFacts(wt: Worktree): Promise<WorktreeFacts> {
  if (!fs.existsSync(wt.path)) throw new Error(`the worktree ${wt.path} is gone`);
  const dirty = await dirtyFiles(wt.path);
  const base = wt.base && (await branchExists(wt.repo, wt.base)) ? wt.base : null;
  const ahead = base ? await count(wt.path, `${base}..${wt.branch}`) : 0;
  const behind = base ? await count(wt.path, `${wt.branch}..${base}`) : 0;
  const up = await gitRun(wt.path, [
    'rev-parse',
    '--abbrev-ref',
    '--symbolic-full-name',
    `${wt.branch}@{upstream}`,
  ]);
  const upstream = up.code === 0 ? up.stdout.trim() : null;
  const unpushed = upstream ? await count(wt.path, `${upstream}..${wt.branch}`) : 0;
  return { path: wt.path, branch: wt.branch, repo: wt.repo, base, dirty, ahead, behind, upstream, unpushed };
}

async function conflicted(dir: string): Promise<string[]> {
  const r = await gitRun(dir, ['diff', '--name-only', '--diff-filter=U', '-z']);
  return r.stdout.split('\0').filter(Boolean);
}

async function commitOf(repo: string, ref: string): Promise<string> {
  return git(repo, ['rev-parse', '--verify', `${ref}^{commit}`]);
}

/**
 * Runs `fn` in the folder where `base` is checked out, or, when it is checked out nowhere, in a
 * temporary detached worktree at it whose result then becomes the branch (compare-and-swap, so a
 * base that moved meanwhile is not overwritten).
 */
async function onBase<T>(wt: Worktree, base: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const at = (await checkedOut(wt.repo)).get(base);
  if (at) return fn(at);
  const before = await commitOf(wt.repo, base);
  const tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'botster-finish-'));
  const dir = path.join(tmp, 'base');
  const repo = repoWrites(wt.repo);
  await git(wt.repo, ['worktree', 'add', '--detach', dir, before], { writes: [...repo, dir] });
  try {
    const out = await fn(dir);
    await git(
      wt.repo,
      [
        'update-ref',
        '-m',
        `botster: finish ${wt.branch}`,
        `refs/heads/${base}`,
        await commitOf(dir, 'HEAD'),
        before,
      ],
      { writes: repo },
    );
    return out;
  } finally {
    await gitRun(wt.repo, ['worktree', 'remove', '--force', dir], { writes: [...repo, tmp] });
    await fs.promises.rm(tmp, { recursive: true, force: true });
  }
}

/** Merges the branch into its base (a merge commit naming it); a conflict is aborted and thrown. */
export async function mergeIntoBase(wt: Worktree): Promise<void> {
  const base = await checkedBase(wt);
  await onBase(wt, base, async (dir) => {
    const writes = repoWrites(dir);
    const r = await gitRun(
      dir,
      [
        'merge',
        '--no-ff',
        '--no-edit',
        '-m',
        `Merge branch '${wt.branch}' (botster worktree.finish)`,
        wt.branch,
      ],
      { writes },
    );
    if (r.code === 0) return;
    const files = await conflicted(dir);
    if (files.length || (await gitRun(dir, ['rev-parse', '-q', '--verify', 'MERGE_HEAD'])).code === 0) {
      await gitRun(dir, ['merge', '--abort'], { writes });
      throw new ConflictError(files, `merging ${wt.branch} into ${base}`);
    }
    throw new Error(`git merge into ${base} (in ${dir}) failed: ${(r.stderr || r.stdout).trim()}`);
  });
}

/**
 * Rebases the branch's commits onto its base and moves the base to the result (a fast-forward). The
 * rebase runs in a temporary detached worktree, so the agent's own folder (and anything uncommitted
 * in it) is not touched, and a conflict leaves everything as it was.
 */
export async function rebaseOntoBase(wt: Worktree): Promise<void> {
  const base = await checkedBase(wt);
  const tip = await commitOf(wt.repo, wt.branch);
  const tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'botster-rebase-'));
  const dir = path.join(tmp, 'branch');
  const repo = repoWrites(wt.repo);
  await git(wt.repo, ['worktree', 'add', '--detach', dir, tip], { writes: [...repo, dir] });
  try {
    const writes = repoWrites(dir);
    const r = await gitRun(dir, ['rebase', base], { writes });
    if (r.code !== 0) {
      const files = await conflicted(dir);
      await gitRun(dir, ['rebase', '--abort'], { writes });
      if (files.length) throw new ConflictError(files, `rebasing ${wt.branch} onto ${base}`);
      throw new Error(`git rebase onto ${base} failed: ${(r.stderr || r.stdout).trim()}`);
    }
    const rebased = await commitOf(dir, 'HEAD');
    await onBase(wt, base, async (at) => {
      const ff = await gitRun(at, ['merge', '--ff-only', rebased], { writes: repoWrites(at) });
      if (ff.code !== 0)
        throw new Error(
          `${base} cannot fast-forward to the rebased ${wt.branch}: ${(ff.stderr || ff.stdout).trim()}`,
        );
    });
    // The branch itself stays as it was: moving it under the agent's folder would make that folder
    // look changed (and it is removed next anyway).
  } finally {
    await gitRun(wt.repo, ['worktree', 'remove', '--force', dir], { writes: [...repo, tmp] });
    await fs.promises.rm(tmp, { recursive: true, force: true });
  }
}

async function checkedBase(wt: Worktree): Promise<string> {
  if (!wt.base)
    throw new Error(`the worktree ${wt.path} has no base branch recorded: merge ${wt.branch} yourself`);
  if (!(await branchExists(wt.repo, wt.base)))
    throw new Error(`the base branch ${wt.base} of ${wt.branch} is gone`);
  return wt.base;
}

/** Removes the worktree folder (`force`: with its changes) and deletes its branch. */
export async function removeWorktreeAndBranch(wt: Worktree, opts: { force?: boolean } = {}): Promise<void> {
  const repo = repoWrites(wt.repo);
  if (fs.existsSync(wt.path))
    await git(wt.repo, ['worktree', 'remove', ...(opts.force ? ['--force', '--force'] : []), wt.path], {
      writes: [...repo, path.dirname(wt.path)],
    });
  await gitRun(wt.repo, ['worktree', 'prune'], { writes: repo });
  if (await branchExists(wt.repo, wt.branch))
    await git(wt.repo, ['branch', '-D', wt.branch], { writes: repo });
  // The hub's own <repo>-worktrees folder goes with its last worktree (rmdir: only when empty).
  const folder = path.dirname(wt.path);
  if (path.basename(folder) === `${path.basename(wt.repo)}-worktrees`)
    await fs.promises.rmdir(folder).catch(() => {});
}
