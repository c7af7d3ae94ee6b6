import fs from 'node:fs';
import path from 'node:path';
import { isWatchedFile, type WatchRoot } from './watch-roots.js';

/** What a file is now (kind, size, times, inode), or null when it is gone: equal means unchanged. */
export function signature(file: string): string | null {
  try {
    const st = fs.statSync(file, { bigint: true });
    const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
    return `${kind}:${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}`;
  } catch {
    return null;
  }
}

/** Every .lua entry below the root that the root wants, with its signature. */
export function luaFilesBelow(root: WatchRoot): Map<string, string> {
  return scanBelow(root).files;
}

/**
 * The root as it is now: its wanted .lua entries with their signatures, and its wanted folders
 * (the root itself included) with their signatures, so a folder replaced by another is told apart.
 */
export function scanBelow(root: WatchRoot): { files: Map<string, string>; folders: Map<string, string> } {
  const files = new Map<string, string>();
  const folders = new Map<string, string>();
  const walk = (dir: string, rel: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // gone meanwhile: the next event re-arms
    }
    folders.set(dir, folderSignature(dir) ?? 'gone');
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!root.wanted(r)) continue;
      const full = path.join(dir, e.name);
      if (isWatchedFile(e.name)) {
        const sig = signature(full);
        if (sig) files.set(full, sig);
      }
      if (depth > 0 && (e.isDirectory() || (e.isSymbolicLink() && signature(full)?.startsWith('dir:'))))
        walk(full, r, depth - 1);
    }
  };
  walk(root.dir, '', root.depth);
  return { files, folders };
}

/**
 * Which folder this is, not what it holds (its times change with its entries): a folder deleted
 * and made again may get the same inode number, but not the same birth time.
 */
export function folderSignature(dir: string): string | null {
  try {
    const st = fs.statSync(dir, { bigint: true });
    return st.isDirectory() ? `dir:${st.ino}:${st.birthtimeNs}` : null;
  } catch {
    return null;
  }
}
