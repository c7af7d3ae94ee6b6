import { spawn } from 'node:child_process';
import path from 'node:path';
import { gitBoxUsable, gitCommand, riskyConfig } from '../box/git-box.js';

/** A failed git call: git's own words (stderr, trimmed) are the clearest message. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly stdout = '',
  ) {
    super(message);
  }
}

export interface GitOptions {
  /** Keep stdout as git wrote it (a diff); otherwise it is trimmed. */
  raw?: boolean;
  /** Stop reading past this many bytes (`truncated` says so); default 64 MiB. */
  maxBytes?: number;
  env?: Record<string, string>;
  /**
   * The folders this call writes (the repository's `.git`, a worktree being made): its box writes
   * only these (src/box/git-box.ts). Absent: it writes nothing.
   */
  writes?: string[];
}

const MAX_BYTES = 64 * 1024 * 1024;

// git runs in a child process the hub does not wait on: a slow repository (a big checkout, a
// network file system) never holds up keys or frames; in a box of its own, hooks off
// (git-box.ts): nothing a boxed agent wrote in a repository runs outside a box. Nothing git asks for is answered:
// no editor, no terminal prompt (a merge message is given with --no-edit).
const QUIET_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GIT_MERGE_AUTOEDIT: 'no', LC_ALL: 'C' };

/** Runs `git -C cwd ...args`; resolves with stdout, rejects with a GitError (stderr, exit code). */
export function git(cwd: string, args: string[], opts: GitOptions = {}): Promise<string> {
  return gitRun(cwd, args, opts).then((r) => {
    if (r.code !== 0)
      throw new GitError(r.stderr.trim() || `git ${args[0]} failed (exit ${r.code})`, r.code, r.stdout);
    return opts.raw ? r.stdout : r.stdout.trim();
  });
}

/**
 * Like git() but never rejects: the caller reads the exit code (a merge that conflicts, say); a git
 * that could not be run at all (not installed, out of file descriptors) has code null and says why
 * in `stderr`.
 */
export function gitRun(cwd: string, args: string[], opts: GitOptions = {}): Promise<GitRun> {
  if (args[0] !== 'worktree') return spawnGit(cwd, args, opts);
  const key = path.resolve(cwd);
  const run = (worktreeQueues.get(key) ?? Promise.resolve()).then(() => spawnGit(cwd, args, opts));
  worktreeQueues.set(key, run);
  void run.then(() => {
    if (worktreeQueues.get(key) === run) worktreeQueues.delete(key);
  });
  return run;
}

type GitRun = { code: number | null; stdout: string; stderr: string; truncated: boolean };

// git's worktree commands on one repository run one at a time: two `worktree add` at once read
// each other's half-made entry in .git/worktrees ("failed to read .git/worktrees/X/commondir", a
// pipeline's parallel steps), and a prune meanwhile could drop one. Keyed by the folder asked
// (the repository's top, as every caller names it). A queued call never rejects (spawnGit).
const worktreeQueues = new Map<string, Promise<GitRun>>();

async function spawnGit(cwd: string, args: string[], opts: GitOptions): Promise<GitRun> {
  if (!gitBoxUsable()) {
    const risky = await riskyConfig(cwd);
    if (risky.length)
      return {
        code: 128,
        stdout: '',
        stderr: `${cwd}: the repository's own configuration names a program git would run (${risky.join(', ')}); without bubblewrap to box it, the hub does not run git there`,
        truncated: false,
      };
  }
  const cmd = gitCommand(cwd, args, { writes: opts.writes, env: { ...QUIET_ENV, ...opts.env } });
  const max = opts.maxBytes ?? MAX_BYTES;
  return new Promise((resolve) => {
    const child = spawn(cmd.file, cmd.args, { env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', (err) => {
      // (An error after it started, a kill that failed, leaves it to 'close'.)
      if (child.pid === undefined)
        resolve({ code: null, stdout: '', stderr: `cannot run git: ${err.message}`, truncated: false });
    });
    // It could not be started (out of file descriptors, say): no pipes; 'error' says why.
    if (!child.stdout || !child.stderr) return;
    const out: Buffer[] = [];
    let bytes = 0;
    let truncated = false;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (truncated) return;
      if (bytes + d.length > max) {
        out.push(d.subarray(0, max - bytes));
        truncated = true;
        child.kill('SIGTERM');
        return;
      }
      out.push(d);
      bytes += d.length;
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString('utf8');
    });
    child.on('close', (code) =>
      resolve({ code: truncated ? 0 : code, stdout: Buffer.concat(out).toString('utf8'), stderr, truncated }),
    );
  });
}

/** The repository (its top folder) holding `cwd`, or null outside one. */
export async function repoRoot(cwd: string): Promise<string | null> {
  try {
    return await git(cwd, ['rev-parse', '--show-toplevel']);
  } catch {
    return null;
  }
}

/** Where `cwd` is inside its repository, relative to the top (`web/ui`; '' at the top or outside one). */
export async function repoPrefix(cwd: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-prefix'])).replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export async function branchExists(repo: string, branch: string): Promise<boolean> {
  return (await gitRun(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])).code === 0;
}

/** The branch checked out at `cwd`, or null when HEAD is detached. */
export async function currentBranch(cwd: string): Promise<string | null> {
  const r = await gitRun(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** The folder where each branch is checked out (`git worktree list`), by branch name. */
export async function checkedOut(repo: string): Promise<Map<string, string>> {
  const out = await git(repo, ['worktree', 'list', '--porcelain']);
  const map = new Map<string, string>();
  let dir = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) dir = line.slice(9);
    else if (line.startsWith('branch refs/heads/')) map.set(line.slice(18), dir);
  }
  return map;
}
