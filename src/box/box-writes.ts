import fs from 'node:fs';
import path from 'node:path';
import { inHome, type Box } from './box.js';
import { kind, realOr, within } from './box-paths.js';
import { gitWrites } from './git-writes.js';

// What a box writes, and what stays read-only inside that, for bubblewrap's box and a container's
// alike. Two rules here, where no Lua reaches them: a box never writes a folder that holds your home
// (started in your home, it writes its CLI's folders only: a `.bash_aliases`, a python `.pth` or
// another repository's hook would run outside it), and a protected name is protected whether it is
// there yet or not (an absent `~/.gitconfig` inside a folder it writes would be its to make).

/** `~/x`, `/x/` -> the absolute path, no trailing `/`. */
export function boxPath(p: string, home: string): string {
  return path.resolve(inHome(p, home).replace(/\/+$/, '') || '/');
}

/** Does folder `dir` hold the home: the home itself, `/home`, `/` (links resolved too)? */
export function holdsHome(dir: string, home: string): boolean {
  const d = path.resolve(dir);
  const h = path.resolve(home);
  return within(h, d) || within(realOr(h), realOr(d));
}

/** The folders it writes: its own (fixed when it was made), else its cwd; never one that holds the home. */
export function boxFolders(box: Box, place: { cwd: string; home: string }): string[] {
  return (box.folders ?? [place.cwd])
    .map((f) => boxPath(f, place.home))
    .filter((f) => !holdsHome(f, place.home));
}

/**
 * Everything it writes: its folders (with what git needs to commit there) and its CLI's (a folder of
 * those that is missing is made first); none that holds the home.
 */
export function boxWrites(box: Box, place: { cwd: string; home: string }): Set<string> {
  const home = place.home;
  const writes = new Set<string>();
  for (const f of boxFolders(box, place)) {
    if (kind(f) !== 'dir') continue;
    writes.add(f);
    for (const g of gitWrites(f)) writes.add(g);
  }
  for (const w of box.write) {
    const p = boxPath(w, home);
    if (holdsHome(p, home)) continue;
    if (w.endsWith('/') && kind(p) === null) fs.mkdirSync(p, { recursive: true, mode: 0o700 });
    if (kind(p)) writes.add(p);
  }
  return new Set([...writes].filter((w) => !holdsHome(w, home)));
}

/**
 * What stays read-only inside what it writes: each protected name there, or, when it is not there
 * yet, the nearest folder above it that is (a mount needs something to cover, and making the name
 * would change your home: an empty `~/.bash_profile` stops bash reading `~/.profile`).
 */
export function protectedIn(box: Box, home: string, writes: Iterable<string>): string[] {
  const ws = [...writes];
  const out = new Set<string>();
  for (const p of box.protect.map((x) => boxPath(x, home))) {
    if (ws.some((w) => within(p, w))) out.add(nearestThere(p));
  }
  return [...out];
}

/** `p`, or the nearest folder above it that is there. */
export function nearestThere(p: string): string {
  let q = p;
  while (kind(q) === null && path.dirname(q) !== q) q = path.dirname(q);
  return q;
}

/** Its cwd when it writes none of it (started in your home, or given another's box): seen read-only. */
export function cwdReadOnly(place: { cwd: string }, writes: Iterable<string>): string | null {
  const cwd = path.resolve(place.cwd);
  return [...writes].some((w) => within(cwd, w)) || kind(cwd) !== 'dir' ? null : cwd;
}
