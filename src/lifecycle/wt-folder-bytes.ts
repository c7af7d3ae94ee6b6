import fs from 'node:fs';
import path from 'node:path';

/** At most this many entries are counted (a tree past it says "at least"). */
const MAX_ENTRIES = 200_000;

/**
 * The bytes of the files under `dir` (its `.git` link to the repository left out), read without
 * blocking the hub; `partial` when it stopped counting.
 */
export async function folderBytes(dir: string): Promise<{ bytes: number; partial: boolean }> {
  let bytes = 0;
  let seen = 0;
  const queue = [dir];
  while (queue.length) {
    const d = queue.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(d, { withFileTypes: true });
    } catch {
      continue;
    }
    const sizes = await Promise.all(
      entries.map(async (e) => {
        const p = path.join(d, e.name);
        if (d === dir && e.name === '.git') return 0;
        if (e.isDirectory()) {
          queue.push(p);
          return 0;
        }
        if (!e.isFile()) return 0;
        try {
          return (await fs.promises.lstat(p)).size;
        } catch {
          return 0;
        }
      }),
    );
    for (const s of sizes) bytes += s;
    seen += entries.length;
    if (seen > MAX_ENTRIES) return { bytes, partial: true };
  }
  return { bytes, partial: false };
}

/** 1.2 GB, 340 MB, 12 kB. */
export function sizeText(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
