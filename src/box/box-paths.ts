import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { boxSocketOf } from '../wire/socket-path.js';

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

/** The hub's socket as a box reaches it (src/server/box-socket.ts); null: no server linked it there. */
export function boxSocket(socket: string): string | null {
  const link = boxSocketOf(socket);
  if (!link || kind(path.dirname(socket)) !== 'dir') return null;
  // (made here when no server linked its socket yet: the one that listens later links it in)
  try {
    fs.mkdirSync(path.dirname(link), { recursive: true, mode: 0o700 });
  } catch {
    return null;
  }
  return link;
}

let root: string | undefined;
/** The installed package (its dist/ and bin/): found from this file. */
export function packageRoot(): string {
  if (root) return root;
  // (dist/ has a package.json of its own: the package is the folder whose package.json is ours)
  const ours = (d: string) => {
    try {
      return (
        (JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: string }).name ===
        'botster-tui'
      );
    } catch {
      return false;
    }
  };
  let d = path.dirname(fileURLToPath(import.meta.url));
  while (d !== '/' && !ours(d)) d = path.dirname(d);
  return (root = d);
}
