import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git, gitRun } from '../../src/agents/git.js';
import { gitBoxUsable, repoWrites, riskyConfig } from '../../src/box/git-box.js';
import { worktreeDiff } from '../../src/agents/git-diff.js';
import { createWorktree } from '../../src/agents/worktree.js';
import { gitFacts } from '../../src/lua/io/git-facts.js';

// Issue 93, item 1: what a box wrote in a repository (its config, hooks, attributes, a worktree's
// .git link) never runs outside a box when the hub runs git there. Real git, real bubblewrap: each
// program the repository names runs when a plain git runs there (so the test can fail), and with the
// hub's git either does not run, or runs where it reads no secret, gets no token and writes nothing
// but the repository.

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const saved = { HOME: process.env.HOME, TOKEN: process.env.GITHUB_TOKEN };
let user = '';
let outside = '';

beforeEach(() => {
  user = fs.mkdtempSync(path.join(os.tmpdir(), 'git box user '));
  fs.mkdirSync(path.join(user, '.ssh'));
  fs.writeFileSync(path.join(user, '.ssh', 'id_rsa'), 'SECRET-KEY\n');
  outside = path.join(user, 'outside');
  fs.mkdirSync(outside);
  process.env.HOME = user;
  process.env.GITHUB_TOKEN = 'TOKEN-OF-THE-HUB';
});
afterEach(() => {
  process.env.HOME = saved.HOME;
  if (saved.TOKEN === undefined) delete process.env.GITHUB_TOKEN;
  else process.env.GITHUB_TOKEN = saved.TOKEN;
  fs.rmSync(user, { recursive: true, force: true });
});

const sh = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, HOME: user } });

/** A repository with a.txt committed, and the program a box would plant: it notes that it ran
 * (outside the repository: where a box cannot write), copies the key and the environment into
 * `leak` beside itself, and passes its input through (a filter's duty). */
function repo(): { dir: string; evil: string; ran: string; leak: string } {
  const dir = path.join(user, `repo ${Math.random().toString(36).slice(2, 7)}`);
  fs.mkdirSync(dir);
  sh(dir, 'init', '-q', '-b', 'main');
  sh(dir, 'config', 'user.email', 't@t');
  sh(dir, 'config', 'user.name', 't');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'one\n');
  sh(dir, 'add', '.');
  sh(dir, 'commit', '-qm', 'one');
  const ran = path.join(outside, `ran-${path.basename(dir)}`);
  const leak = path.join(dir, 'leak');
  const evil = path.join(dir, 'evil.sh');
  fs.writeFileSync(
    evil,
    `#!/bin/sh\necho ran >> '${ran}'\n{ cat "$HOME/.ssh/id_rsa"; env; } >> '${leak}' 2>/dev/null\ncat "$@" 2>/dev/null\nexit 0\n`,
    { mode: 0o755 },
  );
  // (git runs what its configuration names through the shell: the path is quoted)
  return { dir, evil: `'${evil}'`, ran, leak };
}

const leaked = (leak: string) => (fs.existsSync(leak) ? fs.readFileSync(leak, 'utf8') : '');

