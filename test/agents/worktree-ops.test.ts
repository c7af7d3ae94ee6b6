// Finishing an agent's worktree on real repositories the tests make: facts, merge, rebase,
// conflicts (aborted, nothing changed), dirty trees, removal of worktree and branch, .worktreeinclude.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorktree } from '../../src/agents/worktree.js';
import {
  ConflictError,
  mergeIntoBase,
  rebaseOntoBase,
  removeWorktreeAndBranch,
  worktreeFacts,
} from '../../src/agents/worktree-ops.js';
import { copyIncluded, includePatterns } from '../../src/agents/worktree-include.js';

const ID = ['-c', 'user.email=t@t', '-c', 'user.name=t'];

function gitIn(dir: string) {
  return (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...ID, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
}

/** A repository on `main` with README and a.txt committed. */
function repo(): { dir: string; git: ReturnType<typeof gitIn> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-ops-'));
  const git = gitIn(dir);
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'README'), 'hello\n');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'one\ntwo\nthree\n');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  return { dir, git };
}

function commitIn(dir: string, file: string, text: string, msg = `change ${file}`): void {
  fs.writeFileSync(path.join(dir, file), text);
  gitIn(dir)('add', file);
  gitIn(dir)('commit', '-q', '-m', msg);
}

describe('worktree facts', () => {
  it('a new worktree records its base; dirty files, commits ahead and behind are counted', async () => {
    const { dir } = repo();
    const wt = await createWorktree(dir, 'agent');
    expect(wt).toMatchObject({ branch: 'botster/agent', base: 'main', repo: dir });
    expect(await worktreeFacts(wt)).toMatchObject({
      dirty: [],
      ahead: 0,
      behind: 0,
      base: 'main',
      upstream: null,
    });
    commitIn(wt.path, 'b.txt', 'b\n');
    commitIn(dir, 'c.txt', 'c\n');
    fs.writeFileSync(path.join(wt.path, 'a.txt'), 'changed\n');
    fs.writeFileSync(path.join(wt.path, 'new file.txt'), 'x\n');
    expect(await worktreeFacts(wt)).toMatchObject({ dirty: ['a.txt', 'new file.txt'], ahead: 1, behind: 1 });
  });

  it('starts from a chosen base; an unknown base is refused', async () => {
    const { dir, git } = repo();
    git('branch', 'develop');
    commitIn(dir, 'main-only.txt', 'x\n');
    const wt = await createWorktree(dir, 'dev', { base: 'develop' });
    expect(wt.base).toBe('develop');
    expect(fs.existsSync(path.join(wt.path, 'main-only.txt'))).toBe(false);
    await expect(createWorktree(dir, 'x', { base: 'nope' })).rejects.toThrow(/no branch or commit "nope"/);
  });
});

