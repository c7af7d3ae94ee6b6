import fs from 'node:fs';
import path from 'node:path';

/**
 * Whether two spellings name the same home: a symlinked `~/.botster` (dotfile managers) and its
 * target are one home, and so are relative and absolute paths. A home that does not exist yet is
 * compared by its resolved path.
 */
export function sameHome(a: string, b: string): boolean {
  return real(a) === real(b);
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
