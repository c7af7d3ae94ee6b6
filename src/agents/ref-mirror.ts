import fs from 'node:fs';
import { ownTip, privateRefs, refreshCopies, type PrivateRefs } from '../box/private-refs.js';
import { gitRun } from './git.js';
import { repoWrites } from '../box/git-box.js';

// The hub's half of a boxed worktree's private refs (src/box/private-refs.ts): what the box commits
// on its own branch goes to the repository's branch of that name (and nothing else it wrote), and
// what moves in the repository (main, another agent's branch) shows in its copies. Owned by the
// agent; a server started after a kill -9 makes the agent's again, and first carries what was
// committed meanwhile.

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

  /** Its own branch to the repository, the others into its copies. */
  private async carry(): Promise<void> {
    const tip = ownTip(this.refs);
    if (tip) {
      const now = await gitRun(this.refs.folder, [
        'rev-parse',
        '--verify',
        '--quiet',
        `refs/heads/${this.refs.branch}`,
      ]);
      if (now.stdout.trim() !== tip) {
        // (update-ref refuses an id that names no commit: a copy the box filled with words moves nothing)
        const r = await gitRun(
          this.refs.folder,
          [
            'update-ref',
            '-m',
            'botster: committed in its box',
            `refs/heads/${this.refs.branch}`,
            `${tip}^{commit}`,
          ],
          { writes: repoWrites(this.refs.folder) },
        );
        if (r.code !== 0)
          this.onError(`its branch ${this.refs.branch} could not follow its box: ${r.stderr.trim()}`);
      }
    }
    try {
      refreshCopies(this.refs);
    } catch {
      // (the worktree went: its agent closes it)
    }
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
