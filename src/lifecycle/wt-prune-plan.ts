import fs from 'node:fs';
import path from 'node:path';
import { gitRun } from '../agents/git.js';
import { mergedBranches, mergedByContent, treeOf } from './wt-content-merged.js';
import { folderBytes } from './wt-folder-bytes.js';
import { listedWorktrees } from './wt-listed.js';
import type { MadeWorktree } from './wt-made.js';

// What `worktrees prune` would do with each worktree of the repositories the hub made worktrees in:
// remove one the hub made whose branch is in its base by content, clean, held by no agent; park a
// dirty one first (when asked); keep everything else, saying why. Facts only: nothing changes here.

export type PruneAction = 'remove' | 'park' | 'keep' | 'forget';

export interface PruneItem {
  path: string;
  repo: string;
  branch: string | null;
  base: string | null;
  /** remove; park (a wip: commit of what is uncommitted, then remove); keep; forget (its folder is gone). */
  action: PruneAction;
  /** Why (kept), or what is done. */
  why: string;
  /** What removing it frees (its files, its .git link left out). */
  bytes: number;
  /** The hub made it (worktrees.json): only those are ever touched. */
  made: boolean;
}

export interface PruneOptions {
  /** Dirty worktrees are parked and removed (else kept). */
  park: boolean;
  /** Who holds a folder: an agent listed, kept by a keeper, or recorded in session.json. */
  holder: (dir: string) => string | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function dirtyFiles(dir: string): Promise<number | null> {
  const r = await gitRun(dir, ['status', '--porcelain', '--untracked-files=all']);
  return r.code === 0 ? r.stdout.split('\n').filter(Boolean).length : null;
}

async function branchExists(repo: string, ref: string): Promise<boolean> {
  return (await gitRun(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).code === 0;
}

/** One made worktree's fate. */
async function decide(
  w: MadeWorktree,
  listed: { branch?: string; locked: boolean },
  opts: PruneOptions,
  once: <T extends boolean | string | null | Set<string>>(key: string, f: () => Promise<T>) => Promise<T>,
): Promise<Pick<PruneItem, 'action' | 'why'>> {
  const holder = opts.holder(w.path);
  if (holder) return { action: 'keep', why: `${holder} works there` };
  if (listed.locked) return { action: 'keep', why: 'locked (git worktree unlock frees it)' };
  const branch = listed.branch;
  if (!branch)
    return {
      action: 'keep',
      why: 'no branch checked out (a detached HEAD): its commits would be hard to find',
    };
  if (!w.base) return { action: 'keep', why: 'no base recorded: the hub cannot tell what it merges into' };
  const baseRef = w.base;
  if (!(await once(`exists ${w.repo} ${baseRef}`, () => branchExists(w.repo, baseRef))))
    return { action: 'keep', why: `its base ${w.base} is gone` };
  // Merged first: an unmerged one stays whatever its tree holds (its status is read only to park it).
  const tree = await once(`tree ${w.repo} ${baseRef}`, () => treeOf(w.repo, baseRef));
  const ancestors = await once(`merged ${w.repo} ${baseRef}`, () => mergedBranches(w.repo, baseRef));
  const merged = await mergedByContent(w.repo, baseRef, branch, tree, ancestors);
  // (how many commits would be one more git call per worktree: a plan of 100 stays within 2 s)
  const unmerged = () => ({
    action: 'keep' as const,
    why: `${branch} has commits whose changes are not in ${baseRef} (by content)`,
  });
  if (!merged && !opts.park) return unmerged();
  const dirty = await dirtyFiles(w.path);
  if (dirty === null) return { action: 'keep', why: 'git cannot read its status' };
  if (dirty > 0)
    return opts.park
      ? {
          action: 'park',
          why: `${plural(dirty, 'uncommitted file')} committed as wip: on ${branch}, then removed (the branch stays)`,
        }
      : {
          action: 'keep',
          why: `${plural(dirty, 'uncommitted file')} (--park commits them as wip: on ${branch} and removes it)`,
        };
  if (merged)
    return { action: 'remove', why: `${branch} is in ${baseRef} (by content); clean (the branch stays)` };
  return unmerged();
}

/** The plan for every worktree of the repositories in `made` (the hub's and the others there). */
export async function prunePlan(made: readonly MadeWorktree[], opts: PruneOptions): Promise<PruneItem[]> {
  const items: PruneItem[] = [];
  const byPath = new Map(made.map((w) => [path.resolve(w.path), w]));
  const repos = [...new Set(made.map((w) => w.repo))];
  const seen = new Set<string>();
  // What every worktree of a base asks (does it exist, its tree) is asked of git once.
  const memo = new Map<string, Promise<boolean | string | null | Set<string>>>();
  const once = <T extends boolean | string | null | Set<string>>(
    key: string,
    f: () => Promise<T>,
  ): Promise<T> => {
    if (!memo.has(key)) memo.set(key, f());
    return memo.get(key) as Promise<T>;
  };
  for (const repo of repos) {
    if (!fs.existsSync(repo)) {
      for (const w of made.filter((x) => x.repo === repo))
        items.push({ ...base(w, true), action: 'keep', why: `its repository ${repo} is gone`, bytes: 0 });
      continue;
    }
    let listed;
    try {
      listed = await listedWorktrees(repo);
    } catch (err) {
      for (const w of made.filter((x) => x.repo === repo))
        items.push({
          ...base(w, true),
          action: 'keep',
          why: `git cannot list ${repo}'s worktrees: ${(err as Error).message}`,
          bytes: 0,
        });
      continue;
    }
    // Each worktree's git calls run beside the others' (a few at a time): 100 are planned in one go.
    const planned = await inBatches(listed, 16, async (l): Promise<PruneItem> => {
      const dir = path.resolve(l.path);
      const w = byPath.get(dir);
      if (!w)
        return {
          path: l.path,
          repo,
          branch: l.branch ?? null,
          base: null,
          action: 'keep',
          why: 'not made by the hub: never touched',
          bytes: 0,
          made: false,
        };
      if (l.prunable || !fs.existsSync(dir))
        return { ...base(w, true), action: 'forget', why: 'its folder is gone', bytes: 0 };
      const fate = await decide(w, l, opts, once);
      const bytes = fate.action === 'keep' ? 0 : (await folderBytes(dir)).bytes;
      return { ...base(w, true), branch: l.branch ?? null, ...fate, bytes };
    });
    for (const l of listed) seen.add(path.resolve(l.path));
    items.push(...planned);
  }
  // Recorded, but git lists it no more (removed by hand): forgotten.
  for (const [dir, w] of byPath)
    if (!seen.has(dir) && fs.existsSync(w.repo) && !items.some((i) => path.resolve(i.path) === dir))
      items.push({
        ...base(w, true),
        action: 'forget',
        why: 'its repository lists it no more',
        bytes: 0,
      });
  return items;
}

/** `fn` over `list`, at most `n` at once, answers in the list's order. */
async function inBatches<T, R>(list: readonly T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, list.length) }, worker));
  return out;
}

function base(w: MadeWorktree, made: boolean): Pick<PruneItem, 'path' | 'repo' | 'branch' | 'base' | 'made'> {
  return { path: w.path, repo: w.repo, branch: w.branch, base: w.base ?? null, made };
}
