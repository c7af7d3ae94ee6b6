import fs from 'node:fs';
import path from 'node:path';

// What git writes to commit in a worktree, outside the worktree itself: the worktree's own admin
// folder in the repository's .git (its HEAD, index), and the repository's objects, refs and logs.
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

/** The folders outside `folder` that a commit in it writes (none when it is not a linked worktree). */
export function gitWrites(folder: string): string[] {
  let gitdir: string | null;
  try {
    gitdir = gitdirOf(folder);
  } catch {
    return [];
  }
  if (!gitdir || !fs.existsSync(gitdir)) return [];
  let common = gitdir;
  try {
    common = path.resolve(gitdir, fs.readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim());
  } catch {
    // (no commondir: a submodule's gitdir, all in one)
  }
  const out = [gitdir];
  if (common !== gitdir) for (const d of ['objects', 'refs', 'logs']) out.push(path.join(common, d));
  return out.filter((d) => fs.existsSync(d));
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
