import { removeWorktree, worktreeClean, type Worktree } from '../agents/worktree.js';
import type { AgentInfo } from '../agents/types.js';
import { agentPayload } from '../effects/hub-events.js';
import type { OffersDeps } from './ports.js';

/**
 * Worktrees the hub made for agents that exited, found clean (nothing to commit): the facts
 * (app.worktrees) and the removal primitive. What to offer, and when, is Lua's call: the
 * worktree_clean event goes to lua/default/worktrees.lua.
 */
export class WorktreeOffers {
  /** By path, newest last. */
  private readonly offered = new Map<string, Worktree & { agent: string }>();

  constructor(private readonly deps: OffersDeps) {}

  /** The agent that worked in `wt` exited and no other works there: offer it if git finds it clean. */
  consider(wt: Worktree, info: AgentInfo): void {
    this.deps.track(
      worktreeClean(wt.path).then((clean) => {
        if (!clean || this.deps.disposed()) return;
        this.offered.delete(wt.path);
        this.offered.set(wt.path, { ...wt, agent: info.name });
        this.report();
        void this.deps.events.emit(
          'worktree_clean',
          { agent: agentPayload(info), worktree: { path: wt.path, branch: wt.branch } },
          info.name,
        );
      }),
    );
  }

  /** app.worktrees: the clean worktrees on offer (absent when there are none). */
  list(): Array<{ path: string; branch: string; agent: string }> {
    return [...this.offered.values()].map((w) => ({ path: w.path, branch: w.branch, agent: w.agent }));
  }

  /** `self.worktrees`, into the hub's state. */
  private report(): void {
    this.deps.store.dispatch({ type: 'hub_facts', facts: { offers: this.list() } });
  }

  /** It went another way (finished, discarded): no longer on offer. */
  forget(path: string): void {
    if (this.offered.delete(path)) this.report();
  }

  /**
   * The worktree.remove verb (app:remove_worktree(path); no path: the newest on offer): answers
   * what was done, throws why not. The branch stays.
   */
  async remove(path?: string): Promise<string> {
    const wt = path === undefined ? [...this.offered.values()].pop() : this.offered.get(path);
    if (!wt)
      throw new Error(
        path === undefined
          ? 'no clean worktree to remove'
          : `${path} is not a clean worktree the hub made for an agent that exited`,
      );
    this.offered.delete(wt.path);
    this.report();
    try {
      await removeWorktree(wt);
    } catch (err) {
      throw new Error(`cannot remove ${wt.path}: ${(err as Error).message}`);
    }
    this.deps.worktrees.forgetPath(wt.path);
    const said = `removed worktree ${wt.path}`;
    this.deps.notify(said, 'info');
    return said;
  }
}
