import { git } from '../agents/git.js';

/** One worktree as `git worktree list --porcelain` lists it (the main one left out). */
export interface ListedWorktree {
  path: string;
  /** Its branch (none: a detached HEAD). */
  branch?: string;
  locked: boolean;
  /** Its folder is gone (git would prune it). */
  prunable: boolean;
}

/** The linked worktrees of `repo`. */
export async function listedWorktrees(repo: string): Promise<ListedWorktree[]> {
  const out = await git(repo, ['worktree', 'list', '--porcelain']);
  const all: ListedWorktree[] = [];
  for (const block of out.split('\n\n')) {
    const lines = block.split('\n').filter(Boolean);
    const top = lines.find((l) => l.startsWith('worktree '));
    if (!top) continue;
    const branch = lines.find((l) => l.startsWith('branch refs/heads/'));
    all.push({
      path: top.slice('worktree '.length),
      ...(branch ? { branch: branch.slice('branch refs/heads/'.length) } : {}),
      locked: lines.some((l) => l === 'locked' || l.startsWith('locked ')),
      prunable: lines.some((l) => l === 'prunable' || l.startsWith('prunable ')),
    });
  }
  return all.slice(1);
}
