import { gitRun } from '../agents/git.js';
import { repoWrites } from '../box/git-box.js';

/**
 * Whether everything `branch` changed is in `base` already, by content: an ancestor (a merge or a
 * fast-forward), or a branch whose merge into base would change nothing (squash and rebase merges:
 * git merges a change both sides made cleanly). A conflict, or a base that moved on over the same
 * lines, is "not sure": false.
 */
export async function mergedByContent(
  repo: string,
  base: string,
  branch: string,
  baseTree?: string | null,
  ancestors?: ReadonlySet<string>,
): Promise<boolean> {
  if (
    ancestors
      ? ancestors.has(branch)
      : (await gitRun(repo, ['merge-base', '--is-ancestor', branch, base])).code === 0
  )
    return true;
  // (merge-tree writes its tree's objects)
  const merged = await gitRun(repo, ['merge-tree', '--write-tree', base, branch], {
    writes: repoWrites(repo),
  });
  if (merged.code !== 0) return false;
  const tree = merged.stdout.split('\n')[0]?.trim();
  return !!tree && tree === (baseTree ?? (await treeOf(repo, base)));
}

/** The branches `base` has merged by ancestry, in one call (a plan asks once per base). */
export async function mergedBranches(repo: string, base: string): Promise<Set<string>> {
  const r = await gitRun(repo, ['branch', '--merged', base, '--format=%(refname:short)']);
  return new Set(r.code === 0 ? r.stdout.split('\n').filter(Boolean) : []);
}

/** The tree `ref` points at (null: none). */
export async function treeOf(repo: string, ref: string): Promise<string | null> {
  const r = await gitRun(repo, ['rev-parse', `${ref}^{tree}`]);
  return r.code === 0 ? r.stdout.trim() : null;
}
