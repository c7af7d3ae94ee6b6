import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createWorktree,
  removeWorktree,
  repoRoot,
  worktreeClean,
  worktreeMissing,
} from '../../src/agents/worktree.js';
import { slowGit } from '../support/hub.js';

function repo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
  return dir;
}

describe('git worktrees for agents', () => {
  it('creates a worktree and branch, makes a new branch name when taken, reuses when asked, removes only clean ones', async () => {
    const r = repo();
    const a = await createWorktree(r, 'claude');
    expect(a.branch).toBe('botster/claude');
    expect(fs.existsSync(path.join(a.path, '.git'))).toBe(true);
    expect(await repoRoot(a.path)).toBe(a.path);
    const b = await createWorktree(r, 'claude');
    expect(b.branch).toBe('botster/claude-2');
    await removeWorktree(a);
    expect(worktreeMissing(a)).toMatch(/its worktree .* \(branch botster\/claude\) is gone/);
    const again = await createWorktree(r, 'claude', { reuse: true });
    expect(again.branch).toBe('botster/claude');
    expect(worktreeMissing(again)).toBeNull();
    expect(await worktreeClean(again.path)).toBe(true);
    fs.writeFileSync(path.join(again.path, 'dirty.txt'), 'x');
    expect(await worktreeClean(again.path)).toBe(false);
    await expect(removeWorktree(again)).rejects.toThrow(/contains modified or untracked files/);
  });

  it('outside a repository it says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-norepo-'));
    expect(await repoRoot(dir)).toBeNull();
    await expect(createWorktree(dir, 'x')).rejects.toThrow(/is not in a git repository/);
  });

  it('git runs beside the event loop: timers keep firing while a slow `git worktree add` works', async () => {
    const slow = slowGit(1);
    const undo = slow.onPath();
    const r = repo();
    let ticks = 0;
    let ticksWhileGit = 0;
    const timer = setInterval(() => {
      ticks++;
      if (slow.started(r) && !slow.done(r)) ticksWhileGit++;
    }, 10);
    try {
      expect((await createWorktree(r, 'slow')).branch).toBe('botster/slow');
    } finally {
      clearInterval(timer);
      undo();
    }
    expect(slow.done(r)).toBe(true);
    expect(ticks).toBeGreaterThan(0);
    expect(ticksWhileGit).toBeGreaterThan(0);
  });

  it("worktrees asked for at once in one repository (a pipeline's parallel steps) are made one at a time, each whole", async () => {
    // A git that notes when one of its worktree commands starts while another still runs (in the
    // repository's .git, the one folder the hub's boxed git writes there besides the worktree).
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-git-'));
    fs.writeFileSync(
      path.join(dir, 'git'),
      `#!/bin/sh\ncase " $* " in *" worktree "*) lock="$2/.git/test-lock"; log="$2/.git/test-overlaps"; touch "$2/.git/test-ran"; mkdir "$lock" 2>/dev/null || echo "$*" >> "$log"; sleep 0.1; '${real}' "$@"; rc=$?; rmdir "$lock" 2>/dev/null; exit $rc;; esac\nexec '${real}' "$@"\n`,
      { mode: 0o755 },
    );
    const before = process.env.PATH;
    process.env.PATH = `${dir}${path.delimiter}${before ?? ''}`;
    const r = repo();
    const log = path.join(r, '.git', 'test-overlaps');
    try {
      const made = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => createWorktree(r, `step-${n}`)));
      expect(made.map((w) => w.branch)).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => `botster/step-${n}`));
      for (const w of made) expect(worktreeMissing(w)).toBeNull();
    } finally {
      process.env.PATH = before;
    }
    // (it ran, and could write its notes: an empty log means no overlap, not a git that could not note one)
    expect(fs.existsSync(path.join(r, '.git', 'test-ran'))).toBe(true);
    expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
  });
});
