import fs from 'node:fs';
import path from 'node:path';
import { git, gitRun, currentBranch, checkedOut, repoPrefix, repoRoot } from '../agents/git.js';
import { repoWrites } from '../box/git-box.js';

// An agent's work moves as git: its branch as a bundle (every commit of it), and what it had not
// committed as one more commit the bundle carries, laid back on its folder there uncommitted. On
// the other machine the branch goes into the clone at the same place (fast-forward only), or a
// worktree of that repository is made there, or the bundle is cloned where the folder was. The
// hub's git runs as it always does (src/agents/git.ts: hooks off, boxed where it can be).

/** A move that cannot be: why, as the user reads it (the source keeps running). */
export class MoveRefused extends Error {
  constructor(
    message: string,
    readonly reason = 'refused',
  ) {
    super(message);
  }
}

/** The agent's folder as git has it, what crosses with the bundle. */
export interface MovedGit {
  /** The top of its checkout: the repository's folder, or a linked worktree's. */
  top: string;
  /** Where the agent works under it ('' at the top). */
  sub: string;
  branch: string;
  head: string;
  /** The repository's main folder (the top, unless a linked worktree). */
  repo: string;
  linked: boolean;
  /** Its origin's URL, for a clone made there. */
  origin?: string;
  /** The commit of its uncommitted changes (the bundle's `refs/botster/move/ID`). */
  wip?: string;
  /** How many files it had changed and not committed. */
  changed: number;
}

const ID = { GIT_AUTHOR_NAME: 'botster-tui', GIT_AUTHOR_EMAIL: 'botster-tui@localhost' };
const IDENTITY = { ...ID, GIT_COMMITTER_NAME: ID.GIT_AUTHOR_NAME, GIT_COMMITTER_EMAIL: ID.GIT_AUTHOR_EMAIL };

/** Packs the agent's branch (and uncommitted work) into `dir/bundle`; null outside a repository. */
export async function packGit(cwd: string, dir: string, id: string): Promise<MovedGit | null> {
  const top = await repoRoot(cwd);
  if (!top) return null;
  const sub = await repoPrefix(cwd);
  const branch = await currentBranch(top);
  if (!branch)
    throw new MoveRefused(`${top} has no branch checked out (a detached HEAD): check one out, then move it`);
  const head = await git(top, ['rev-parse', '--verify', 'HEAD']).catch(() => {
    throw new MoveRefused(`${branch} in ${top} has no commit yet: commit once, then move it`);
  });
  const gitDir = await git(top, ['rev-parse', '--absolute-git-dir']);
  const common = path.resolve(top, await git(top, ['rev-parse', '--git-common-dir']));
  const linked = path.resolve(gitDir) !== common;
  const repo = linked ? path.dirname(common) : top;
  const origin = await gitRun(top, ['remote', 'get-url', 'origin']);
  const writes = [...repoWrites(top), dir];
  const changes = (await git(top, ['status', '--porcelain', '--untracked-files=all'], { raw: true }))
    .split('\n')
    .filter(Boolean);
  const ref = `refs/botster/move/${id}`;
  let wip: string | undefined;
  if (changes.length) {
    // (an index of its own: the agent's stays as it is)
    const env = { GIT_INDEX_FILE: path.join(dir, 'wip-index'), ...IDENTITY };
    await git(top, ['read-tree', 'HEAD'], { env, writes });
    await git(top, ['add', '-A'], { env, writes });
    const tree = await git(top, ['write-tree'], { env, writes });
    wip = await git(top, ['commit-tree', tree, '-p', 'HEAD', '-m', 'uncommitted work (botster-tui move)'], {
      env,
      writes,
    });
    await git(top, ['update-ref', ref, wip], { writes });
  }
  try {
    await git(
      top,
      ['bundle', 'create', path.join(dir, 'bundle'), `refs/heads/${branch}`, ...(wip ? [ref] : [])],
      {
        writes,
      },
    );
  } finally {
    if (wip) await gitRun(top, ['update-ref', '-d', ref], { writes });
  }
  return {
    top,
    sub,
    branch,
    head,
    repo,
    linked,
    ...(origin.code === 0 && origin.stdout.trim() ? { origin: origin.stdout.trim() } : {}),
    ...(wip ? { wip } : {}),
    changed: changes.length,
  };
}

const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;

