// The C files of one native program: every .c in src/native/PROGRAM/ (client or keeper), sorted,
// so a file added to a program's folder is compiled in by the build and the tests alike.
import fs from 'node:fs';
import path from 'node:path';

export function nativeSources(root, program) {
  const dir = path.join(root, 'src/native', program);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => path.join(dir, f));
}
