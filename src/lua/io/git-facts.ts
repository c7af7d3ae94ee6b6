// git.* for Lua (docs/lua/git.md): read-only facts about a folder's repository, each one git
// command with fixed arguments, run as process.run runs one (bounded), its output parsed here.
// GIT_OPTIONAL_LOCKS=0: a status never takes the index lock an agent's git may need. Run as the
// hub's own git is (src/box/git-box.ts): boxed, hooks and fsmonitor off.
import { gitBoxUsable, gitCommand, riskyConfig } from '../../box/git-box.js';
import { runProcess, type ProcessResult } from './run-process.js';

export const GIT_OPS = ['status', 'branch', 'log', 'diff_stat', 'remote_url'] as const;
export type GitOp = (typeof GIT_OPS)[number];

const GIT_TIMEOUT_MS = 15_000;
const MAX_LOG = 1000;

export interface GitSpec {
  op: GitOp;
  cwd: string;
  /** log: how many commits; remote_url: the remote's name. */
  max?: number;
  remote?: string;
}

function argsOf(spec: GitSpec): string[] {
  switch (spec.op) {
    case 'status':
      return ['status', '--porcelain=v1', '--branch', '-z'];
    case 'branch':
      return ['rev-parse', '--abbrev-ref', 'HEAD'];
    case 'log': {
      const n = Math.min(Math.max(Math.trunc(spec.max ?? 10), 1), MAX_LOG);
      return ['log', `-n${n}`, '--format=%H%x1f%an%x1f%ae%x1f%at%x1f%s%x1e'];
    }
    case 'diff_stat':
      return ['diff', '--no-ext-diff', '--no-textconv', 'HEAD', '--numstat', '-z'];
    case 'remote_url':
      return ['remote', 'get-url', spec.remote ?? 'origin'];
  }
}

/** The facts, or `{ error }` (not a repository, git missing, a timeout). */
export function gitFacts(
  spec: GitSpec,
  done: (r: unknown) => void,
  pid?: (id: number, alive: boolean) => void,
): { abort(): void } {
  const run = () => {
    const cmd = gitCommand(spec.cwd, argsOf(spec), {
      env: { GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    });
    return runProcess(
      { cmd: cmd.file, args: cmd.args, timeoutMs: GIT_TIMEOUT_MS, env: cmd.env, envOnly: true },
      (r) => done(parse(spec, r)),
      pid,
    );
  };
  if (gitBoxUsable()) return run();
  // (no box for git here: a repository whose configuration names a program is refused, as the hub's own git is)
  let inner: { abort(): void } | undefined;
  let aborted = false;
  void riskyConfig(spec.cwd).then((risky) => {
    if (aborted) return;
    if (risky.length)
      done({
        error: `git.${spec.op} ${spec.cwd}: its configuration names a program git would run (${risky.join(', ')}), and there is no box here to run it in`,
      });
    else inner = run();
  });
  return {
    abort() {
      aborted = true;
      inner?.abort();
    },
  };
}

function parse(spec: GitSpec, r: ProcessResult): unknown {
  if (r.error || r.code !== 0) {
    const why = r.error ?? (r.stderr.trim().split('\n')[0] || `git exited with ${r.code}`);
    return { error: `git.${spec.op} ${spec.cwd}: ${why.replace(/^fatal: /, '')}` };
  }
  const out = r.stdout;
  switch (spec.op) {
    case 'branch':
      return { branch: out.trim() };
    case 'remote_url':
      return { url: out.trim() };
    case 'log':
      return {
        commits: out
          .split('\x1e')
          .map((l) => l.replace(/^\n/, ''))
          .filter(Boolean)
          .map((l) => {
            const [hash, author, email, time, subject] = l.split('\x1f');
            return { hash, author, email, time: Number(time), subject };
          }),
      };
    case 'diff_stat': {
      const files: Array<{ path: string; added: number; removed: number }> = [];
      const parts = out.split('\0');
      for (let i = 0; i < parts.length; i++) {
        const m = /^(-|\d+)\t(-|\d+)\t(.*)$/.exec(parts[i]);
        if (!m) continue;
        // A rename: the path is empty and the old and new paths follow.
        const path = m[3] || ((i += 2), parts[i]);
        files.push({ path, added: Number(m[1]) || 0, removed: Number(m[2]) || 0 });
      }
      return {
        files,
        added: files.reduce((n, f) => n + f.added, 0),
        removed: files.reduce((n, f) => n + f.removed, 0),
      };
    }
    case 'status':
      return status(out);
  }
}

/** `git status --porcelain=v1 --branch -z`: the branch, ahead/behind, and each changed file. */
function status(out: string) {
  const entries = out.split('\0').filter(Boolean);
  let branch: string | null = null;
  let upstream: string | null = null;
  let ahead = 0;
  let behind = 0;
  const files: Array<{ path: string; index: string; worktree: string }> = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.startsWith('## ')) {
      const head = e.slice(3);
      const m = /^(.*?)(?:\.\.\.(\S+))?(?: \[(.*)\])?$/.exec(head)!;
      branch = m[1].replace(/^No commits yet on /, '');
      if (branch === 'HEAD (no branch)') branch = null;
      upstream = m[2] ?? null;
      ahead = Number(/ahead (\d+)/.exec(m[3] ?? '')?.[1] ?? 0);
      behind = Number(/behind (\d+)/.exec(m[3] ?? '')?.[1] ?? 0);
      continue;
    }
    const index = e[0];
    const worktree = e[1];
    files.push({ path: e.slice(3), index, worktree });
    if (index === 'R' || index === 'C') i++; // the old path follows a rename
  }
  return { branch, upstream, ahead, behind, clean: files.length === 0, files };
}
