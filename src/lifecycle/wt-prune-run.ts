import path from 'node:path';
import { gitRun } from '../agents/git.js';
import { repoWrites } from '../box/git-box.js';
import type { PruneItem } from './wt-prune-plan.js';

// Carries out a prune plan: a parked worktree gets a wip: commit of everything uncommitted on its
// own branch (never pushed; hooks skipped, as a stash would), then each is removed by git, which
// refuses a worktree that is not clean, so nothing uncommitted goes. The branches stay.

const WIP = 'wip: parked by botster-tui worktrees prune';
/** An identity for the wip: commit when the repository has none of its own. */
const IDENTITY = ['-c', 'user.name=botster-tui', '-c', 'user.email=botster-tui@localhost'];

async function hasIdentity(dir: string): Promise<boolean> {
  return (await gitRun(dir, ['config', 'user.email'])).code === 0;
}

/** Parks what is uncommitted in `dir` as a wip: commit on its branch; null when done, else why not. */
async function park(dir: string): Promise<string | null> {
  const writes = repoWrites(dir);
  const add = await gitRun(dir, ['add', '-A'], { writes });
  if (add.code !== 0) return `git add failed: ${add.stderr.trim()}`;
  const who = (await hasIdentity(dir)) ? [] : IDENTITY;
  const commit = await gitRun(dir, [...who, 'commit', '--no-verify', '-q', '-m', WIP], { writes });
  return commit.code === 0 ? null : `the wip: commit failed: ${commit.stderr.trim()}`;
}

/** Runs the plan's removals; each item answers what was done (a failure keeps it, saying why). */
export async function runPrune(items: readonly PruneItem[]): Promise<PruneItem[]> {
  const out: PruneItem[] = [];
  const pruned = new Set<string>();
  for (const item of items) {
    if (item.action === 'keep' || !item.made) {
      out.push(item);
      continue;
    }
    if (item.action === 'forget') {
      if (!pruned.has(item.repo))
        await gitRun(item.repo, ['worktree', 'prune'], { writes: repoWrites(item.repo) });
      pruned.add(item.repo);
      out.push(item);
      continue;
    }
    if (item.action === 'park') {
      const why = await park(item.path);
      if (why) {
        out.push({ ...item, action: 'keep', why, bytes: 0 });
        continue;
      }
    }
    const r = await gitRun(item.repo, ['worktree', 'remove', item.path], {
      writes: [...repoWrites(item.repo), path.dirname(item.path)],
    });
    out.push(
      r.code === 0
        ? item
        : { ...item, action: 'keep', why: `git worktree remove refused: ${r.stderr.trim()}`, bytes: 0 },
    );
  }
  return out;
}
