// `worktrees prune`'s plan for 100 worktrees the hub made (a third merged by squash, a third
// unmerged, a third dirty), each with 50 files: how long the plan takes (git per worktree, the
// space each frees), the median of 3 runs. Budget: 2 s (issue 84).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prunePlan } from '../dist/lifecycle/wt-prune-plan.js';
import { median, report } from './util.mjs';

const N = Number(process.env.WORKTREES ?? 100);
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-bench-prune-'));
const repo = path.join(base, 'repo');
const git = (dir, ...a) =>
  execFileSync('git', ['-C', dir, '-c', 'user.email=b@b', '-c', 'user.name=b', ...a], { stdio: 'ignore' });
fs.mkdirSync(repo);
git(repo, 'init', '-q', '-b', 'main');
for (let f = 0; f < 50; f++) fs.writeFileSync(path.join(repo, `f${f}.txt`), `file ${f}\n`.repeat(20));
git(repo, 'add', '.');
git(repo, 'commit', '-q', '-m', 'init');
const made = [];
for (let i = 0; i < N; i++) {
  const dir = path.join(base, 'wts', `w${i}`);
  const branch = `botster/w${i}`;
  git(repo, 'worktree', 'add', '-q', '-b', branch, dir);
  if (i % 3 !== 2) {
    fs.writeFileSync(path.join(dir, `new${i}.txt`), `work ${i}\n`);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', `work ${i}`);
  } else fs.writeFileSync(path.join(dir, `dirty${i}.txt`), 'uncommitted\n');
  made.push({ path: dir, branch, repo, base: 'main', made: new Date().toISOString() });
}
for (let i = 0; i < N; i += 3) git(repo, 'merge', '--squash', '-q', `botster/w${i}`);
git(repo, 'commit', '-q', '-m', 'squashed a third');

const times = [];
let plan = [];
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  plan = await prunePlan(made, { park: false, holder: () => null });
  times.push(performance.now() - t0);
}
const removed = plan.filter((i) => i.action === 'remove').length;
fs.rmSync(base, { recursive: true, force: true });
const ms = median(times);
report([
  {
    name: `prune plan, ${N} worktrees`,
    value: ms,
    unit: 'ms',
    budget: '<= 2000',
    ok: ms <= 2000 && removed > 0,
    note: `${removed} to remove (the squash-merged ones); median of 3`,
  },
]);
