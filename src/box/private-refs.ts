import fs from 'node:fs';
import path from 'node:path';
import { linked } from './git-writes.js';

// A boxed agent in a worktree commits on its own branch, and moves nothing else of the repository it
// shares: not main, not a tag, not another agent's branch, not a reflog. Git moves a branch by
// writing `refs/heads/DIR/NAME.lock` and renaming it, so the box must write its branch's folder; that
// folder holds other branches too (refs/heads/botster/ holds every agent's). So the box sees, over
// that folder and its reflogs' folder, copies kept in the worktree's own admin folder
// (`<gitdir>/botster-refs/`): the others as the repository has them (refreshed as they move), its own
// branch as it wrote it. Whatever it does to a copy stays in the copy; the hub carries its own
// branch's ref, and only that, back to the repository (src/agents/ref-mirror.ts). Every other ref
// folder the box sees read-only.

export interface PrivateRefs {
  /** The worktree (a folder inside it). */
  folder: string;
  branch: string;
  /** Each real folder and the copy the box sees over it: the branch's refs folder, its reflogs'. */
  binds: Array<{ real: string; copy: string }>;
  /** The box's own branch: its ref in the copy, and in the repository. */
  own: { copy: string; real: string };
}

/** The copies for the worktree holding `folder` (none: not a linked worktree, or HEAD detached). */
export function privateRefs(folder: string): PrivateRefs | null {
  const l = linked(folder);
  if (!l || l.common === l.gitdir || !l.branch) return null;
  const dir = path.dirname(l.branch);
  const binds = (['refs', 'logs'] as const).map((k) => ({
    real: path.join(l.common, k === 'refs' ? 'refs/heads' : 'logs/refs/heads', dir),
    copy: path.join(l.gitdir, 'botster-refs', k),
  }));
  return {
    folder,
    branch: l.branch,
    binds,
    own: {
      copy: path.join(binds[0].copy, path.basename(l.branch)),
      real: path.join(binds[0].real, path.basename(l.branch)),
    },
  };
}

/** Every file under `dir`, relative to it (a branch folder's refs and reflogs: small). */
function filesUnder(dir: string, rel = ''): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) return filesUnder(dir, r);
    return e.isFile() && !e.name.endsWith('.lock') ? [r] : [];
  });
}

const read = (p: string): string | null => {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};

/**
 * Makes the copies (missing folders too) and brings every other ref in them to the repository's
 * value; the box's own branch is kept as it wrote it (a copy that is not there yet starts from the
 * repository's). Written as git writes a ref (a `.lock` file renamed), so git in the box never reads
 * half of one.
 */
export function refreshCopies(p: PrivateRefs): void {
  const own = path.basename(p.branch);
  for (const b of p.binds) {
    fs.mkdirSync(b.real, { recursive: true });
    fs.mkdirSync(b.copy, { recursive: true });
    const real = new Set(filesUnder(b.real));
    for (const rel of real) {
      const to = path.join(b.copy, rel);
      if (rel === own && fs.existsSync(to)) continue;
      const text = read(path.join(b.real, rel));
      if (text === null || read(to) === text) continue;
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(`${to}.lock`, text);
      fs.renameSync(`${to}.lock`, to);
    }
    // (a branch deleted in the repository goes from the copy; the box's own stays)
    for (const rel of filesUnder(b.copy))
      if (rel !== own && !real.has(rel)) fs.rmSync(path.join(b.copy, rel), { force: true });
  }
}

/** Sets the box's own branch in its copy to `id` (the repository's moved on: the box sees it). */
export function setOwnCopy(p: PrivateRefs, id: string): void {
  fs.mkdirSync(path.dirname(p.own.copy), { recursive: true });
  // (wx: a lock the box's git holds now is its own; the next carry sets it)
  fs.writeFileSync(`${p.own.copy}.lock`, `${id}\n`, { flag: 'wx' });
  fs.renameSync(`${p.own.copy}.lock`, p.own.copy);
}

/** The box's branch as it wrote it: a commit id, or null (none yet, or not one). */
export function ownTip(p: PrivateRefs): string | null {
  const text = read(p.own.copy)?.trim() ?? '';
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(text) ? text : null;
}

/** The binds of the worktree holding `folder` (its copies made or refreshed first); [] for none. */
export function refCopies(folder: string): PrivateRefs['binds'] {
  const p = privateRefs(folder);
  if (!p) return [];
  try {
    refreshCopies(p);
  } catch {
    return []; // (a repository the user cannot write: the box cannot commit there either)
  }
  return p.binds;
}