describe('finish: merge or rebase into the base', () => {
  it('merges into the base checked out in the main folder (a merge commit), then removes worktree and branch', async () => {
    const { dir, git } = repo();
    const wt = await createWorktree(dir, 'm');
    commitIn(wt.path, 'feature.txt', 'feature\n');
    commitIn(dir, 'other.txt', 'other\n');
    await mergeIntoBase(wt);
    expect(fs.readFileSync(path.join(dir, 'feature.txt'), 'utf8')).toBe('feature\n');
    expect(git('log', '-1', '--format=%s')).toBe("Merge branch 'botster/m' (botster worktree.finish)");
    await removeWorktreeAndBranch(wt);
    expect(fs.existsSync(wt.path)).toBe(false);
    expect(fs.existsSync(path.dirname(wt.path))).toBe(false); // the hub's <repo>-worktrees folder, empty now
    expect(git('branch', '--list', 'botster/m')).toBe('');
    expect(git('worktree', 'list')).not.toContain(wt.path);
  });

  it('merges into a base checked out nowhere (the branch ref moves; no folder left behind)', async () => {
    const { dir, git } = repo();
    git('branch', 'release');
    const wt = await createWorktree(dir, 'r', { base: 'release' });
    commitIn(wt.path, 'r.txt', 'r\n');
    const before = git('worktree', 'list');
    await mergeIntoBase(wt);
    expect(git('show', 'release:r.txt')).toBe('r');
    expect(git('worktree', 'list')).toBe(before);
    expect(git('rev-parse', 'main')).not.toBe(git('rev-parse', 'release'));
  });

  it('rebases onto the base and fast-forwards it: a straight history', async () => {
    const { dir, git } = repo();
    const wt = await createWorktree(dir, 'rb');
    commitIn(wt.path, 'f.txt', 'f\n', 'add f');
    commitIn(dir, 'g.txt', 'g\n', 'add g');
    await rebaseOntoBase(wt);
    expect(git('log', '--format=%s', 'main')).toBe('add f\nadd g\ninit');
    expect(git('show', 'main:f.txt')).toBe('f');
    expect(gitIn(wt.path)('status', '--porcelain')).toBe('');
  });

  it('a merge conflict is aborted: base, branch and both folders as they were, and the files are named', async () => {
    const { dir, git } = repo();
    const wt = await createWorktree(dir, 'c');
    commitIn(wt.path, 'a.txt', 'agent\n');
    commitIn(dir, 'a.txt', 'mine\n');
    const main = git('rev-parse', 'main');
    const err = await mergeIntoBase(wt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).files).toEqual(['a.txt']);
    expect((err as Error).message).toBe(
      'merging botster/c into main stopped on conflicts in a.txt: aborted, nothing changed',
    );
    expect(git('rev-parse', 'main')).toBe(main);
    expect(git('status', '--porcelain')).toBe('');
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('mine\n');
  });

  it('a rebase conflict is aborted too', async () => {
    const { dir, git } = repo();
    const wt = await createWorktree(dir, 'rc');
    commitIn(wt.path, 'a.txt', 'agent\n');
    commitIn(dir, 'a.txt', 'mine\n');
    const branch = git('rev-parse', 'botster/rc');
    await expect(rebaseOntoBase(wt)).rejects.toThrow(
      /rebasing botster\/rc onto main stopped on conflicts in a.txt: aborted/,
    );
    expect(git('rev-parse', 'botster/rc')).toBe(branch);
    expect(gitIn(wt.path)('status', '--porcelain')).toBe('');
    expect(gitIn(dir)('worktree', 'list')).not.toContain('botster-rebase-');
  });

  it("your uncommitted change in the base folder that the merge would overwrite: refused with git's reason, nothing changed", async () => {
    const { dir, git } = repo();
    const wt = await createWorktree(dir, 'd');
    commitIn(wt.path, 'a.txt', 'agent\n');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'my edit\n');
    const main = git('rev-parse', 'main');
    await expect(mergeIntoBase(wt)).rejects.toThrow(/local changes .* would be overwritten/);
    expect(git('rev-parse', 'main')).toBe(main);
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('my edit\n');
  });

  it('removal of a dirty worktree needs force; without a base there is nothing to merge into', async () => {
    const { dir, git } = repo();
    const wt = await createWorktree(dir, 'x');
    fs.writeFileSync(path.join(wt.path, 'junk'), 'x');
    await expect(removeWorktreeAndBranch(wt)).rejects.toThrow(/modified or untracked files/);
    await removeWorktreeAndBranch(wt, { force: true });
    expect(fs.existsSync(wt.path)).toBe(false);
    expect(git('branch', '--list', 'botster/x')).toBe('');
    await expect(mergeIntoBase({ ...wt, base: undefined })).rejects.toThrow(/has no base branch recorded/);
  });
});

describe('.worktreeinclude', () => {
  it('copies the ignored files it lists (a folder too), never tracked ones or what is not listed', async () => {
    const { dir, git } = repo();
    fs.writeFileSync(path.join(dir, '.gitignore'), '.env\nsecrets/\nbuild/\n');
    fs.writeFileSync(path.join(dir, '.worktreeinclude'), '# copied into new worktrees\n.env\nsecrets/\n');
    git('add', '.gitignore', '.worktreeinclude');
    git('commit', '-q', '-m', 'ignore');
    fs.writeFileSync(path.join(dir, '.env'), 'TOKEN=1\n');
    fs.mkdirSync(path.join(dir, 'secrets'));
    fs.writeFileSync(path.join(dir, 'secrets', 'key'), 'k\n');
    fs.mkdirSync(path.join(dir, 'build'));
    fs.writeFileSync(path.join(dir, 'build', 'out'), 'o\n');
    const wt = await createWorktree(dir, 'inc');
    const patterns = await includePatterns(dir);
    expect(patterns).toEqual(['.env', 'secrets/']);
    expect((await copyIncluded(dir, wt.path, patterns)).sort()).toEqual(['.env', 'secrets']);
    expect(fs.readFileSync(path.join(wt.path, '.env'), 'utf8')).toBe('TOKEN=1\n');
    expect(fs.readFileSync(path.join(wt.path, 'secrets', 'key'), 'utf8')).toBe('k\n');
    expect(fs.existsSync(path.join(wt.path, 'build'))).toBe(false);
    expect(await copyIncluded(dir, wt.path, [])).toEqual([]);
  });
});