describe.skipIf(!hasBwrap && !process.env.CI)("the hub's git runs nothing a box wrote outside a box", () => {
  it('bubblewrap makes the box', () => expect(gitBoxUsable()).toBe(true));

  it('core.fsmonitor: plain git status runs it; the hub status, diff and Lua git.status do not', async () => {
    const r = repo();
    sh(r.dir, 'config', 'core.fsmonitor', r.evil);
    fs.writeFileSync(path.join(r.dir, 'a.txt'), 'two\n');
    expect((await gitRun(r.dir, ['status', '--porcelain'])).stdout).toContain('a.txt');
    await worktreeDiff(r.dir, null, 'uncommitted');
    const facts = await new Promise<unknown>((done) => gitFacts({ op: 'status', cwd: r.dir }, done));
    expect(JSON.stringify(facts)).toContain('a.txt');
    expect(fs.existsSync(r.ran)).toBe(false);
    sh(r.dir, 'status', '--porcelain');
    expect(fs.existsSync(r.ran)).toBe(true);
  });

  it('a post-checkout hook: plain worktree add runs it; the hub making a worktree does not', async () => {
    const r = repo();
    fs.copyFileSync(r.evil.slice(1, -1), path.join(r.dir, '.git', 'hooks', 'post-checkout'));
    fs.chmodSync(path.join(r.dir, '.git', 'hooks', 'post-checkout'), 0o755);
    const wt = await createWorktree(r.dir, 'agent');
    expect(fs.existsSync(path.join(wt.path, 'a.txt'))).toBe(true);
    expect(fs.existsSync(r.ran)).toBe(false);
    sh(r.dir, 'worktree', 'add', '-q', path.join(user, 'plain-wt'), '-b', 'plain');
    expect(fs.existsSync(r.ran)).toBe(true);
  });

  it('a clean filter and a textconv: they run boxed (no key, no token, nothing written outside)', async () => {
    const r = repo();
    sh(r.dir, 'config', 'filter.evil.clean', r.evil);
    sh(r.dir, 'config', 'diff.evil.textconv', r.evil);
    fs.writeFileSync(path.join(r.dir, '.gitattributes'), '*.txt filter=evil diff=evil\n');
    fs.writeFileSync(path.join(r.dir, 'a.txt'), 'two\n');
    const diff = await worktreeDiff(r.dir, null, 'uncommitted');
    expect(diff.text).toContain('+two');
    // a write: the repository is the one folder its box writes
    expect((await gitRun(r.dir, ['add', '-A'], { writes: repoWrites(r.dir) })).code).toBe(0);
    expect(fs.existsSync(r.ran)).toBe(false);
    expect(leaked(r.leak)).not.toContain('SECRET-KEY');
    expect(leaked(r.leak)).not.toContain('TOKEN-OF-THE-HUB');
    fs.rmSync(r.leak, { force: true });
    fs.writeFileSync(path.join(r.dir, 'a.txt'), 'three\n');
    sh(r.dir, 'add', '-A');
    expect(fs.existsSync(r.ran)).toBe(true);
    expect(leaked(r.leak)).toContain('SECRET-KEY');
    expect(leaked(r.leak)).toContain('TOKEN-OF-THE-HUB');
  });

  it("a worktree's .git link turned to a git dir of the box's own: not followed for writes, its config runs nothing", async () => {
    const r = repo();
    const wt = await createWorktree(r.dir, 'agent');
    expect(repoWrites(wt.path)).toEqual([wt.path, path.join(r.dir, '.git')]);
    // The box's own repository, its fsmonitor set, named by the worktree's link.
    const own = repo();
    sh(own.dir, 'config', 'core.fsmonitor', own.evil);
    fs.writeFileSync(path.join(wt.path, '.git'), `gitdir: ${path.join(own.dir, '.git')}\n`);
    expect(repoWrites(wt.path)).toEqual([wt.path]);
    await gitRun(wt.path, ['status', '--porcelain']);
    expect(fs.existsSync(own.ran)).toBe(false);
    sh(wt.path, 'status', '--porcelain');
    expect(fs.existsSync(own.ran)).toBe(true);
  });

  it('a read has no folder to write: what a filter runs there writes nothing at all', async () => {
    const r = repo();
    sh(r.dir, 'config', 'filter.evil.clean', r.evil);
    fs.writeFileSync(path.join(r.dir, '.gitattributes'), '*.txt filter=evil\n');
    fs.writeFileSync(path.join(r.dir, 'a.txt'), 'two\n');
    await git(r.dir, ['status', '--porcelain']);
    await git(r.dir, ['diff', 'HEAD', '--stat']);
    expect(fs.existsSync(r.leak)).toBe(false);
    expect(fs.existsSync(r.ran)).toBe(false);
  });
});

describe('without a box for git, a repository whose configuration names a program is named', () => {
  it('riskyConfig lists the keys of its own configuration, not the ones git is given', async () => {
    const r = repo();
    expect(await riskyConfig(r.dir)).toEqual([]);
    sh(r.dir, 'config', 'core.fsmonitor', r.evil);
    sh(r.dir, 'config', 'filter.evil.clean', r.evil);
    sh(r.dir, 'config', 'diff.evil.textconv', r.evil);
    sh(r.dir, 'config', 'merge.evil.driver', r.evil);
    expect((await riskyConfig(r.dir)).sort()).toEqual([
      'diff.evil.textconv',
      'filter.evil.clean',
      'merge.evil.driver',
    ]);
    expect(await riskyConfig(path.join(user, 'outside'))).toEqual([]);
  });
});
