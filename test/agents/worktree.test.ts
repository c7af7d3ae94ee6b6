import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorktree, removeWorktree, repoRoot, worktreeClean } from '../../src/agents/worktree.js';

function repo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
  return dir;
}

describe('git worktrees for agents', () => {
  it('creates a worktree and branch, makes a new branch name when taken, reuses when asked, removes only clean ones', () => {
    const r = repo();
    const a = createWorktree(r, 'claude');
    expect(a.branch).toBe('botster/claude');
    expect(fs.existsSync(path.join(a.path, '.git'))).toBe(true);
    expect(repoRoot(a.path)).toBe(a.path);
    const b = createWorktree(r, 'claude');
    expect(b.branch).toBe('botster/claude-2');
    removeWorktree(a);
    const again = createWorktree(r, 'claude', { reuse: true });
    expect(again.branch).toBe('botster/claude');
    expect(worktreeClean(again.path)).toBe(true);
    fs.writeFileSync(path.join(again.path, 'dirty.txt'), 'x');
    expect(worktreeClean(again.path)).toBe(false);
    expect(() => removeWorktree(again)).toThrow();
  });

  it('outside a repository it says so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-norepo-'));
    expect(repoRoot(dir)).toBeNull();
    expect(() => createWorktree(dir, 'x')).toThrow(/is not in a git repository/);
  });
});
