import fs from 'node:fs';

// What a box's arguments ask of a path: is it there (a folder, a file), and does it lie inside
// another.

export type Kind = 'dir' | 'file' | null;

/** A folder, a file, or nothing there. */
export function kind(p: string): Kind {
  try {
    const st = fs.statSync(p);
    return st.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** Is `p` inside `dir` (or `dir` itself)? */
export const within = (p: string, dir: string): boolean =>
  p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

/** `p` with its links resolved, or as it is when it is not there. */
export function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
