// A new home's user/ gets commented starter files (lua/starters/: a layout composing the default
// pieces, keys, profiles), so a newcomer edits instead of starting from an empty folder. Each is
// one block comment and changes nothing until uncommented; a file the user deleted never comes
// back (only a user/ made now gets them).
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

export const STARTERS_DIR = path.join(PACKAGE_ROOT, 'lua', 'starters');

/** Makes HOME/user; when it was not there, puts the starter files in it. */
export function makeUserDir(home: string, starters = STARTERS_DIR): void {
  const dir = path.join(home, 'user');
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  let names: string[] = [];
  try {
    names = fs.readdirSync(starters).filter((n) => n.endsWith('.lua'));
  } catch {
    return; // a package without them: an empty user/, as before
  }
  for (const n of names) {
    try {
      fs.copyFileSync(path.join(starters, n), path.join(dir, n), fs.constants.COPYFILE_EXCL);
    } catch {
      // written meanwhile (by the user): theirs stays
    }
  }
}
