// The git branch checked out in a folder, as a fact the layout can show every frame: read from the
// repository's HEAD file (no git process), cached per folder, and read again only when the HEAD
// file changes (a watch on its folder), so a frame costs a map lookup.
import fs from 'node:fs';
import path from 'node:path';

/** Repositories watched at once; past this, a HEAD is read again at most every RECHECK_MS. */
const MAX_WATCHED = 32;
const RECHECK_MS = 5000;

interface Repo {
  /** The folder holding HEAD (.git, or .git/worktrees/NAME for a linked worktree). */
  gitDir: string;
  branch: string | undefined;
  readAt: number;
  watcher: fs.FSWatcher | null;
}

/** The branch named by HEAD's text: `ref: refs/heads/main` -> main; a detached HEAD -> its short hash. */
export function branchFromHead(text: string): string | undefined {
  const t = text.trim();
  const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(t);
  if (ref) return ref[1];
  if (/^[0-9a-f]{40,64}$/.test(t)) return t.slice(0, 7);
  return undefined;
}

/** The folder holding HEAD for `dir` (walking up to the repository), or null outside one. */
export function findGitDir(dir: string): string | null {
  let d = path.resolve(dir);
  for (;;) {
    const dotGit = path.join(d, '.git');
    try {
      const st = fs.statSync(dotGit);
      if (st.isDirectory()) return dotGit;
      // A linked worktree or submodule: `.git` is a file naming the real folder.
      const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
      if (m) return path.resolve(d, m[1].trim());
    } catch {
      // no .git here: look further up
    }
    const up = path.dirname(d);
    if (up === d) return null;
    d = up;
  }
}

export class GitBranches {
  /** By folder asked about: its repository (null: none). */
  private readonly folders = new Map<string, Repo | null>();
  private readonly repos = new Map<string, Repo>();
  private watched = 0;
  private disposed = false;

  /** `changed` runs when a watched repository's branch changed (the layout draws again). */
  constructor(private readonly changed: () => void) {}

  /** The branch checked out where `dir` is (undefined: not in a repository, or unreadable). */
  of(dir: string): string | undefined {
    let repo = this.folders.get(dir);
    if (repo === undefined) {
      const gitDir = findGitDir(dir);
      repo = gitDir ? this.repo(gitDir) : null;
      // A folder a shell walks through once is forgotten when the map grows large.
      if (this.folders.size > 1000) this.folders.clear();
      this.folders.set(dir, repo);
    }
    if (!repo) return undefined;
    if (!repo.watcher && performance.now() - repo.readAt > RECHECK_MS) this.read(repo);
    return repo.branch;
  }

  private repo(gitDir: string): Repo {
    let repo = this.repos.get(gitDir);
    if (repo) return repo;
    repo = { gitDir, branch: undefined, readAt: 0, watcher: null };
    this.repos.set(gitDir, repo);
    this.read(repo);
    if (this.watched < MAX_WATCHED && !this.disposed) this.watch(repo);
    return repo;
  }

  private read(repo: Repo): boolean {
    let branch: string | undefined;
    try {
      branch = branchFromHead(fs.readFileSync(path.join(repo.gitDir, 'HEAD'), 'utf8'));
    } catch {
      branch = undefined;
    }
    repo.readAt = performance.now();
    const moved = branch !== repo.branch;
    repo.branch = branch;
    return moved;
  }

  /** git replaces HEAD by renaming a lock file over it: watch the folder, not the file. */
  private watch(repo: Repo): void {
    try {
      const w = fs.watch(repo.gitDir, { persistent: false }, (_event, name) => {
        if (name !== null && name !== 'HEAD') return;
        if (this.read(repo)) this.changed();
      });
      w.on('error', () => {
        w.close();
        repo.watcher = null;
        this.watched--;
      });
      repo.watcher = w;
      this.watched++;
    } catch {
      // unwatchable (gone, no permission): read again now and then instead
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const r of this.repos.values()) r.watcher?.close();
    this.repos.clear();
    this.folders.clear();
    this.watched = 0;
  }
}
