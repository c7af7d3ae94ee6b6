// Builds the thin native client (src/native/client.c -> dist/native/botster-tui) with the
// machine's C compiler, for Linux (the server checks a client's terminal claim through /proc).
// Optional: without a compiler, or elsewhere, bin/botster-tui runs the node client as before, so a
// failure here is said and the build goes on. BOTSTER_NATIVE_REQUIRED=1 makes it an error (the
// tests set it where a compiler is known to be there).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src/native/client.c');
const out = path.join(root, 'dist/native/botster-tui');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

fs.rmSync(out, { force: true });
const skip = (why) => {
  const say = `build-native: the native client is not built (${why}); bin/botster-tui runs the node client`;
  if (process.env.BOTSTER_NATIVE_REQUIRED === '1') {
    console.error(say);
    process.exit(1);
  }
  console.warn(say);
  process.exit(0);
};
if (process.platform !== 'linux') skip(`it is for Linux, this is ${process.platform}`);

// cc first; g++ compiles C too when it is the only compiler (`-x c`).
const compilers = [
  [process.env.CC || 'cc', []],
  ['gcc', []],
  ['clang', []],
  ['g++', ['-x', 'c']],
];
fs.mkdirSync(path.dirname(out), { recursive: true });
let last = 'no C compiler found (cc, gcc, clang, g++)';
for (const [cc, lang] of compilers) {
  const r = spawnSync(
    cc,
    [
      ...lang,
      '-std=gnu11',
      '-O2',
      '-Wall',
      '-Wextra',
      '-Werror',
      `-DBOTSTER_VERSION=${JSON.stringify(version)}`,
      '-o',
      out,
      source,
    ],
    { encoding: 'utf8' },
  );
  if (r.error) continue; // not installed
  if (r.status === 0) process.exit(0);
  last = `${cc} failed:\n${r.stderr}`;
}
fs.rmSync(out, { force: true });
skip(last);
