// Builds the native client (src/native/client/: client.c and the files it names) and the keeper
// (src/native/keeper/: one per agent, it owns the agent's PTY so the agent outlives the server;
// written beside the client as botster-keeper) with a C compiler, for Linux (the server checks a
// client's terminal claim through /proc). Its protocol numbers are written first, from the
// TypeScript that defines them (src/native/wire-header.ts -> dist/native/wire.h).
//
//   node scripts/build-native.mjs                 this machine's client: dist/native/botster-tui
//   node scripts/build-native.mjs --arch arm64 --out FILE --static
//                                                 another CPU's (aarch64-linux-gnu-gcc), for a
//                                                 release package (scripts/pack-release.mjs)
//   --dynamic                                     linked against the system's glibc (the default
//                                                 links statically where a static libc is installed,
//                                                 as a release does, and dynamically elsewhere)
//
// Optional in a checkout: without a compiler, or elsewhere, bin/botster-tui runs the node client,
// so a failure here is said and the build goes on. BOTSTER_NATIVE_REQUIRED=1 (or --required) makes
// it an error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    arch: { type: 'string', default: os.arch() },
    out: { type: 'string', default: path.join(root, 'dist/native/botster-tui') },
    static: { type: 'boolean', default: false },
    dynamic: { type: 'boolean', default: false },
    required: { type: 'boolean', default: process.env.BOTSTER_NATIVE_REQUIRED === '1' },
  },
});
const out = path.resolve(opts.out);
// Each program and where it goes: the keeper sits beside the client, so whoever finds one finds both.
// A program is every C file of its folder (src/native/client/, src/native/keeper/), sorted: a file
// added to one is compiled in, for this machine and for a release's CPUs alike.
const sourcesOf = (program) => {
  const dir = path.join(root, 'src/native', program);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => path.join(dir, f));
};
const programs = [
  [sourcesOf('client'), out],
  [sourcesOf('keeper'), path.join(path.dirname(out), 'botster-keeper')],
];
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

for (const [, file] of programs) fs.rmSync(file, { force: true });
const skip = (why) => {
  const say =
    opts.arch === os.arch()
      ? `build-native: the native client is not built (${why}); bin/botster-tui runs the node client`
      : `build-native: the ${opts.arch} client is not built (${why})`;
  if (opts.required) {
    console.error(say);
    process.exit(1);
  }
  console.warn(say);
  process.exit(0);
};
if (process.platform !== 'linux') skip(`it is for Linux, this is ${process.platform}`);

// The header, from the compiled TypeScript (npm run build compiles it first).
const include = path.join(root, 'dist/native');
const { wireHeader } = await import(pathToFileURL(path.join(include, 'wire-header.js')).href);
fs.mkdirSync(include, { recursive: true });
fs.writeFileSync(path.join(include, 'wire.h'), wireHeader());

// For this machine: cc first; g++ compiles C too when it is the only compiler (`-x c`). For another
// CPU: Debian's cross compiler for it (gcc-aarch64-linux-gnu, gcc-x86-64-linux-gnu).
const GNU = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' };
if (!GNU[opts.arch]) skip(`no compiler is known for ${opts.arch}`);
const compilers =
  opts.arch === os.arch()
    ? [
        [process.env.CC || 'cc', []],
        ['gcc', []],
        ['clang', []],
        ['g++', ['-x', 'c']],
      ]
    : [[`${GNU[opts.arch]}-gcc`, []]];
fs.mkdirSync(path.dirname(out), { recursive: true });
let last = `no C compiler found (${compilers.map(([cc]) => cc).join(', ')})`;
const compile = (cc, lang, linking, sources, out) =>
  spawnSync(
    cc,
    [
      ...lang,
      '-std=gnu11',
      '-O2',
      '-Wall',
      '-Wextra',
      '-Werror',
      ...linking,
      `-DBOTSTER_VERSION=${JSON.stringify(version)}`,
      `-I${include}`,
      '-o',
      out,
      ...sources,
    ],
    { encoding: 'utf8' },
  );
for (const [cc, lang] of compilers) {
  // A release's client runs on any Linux of its CPU: linked statically, it loads nothing (it asks
  // glibc for no names, so a static glibc is whole). Where no static libc is installed it is
  // linked as usual, and said (for a release). A checkout's build links the same way where it can:
  // a static keeper holds half the RSS of a dynamic one (0.75 against 1.5 MB: no ld.so, libc's
  // pages mapped only as far as it uses them), once per agent (issue 97: 500 agents).
  const linkStatic = opts.static || !opts.dynamic;
  let failed = null;
  for (const [source, file] of programs) {
    let r = compile(cc, lang, linkStatic ? ['-static', '-s'] : [], source, file);
    if (r.error) {
      failed = 'missing';
      break; // not installed
    }
    if (r.status !== 0 && linkStatic) {
      const dynamic = compile(cc, lang, opts.static ? ['-s'] : [], source, file);
      if (dynamic.status === 0 && opts.static)
        console.warn(`build-native: ${cc} cannot link statically here; ${path.basename(file)} needs glibc`);
      r = dynamic;
    }
    if (r.status !== 0) {
      failed = `${cc} failed:\n${r.stderr}`;
      break;
    }
  }
  if (failed === null) process.exit(0);
  if (failed !== 'missing') last = failed;
}
for (const [, file] of programs) fs.rmSync(file, { force: true });
skip(last);