/** Lays the branch down here from `bundle` (and its uncommitted work); the folder the agent works in. */
export async function landGit(g: MovedGit, bundle: string, id: string): Promise<string> {
  if (isDir(g.top)) await intoCheckout(g, bundle);
  else if (g.linked && isDir(g.repo) && (await repoRoot(g.repo)) === fs.realpathSync.native(g.repo))
    await intoWorktree(g, bundle);
  else await cloneInto(g, bundle);
  if (g.wip) await layWip(g, bundle, id);
  const cwd = g.sub ? path.join(g.top, g.sub) : g.top;
  fs.mkdirSync(cwd, { recursive: true });
  return cwd;
}

/** Its folder is there: the same checkout, on the same branch, clean; the branch fast-forwards. */
async function intoCheckout(g: MovedGit, bundle: string): Promise<void> {
  const top = await repoRoot(g.top);
  if (!top || path.resolve(top) !== fs.realpathSync.native(g.top))
    throw new MoveRefused(`${g.top} is there, and is not a git checkout of its own`);
  const cur = await currentBranch(top);
  if (cur !== g.branch)
    throw new MoveRefused(
      `${g.top} there has ${cur ?? 'a detached HEAD'} checked out, not ${g.branch}: check ${g.branch} out there, or move the folder aside`,
    );
  const dirty = await git(top, ['status', '--porcelain'], { raw: true });
  if (dirty.trim())
    throw new MoveRefused(`${g.top} there has uncommitted changes: commit or stash them there first`);
  const writes = repoWrites(top);
  await fetch(top, bundle, g.branch, writes);
  const ff = await gitRun(top, ['merge', '--ff-only', '--quiet', 'FETCH_HEAD'], { writes });
  if (ff.code !== 0)
    throw new MoveRefused(
      `${g.branch} in ${g.top} there has commits the moved one has not: ${ff.stderr.trim()}`,
    );
}

/** Its repository is there: the branch goes in (fast-forward only) and its worktree is made. */
async function intoWorktree(g: MovedGit, bundle: string): Promise<void> {
  const writes = [...repoWrites(g.repo), path.dirname(g.top)];
  const elsewhere = (await checkedOut(g.repo)).get(g.branch);
  if (elsewhere)
    throw new MoveRefused(`${g.branch} is checked out in ${elsewhere} there: its worktree cannot be made`);
  await fetch(g.repo, bundle, g.branch, writes);
  const had = await gitRun(g.repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${g.branch}`]);
  if (had.code === 0) {
    const ff = await gitRun(g.repo, ['merge-base', '--is-ancestor', had.stdout.trim(), 'FETCH_HEAD']);
    if (ff.code !== 0)
      throw new MoveRefused(`${g.branch} in ${g.repo} there has commits the moved one has not`);
  }
  await git(g.repo, ['branch', '-f', g.branch, 'FETCH_HEAD'], { writes });
  fs.mkdirSync(path.dirname(g.top), { recursive: true });
  await git(g.repo, ['worktree', 'add', '--quiet', g.top, g.branch], { writes });
}

/** Nothing of it is there: a clone of the bundle where its folder was, its origin the one it had. */
async function cloneInto(g: MovedGit, bundle: string): Promise<void> {
  const parent = path.dirname(g.top);
  fs.mkdirSync(parent, { recursive: true });
  await git(parent, ['clone', '--quiet', '--branch', g.branch, bundle, g.top], { writes: [g.top] });
  const writes = repoWrites(g.top);
  if (g.origin) await git(g.top, ['remote', 'set-url', 'origin', g.origin], { writes });
  else await git(g.top, ['remote', 'remove', 'origin'], { writes });
}

/** Its uncommitted work, laid on its folder as it was: changed, added and removed, not committed. */
async function layWip(g: MovedGit, bundle: string, id: string): Promise<void> {
  const writes = repoWrites(g.top);
  await git(g.top, ['fetch', '--quiet', '--no-tags', bundle, `refs/botster/move/${id}`], { writes });
  const got = await git(g.top, ['rev-parse', 'FETCH_HEAD']);
  if (got !== g.wip) throw new MoveRefused(`the bundle's uncommitted work is ${got}, not ${g.wip}`);
  await git(g.top, ['read-tree', '-m', '-u', 'HEAD', 'FETCH_HEAD'], { writes });
  await git(g.top, ['reset', '--quiet'], { writes });
}

async function fetch(repo: string, bundle: string, branch: string, writes: string[]): Promise<void> {
  const r = await gitRun(repo, ['fetch', '--quiet', '--no-tags', bundle, `refs/heads/${branch}`], { writes });
  if (r.code !== 0) throw new MoveRefused(`its branch could not be fetched into ${repo}: ${r.stderr.trim()}`);
}
