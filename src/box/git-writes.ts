import fs from 'node:fs';
import path from 'node:path';

// What git writes to commit in a worktree, outside the worktree itself: the worktree's own admin
// folder in the repository's .git (its HEAD, index), the repository's objects, and its own branch's
// ref and reflog (in copies: private-refs.ts).
// Read from the files git itself reads (.git, commondir): no git process on the way to a start.

function gitdirOf(folder: string): string | null {
  for (let d = folder; ; d = path.dirname(d)) {
    const dotgit = path.join(d, '.git');
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(dotgit);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) return null; // the repository itself: its .git is inside the folder it writes
    if (st?.isFile()) {
      const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotgit, 'utf8'));
      return m ? path.resolve(d, m[1].trim()) : null;
    }
    if (path.dirname(d) === d) return null;
  }
}

export interface Linked {
  /** The worktree's own admin folder in the repository's .git (its HEAD, index). */
  gitdir: string;
  /** The repository's .git. */
  common: string;
  /** The branch checked out there (`botster/wt`), or null: HEAD detached. */
  branch: string | null;
}

/** `folder` as a linked worktree: its git dir, its repository's, its branch; null when it is none. */
export function linked(folder: string): Linked | null {
  let gitdir: string | null;
  try {
    gitdir = gitdirOf(folder);
  } catch {
    return null;
  }
  if (!gitdir || !fs.existsSync(gitdir)) return null;
  let common = gitdir;
  try {
    common = path.resolve(gitdir, fs.readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim());
  } catch {
    // (no commondir: a submodule's gitdir, all in one)
  }
  let branch: string | null = null;
  try {
    const m = /^ref: refs\/heads\/(.+)$/m.exec(fs.readFileSync(path.join(gitdir, 'HEAD'), 'utf8'));
    if (
      m &&
      !m[1]
        .trim()
        .split('/')
        .some((p) => p === '..' || p === '.' || p === '')
    )
      branch = m[1].trim();
  } catch {
    // (no HEAD: git says what is wrong when it runs)
  }
  return { gitdir, common, branch };
}

/**
 * The folders outside `folder` that a commit in it writes (none when it is not a linked worktree):
 * its admin folder and the objects. Its branch's ref is written in a copy (private-refs.ts), never
 * the repository's refs: main, a tag or another agent's branch stay as they are.
 */
export function gitWrites(folder: string): string[] {
  const l = linked(folder);
  if (!l) return [];
  if (l.common === l.gitdir) return [l.gitdir];
  return [l.gitdir, path.join(l.common, 'objects')].filter((d) => fs.existsSync(d));
}

/**
 * What of `folder`'s own repository its box must not write though it writes the folder: what names a
 * program git runs (the repository's config, hooks and info/attributes) and, in a worktree, the
 * `.git` link naming its git dir. So a box plants nothing your own git (or the hub's) later runs.
 * A missing hooks/ or info/ is made first (empty, as `git init` makes them), so it cannot be made
 * inside the box.
 */
export function gitKept(folder: string): string[] {
  const dotgit = path.join(folder, '.git');
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dotgit);
  } catch {
    return [];
  }
  if (st.isFile()) return [dotgit];
  if (!st.isDirectory()) return [];
  for (const d of ['hooks', 'info'])
    try {
      fs.mkdirSync(path.join(dotgit, d), { recursive: true });
    } catch {
      // (a repository the user cannot write either: nothing to plant there)
    }
  return ['config', 'hooks', 'info'].map((n) => path.join(dotgit, n)).filter((p) => fs.existsSync(p));
}
