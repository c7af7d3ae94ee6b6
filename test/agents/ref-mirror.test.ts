import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { RefMirror } from '../../src/agents/ref-mirror.js';
import { privateRefs } from '../../src/box/private-refs.js';
import { until } from '../support/wait.js';

// A boxed worktree's branch, kept in step both ways (src/agents/ref-mirror.ts) with real git: a box
// started again over a copy an earlier box left must not move the branch back to that copy (a
// commit of yours in the worktree since then stayed, a test found its branch rewound); what the box
// commits, amends included, reaches the repository; where the two went apart yours is kept.

const mirrors: RefMirror[] = [];
afterEach(async () => {
  for (const m of mirrors.splice(0)) await m.dispose();
});

function repo() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'botster refs '));
  const main = path.join(base, 'repo');
  const wt = path.join(base, 'wt');
  const git = (cwd: string, ...a: string[]) =>
    execFileSync('git', ['-C', cwd, '-c', 'user.email=t@t', '-c', 'user.name=t', ...a], {
      encoding: 'utf8',
    }).trim();
  fs.mkdirSync(main);
  git(main, 'init', '-q', '-b', 'main');
  git(main, 'commit', '-q', '--allow-empty', '-m', 'one');
  git(main, 'worktree', 'add', '-q', '-b', 'botster/a', wt);
  const refs = privateRefs(wt)!;
  const copy = () => fs.readFileSync(refs.own.copy, 'utf8').trim();
  const branch = () => git(main, 'rev-parse', 'botster/a');
  /** A commit on `parent` as the box's git would make it, written to its copy. */
  const boxCommits = (parent: string, msg: string) => {
    const tree = git(main, 'rev-parse', `${parent}^{tree}`);
    const id = git(main, 'commit-tree', tree, '-p', parent, '-m', msg);
    fs.writeFileSync(refs.own.copy, `${id}\n`);
    return id;
  };
  return { main, wt, git, copy, branch, boxCommits };
}

const start = (wt: string, errors: string[] = []) => {
  const m = RefMirror.start(wt, (e) => errors.push(e))!;
  mirrors.push(m);
  return m;
};

describe("a boxed worktree's branch and its box's copy", () => {
  it('a copy an earlier box left never moves the branch back: the box sees yours', async () => {
    const r = repo();
    await start(r.wt).dispose();
    mirrors.pop();
    const old = r.copy();
    // You commit in the worktree, outside any box: the branch moves, the old copy stays behind.
    r.git(r.wt, 'commit', '-q', '--allow-empty', '-m', 'yours');
    const yours = r.branch();
    expect(yours).not.toBe(old);
    start(r.wt);
    await until('the copy follows yours', () => r.copy() === yours);
    expect(r.branch()).toBe(yours);
  });

  it('what the box commits reaches the branch, an amend too', async () => {
    const r = repo();
    start(r.wt);
    await until('its copy', () => r.copy() === r.branch());
    const base = r.branch();
    const first = r.boxCommits(base, 'boxed');
    await until('the branch follows the box', () => r.branch() === first);
    // (an amend: another commit on the same parent, not a descendant of the branch)
    const amended = r.boxCommits(base, 'boxed, amended');
    await until('the branch follows the amend', () => r.branch() === amended);
  });

  it('where the two went apart while no mirror ran, yours is kept and the box is told', async () => {
    const r = repo();
    await start(r.wt).dispose();
    mirrors.pop();
    const base = r.branch();
    r.git(r.wt, 'commit', '-q', '--allow-empty', '-m', 'yours');
    const yours = r.branch();
    const boxed = r.boxCommits(base, 'the box, meanwhile');
    const errors: string[] = [];
    start(r.wt, errors);
    await until('the copy takes yours', () => r.copy() === yours);
    expect(r.branch()).toBe(yours);
    expect(errors.join('\n')).toContain(`the box's ${boxed.slice(0, 8)} is in its copy's reflog`);
  });
});
