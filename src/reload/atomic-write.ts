import fs from 'node:fs';
import path from 'node:path';

// Files written whole or not at all (tmp file + rename, or + link to claim a name), so a watcher
// never sees half a file and two writers never share a name.

let tmpCounter = 0;

/** A sibling temp name that never ends in `.lua`, so the hub's `*.lua` watcher ignores it. */
function tmpPathFor(file: string): string {
  tmpCounter += 1;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${tmpCounter}.tmp`);
}

export function writeAtomic(file: string, data: string): void {
  const tmp = tmpPathFor(file);
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Like writeAtomic, but fails with EEXIST instead of replacing: link() is atomic and exclusive. */
export function createAtomicExclusive(file: string, data: string): boolean {
  const tmp = tmpPathFor(file);
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
