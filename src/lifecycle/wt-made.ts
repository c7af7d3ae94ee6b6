import fs from 'node:fs';
import path from 'node:path';
import type { Worktree } from '../agents/worktree.js';
import { writeAtomic } from './session-file.js';

// The worktrees this home's hub made ($BOTSTER_HOME/worktrees.json): what `worktrees prune` may
// remove. A worktree not recorded here (yours, or one made before the record was kept) is listed,
// never touched.

export interface MadeWorktree extends Worktree {
  /** When the hub made it (ISO). */
  made: string;
}

export const madeFile = (home: string): string => path.join(home, 'worktrees.json');

/** The recorded worktrees (none when the file is missing or unreadable). */
export function madeWorktrees(home: string): MadeWorktree[] {
  try {
    const data = JSON.parse(fs.readFileSync(madeFile(home), 'utf8')) as { worktrees?: unknown };
    const list = Array.isArray(data.worktrees) ? data.worktrees : [];
    return list.filter(
      (w): w is MadeWorktree =>
        !!w &&
        typeof (w as MadeWorktree).path === 'string' &&
        typeof (w as MadeWorktree).branch === 'string' &&
        typeof (w as MadeWorktree).repo === 'string',
    );
  } catch {
    return [];
  }
}

function save(home: string, list: MadeWorktree[]): void {
  writeAtomic(madeFile(home), { version: 1, worktrees: list });
}

/** Records a worktree the hub just made (one of the same folder made before is replaced). */
export function recordMade(home: string, wt: Worktree, now = new Date()): void {
  const list = madeWorktrees(home).filter((w) => w.path !== wt.path);
  list.push({ ...wt, made: now.toISOString() });
  save(home, list);
}

/** Forgets worktrees that are gone (removed by prune, finish or discard, or by hand). */
export function forgetMade(home: string, paths: readonly string[]): void {
  if (!paths.length) return;
  const gone = new Set(paths);
  const list = madeWorktrees(home);
  const kept = list.filter((w) => !gone.has(w.path));
  if (kept.length !== list.length) save(home, kept);
}
