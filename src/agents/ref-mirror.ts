import fs from 'node:fs';
import { ownTip, privateRefs, refreshCopies, setOwnCopy, type PrivateRefs } from '../box/private-refs.js';
import { gitRun } from './git.js';
import { repoWrites } from '../box/git-box.js';

// The hub's half of a boxed worktree's private refs (src/box/private-refs.ts): what the box commits
// on its own branch goes to the repository's branch of that name (and nothing else it wrote), and
// what moves in the repository (main, another agent's branch) shows in its copies. Owned by the
// agent; a server started after a kill -9 makes the agent's again, and first carries what was
// committed meanwhile.
//
// Either side can move the branch: the box (a commit, an amend, a rebase) and you (a commit in the
// worktree outside the box, a reset). The side that moved since the two last agreed wins; with no
// such agreement known (a new mirror: a copy an earlier box left, a box that committed while no
// server ran) a copy that only adds commits to the repository's is carried, a repository's that
// only adds to the copy's is shown to the box, and where they went apart the repository's stays
// and the box's tip is named (nothing is lost: its commits stay in the copy's reflog).

const SETTLE_MS = 20;

export class RefMirror {
  private watchers: fs.FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private disposed = false;

  private constructor(private readonly refs: PrivateRefs) {}

  /** One for the worktree holding `folder` when it has a branch (else null), already carrying. */
  static start(folder: string, onError: (message: string) => void = () => {}): RefMirror | null {
    const refs = privateRefs(folder);
    if (!refs) return null;
    const m = new RefMirror(refs);
    m.onError = onError;
    const [own, real] = [refs.binds[0].copy, refs.binds[0].real];
    try {
      refreshCopies(refs);
      m.watchers.push(fs.watch(own, () => m.soon()));
      m.watchers.push(fs.watch(real, { recursive: true }, () => m.soon()));
    } catch (err) {
      onError(`its branch's refs cannot be followed: ${(err as Error).message}`);
    }
    m.soon();
    return m;
  }

  private onError: (message: string) => void = () => {};

  private soon(): void {
    if (this.disposed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.running.then(() => this.carry());
    }, SETTLE_MS);
  }

  /** The commit both sides last agreed on: what tells which side moved since. */
  private agreed: string | null = null;

  /** Its own branch to the repository (or the repository's to it), the others into its copies. */
  private async carry(): Promise<void> {
    const tip = ownTip(this.refs);
    const real = await this.rev(`refs/heads/${this.refs.branch}`);
    if (tip && real && tip !== real) await this.reconcile(tip, real);
    else this.agreed = tip ?? real;
    try {
      refreshCopies(this.refs);
    } catch {
      // (the worktree went: its agent closes it)
    }
  }

  private async reconcile(tip: string, real: string): Promise<void> {
    const boxMoved = this.agreed === real || (this.agreed !== tip && (await this.descends(tip, real)));
    if (boxMoved) {
      // (update-ref refuses an id that names no commit: a copy the box filled with words moves
      // nothing; and the old value: a commit of yours meanwhile is not overwritten)
      const r = await gitRun(
        this.refs.folder,
        [
          'update-ref',
          '-m',
          'botster: committed in its box',
          `refs/heads/${this.refs.branch}`,
          `${tip}^{commit}`,
          real,
        ],
        { writes: repoWrites(this.refs.folder) },
      );
      if (r.code === 0) this.agreed = tip;
      else this.onError(`its branch ${this.refs.branch} could not follow its box: ${r.stderr.trim()}`);
      return;
    }
    if (this.agreed !== tip && !(await this.descends(real, tip)))
      this.onError(
        `its branch ${this.refs.branch} and its box's copy went apart: the repository's ${real.slice(0, 8)} is kept, the box's ${tip.slice(0, 8)} is in its copy's reflog`,
      );
    try {
      setOwnCopy(this.refs, real);
      this.agreed = real;
    } catch {
      // (its git holds the ref's lock now: what it writes comes back through the watcher)
    }
  }

  private async rev(ref: string): Promise<string | null> {
    const r = await gitRun(this.refs.folder, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return r.code === 0 ? r.stdout.trim() || null : null;
  }

  /** Whether commit `a` has `b` among its ancestors (and is not `b`). */
  private async descends(a: string, b: string): Promise<boolean> {
    if (a === b) return false;
    return (await gitRun(this.refs.folder, ['merge-base', '--is-ancestor', b, a])).code === 0;
  }

  /** Stops following; what the box committed last is carried first. */
  dispose(): Promise<void> {
    if (this.disposed) return this.running;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of this.watchers.splice(0)) w.close();
    return (this.running = this.running.then(() => this.carry()));
  }
}
