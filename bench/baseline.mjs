// The previous build, for `npm run bench` to measure beside this one in the same run (issue 97):
// BENCH_BASELINE=DIR (a checkout whose bin/ and dist/ are built), or a git revision (`merge-base`:
// where this branch left main; `HEAD~3`, a tag ...), which is checked out and built once in a folder
// of its own under the system's temporary folder, kept there for the next run (keyed by its commit).
//   node bench/baseline.mjs [REV]   builds it and prints its launcher's path
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

/** The launcher (bin/botster-tui) of `spec`'s build: a checkout's folder or a git revision. */
export function baselineBin(spec) {
  if (fs.existsSync(path.join(spec, 'bin', 'botster-tui'))) {
    if (!fs.existsSync(path.join(spec, 'dist', 'bundle', 'cli.cjs')))
      throw new Error(`${spec} is not built (npm run build there)`);
    return path.resolve(spec, 'bin', 'botster-tui');
  }
  const commit = git('rev-parse', spec === 'merge-base' ? git('merge-base', 'HEAD', 'main') : spec);
  const dir = path.join(os.tmpdir(), `botster-baseline-${commit.slice(0, 12)}`);
  const bin = path.join(dir, 'bin', 'botster-tui');
  if (fs.existsSync(path.join(dir, '.built'))) return bin;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // The revision's files, without a worktree (nothing of this repository's state changes).
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C '${dir}'`], { cwd: root });
  // Its packages: this checkout's when the lock file is the same, else its own.
  const sameLock =
    fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8') ===
    fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8');
  if (sameLock) fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  else execFileSync('npm', ['ci', '--ignore-scripts'], { cwd: dir, stdio: 'inherit' });
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(path.join(dir, '.built'), `${commit}\n`);
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  console.log(baselineBin(process.argv[2] ?? 'merge-base'));
