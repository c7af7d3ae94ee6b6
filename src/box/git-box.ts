import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SECRETS } from './secrets.js';
import { cacheFolder } from '../wire/cache-folder.js';

// Nothing a box wrote runs outside a box. A boxed agent writes its folder, so its repository's
// configuration, its hooks, its .gitattributes and (in a worktree) the `.git` link naming the git
// dir: each can name a program git runs (core.fsmonitor, a hook, a clean/smudge filter, a
// textconv, a merge driver). Every git the hub runs is therefore run
// - with hooks and the fsmonitor off (`-c`, which beats every file), and
// - inside a box of its own (bubblewrap): the system read-only, the secrets not there, no network,
//   its own processes, an environment of the basics only, and writable only the folders the call
//   names (`writes`). What a filter runs there can neither read a key, nor send anything, nor
//   write anywhere the box could not already.
// Where bubblewrap is not there (no boxes could run either, or a container box only), a repository
// whose own configuration names such a program is refused with why (`riskyConfig`).

export interface GitCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/** What beats any repository's own configuration: no hook, no fsmonitor. */
export const SAFE_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];

// What git needs of the hub's environment; nothing else (a token) reaches what it runs.
const KEEP = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'TZ', 'XDG_CONFIG_HOME', 'EMAIL'];
const KEEP_GIT = /^GIT_(AUTHOR|COMMITTER)_(NAME|EMAIL|DATE)$|^GIT_CONFIG_(GLOBAL|SYSTEM|NOSYSTEM)$/;

export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && (KEEP.includes(k) || KEEP_GIT.test(k) || k.startsWith('LC_'))) env[k] = v;
  return { ...env, ...extra };
}

let usable: boolean | undefined;
/** Can this machine make a box for git (bubblewrap, user namespaces)? Asked once. */
export function gitBoxUsable(): boolean {
  if (usable === undefined)
    usable =
      process.platform === 'linux' &&
      spawnSync('bwrap', [...boxArgs([]), '--', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  return usable;
}

const exists = (p: string): 'dir' | 'file' | null => {
  try {
    return fs.statSync(p).isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
};

/** The nearest folder that exists at or above `p` (a worktree about to be made is its parent's). */
function existing(p: string): string {
  let d = path.resolve(p);
  while (!exists(d) && path.dirname(d) !== d) d = path.dirname(d);
  return exists(d) === 'dir' ? d : path.dirname(d);
}

/** bubblewrap's arguments for the box git runs in, writing only `writes`. */
export function boxArgs(writes: string[]): string[] {
  const home = os.homedir();
  const abs = (p: string) => (p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  const out = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  for (const w of new Set(writes.map(existing))) out.push('--bind', w, w);
  // (after the writes: what is secret stays out of reach inside a folder it writes too)
  const hidden = [
    ...SECRETS.map(abs),
    path.join(home, '.botster'),
    ...(process.env.BOTSTER_HOME ? [process.env.BOTSTER_HOME] : []),
    cacheFolder(process.env),
  ];
  for (const p of hidden.map((h) => h.replace(/\/+$/, ''))) {
    const k = exists(p);
    if (k === 'dir') out.push('--tmpfs', p);
    else if (k === 'file') out.push('--ro-bind', '/dev/null', p);
  }
  out.push('--unshare-all', '--new-session', '--die-with-parent');
  if (process.getuid?.() === 0) out.push('--unshare-user', '--uid', '0', '--gid', '0');
  else out.push('--cap-drop', 'ALL');
  return out;
}

/** The command that runs `git -C cwd ...args` as the hub runs git: boxed where it can be. */
export function gitCommand(
  cwd: string,
  args: string[],
  opts: { writes?: string[]; env?: Record<string, string> } = {},
): GitCommand {
  const git = ['-C', cwd, ...SAFE_CONFIG, ...args];
  const env = gitEnv(opts.env);
  if (!gitBoxUsable()) return { file: 'git', args: git, env };
  return { file: 'bwrap', args: [...boxArgs(opts.writes ?? []), '--', 'git', ...git], env };
}

// The keys of a repository's own configuration that name a program git may run.
const RISKY =
  /^(filter\..+\.(clean|smudge|process)|diff\..+\.(textconv|command)|diff\.external|merge\..+\.driver|gpg(\..+)?\.program|core\.(sshcommand|gitproxy|askpass|editor|pager|worktree|alternaterefscommand)|sequence\.editor|credential(\..+)?\.helper|remote\..+\.(uploadpack|receivepack))$/i;

/**
 * Without a box for git: the keys of `cwd`'s repository's own configuration (its .git/config, a
 * worktree's, what they include) that name a program, which the hub will not run unboxed. `[]`
 * when there are none or it is no repository.
 */
export function riskyConfig(cwd: string): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', cwd, ...SAFE_CONFIG, 'config', '--list', '--show-scope', '-z'],
      { encoding: 'utf8', env: gitEnv({ GIT_TERMINAL_PROMPT: '0' }), timeout: 10000, maxBuffer: 8 << 20 },
      (err, stdout) => {
        if (err) return resolve([]);
        // (-z: scope NUL key LF value NUL, for each)
        const out: string[] = [];
        const parts = stdout.split('\0');
        for (let i = 0; i + 1 < parts.length; i += 2) {
          const key = parts[i + 1].split('\n')[0];
          if ((parts[i] === 'local' || parts[i] === 'worktree') && RISKY.test(key)) out.push(key);
        }
        resolve(out);
      },
    );
  });
}

/**
 * What git writes in the repository at `dir` (its top, or a linked worktree's top): the folder, and
 * for a worktree its repository's git dir, found from the `.git` link and checked to be one (a
 * link a box rewrote cannot make the hub's git write somewhere else).
 */
export function repoWrites(dir: string): string[] {
  const top = path.resolve(dir);
  const dotgit = path.join(top, '.git');
  if (exists(dotgit) !== 'file') return [top];
  try {
    const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotgit, 'utf8'));
    if (!m) return [top];
    const gitdir = path.resolve(top, m[1].trim());
    const common = path.resolve(gitdir, fs.readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim());
    const isRepo =
      exists(path.join(common, 'objects')) === 'dir' && exists(path.join(common, 'HEAD')) === 'file';
    if (!isRepo || path.dirname(gitdir) !== path.join(common, 'worktrees')) return [top];
    return [top, common];
  } catch {
    return [top];
  }
}
