import type { ClientState } from '../hub/state.js';
import { GitBranches } from '../agents/git-branch.js';
import type { ClientFrame } from './client-frame.js';
import { diffAgentOf } from './diff-view.js';
import type { FrameDeps } from './ports.js';

/**
 * The facts the frames own, kept in the state: the git branch of each agent's folder, the review
 * diffs the views show, which agents are on some client's screen (seen: a turn finished there is
 * not news), and the agents another hub's panel watches.
 */
export class FrameFacts {
  /** The git branch in each agent's folder (read from HEAD, watched): `git_branch`, reported before each frame. */
  readonly gitBranches = new GitBranches(() => this.deps.scheduler.request(false));
  /** Agents another hub shows in a panel (its settings.machines link), by how many: they are seen. */
  readonly watched = new Map<string, number>();

  constructor(
    private readonly deps: FrameDeps,
    private readonly frames: () => Iterable<ClientFrame>,
    private readonly viewOf: (key: string) => ClientState | undefined,
  ) {}

  /**
   * The facts the frames own, into the state before a frame: the git branch of each agent's live
   * folder (its first read starts watching it), the diff of each open review panel (started the
   * first time one is open), and which agents are on screen.
   */
  report(): void {
    const { store, agents } = this.deps;
    const s = store.state;
    for (const id of s.agents) {
      const agent = agents.get(id);
      const known = s.facts.agents[id];
      // (Another machine's hub reads its agents' folders: their git_branch comes in its rows.)
      if (!agent || !known || known.machine) continue;
      const branch = this.gitBranches.of(agent.terminal.cwd ?? agent.cwd); // (not agent.info: made per call)
      if (branch !== known.git_branch)
        store.dispatch({ type: 'agent_facts', id, facts: { git_branch: branch } });
    }
    // (before every frame: no arrays or closures made for the views)
    this.keepReviews(s.client);
    for (const k in s.views) this.keepReviews(s.views[k]!);
  }

  /** The review diffs a view shows are read (started the first time). */
  private keepReviews(v: ClientState): void {
    const { reviews } = this.deps;
    if (v.review) reviews.get(v.review.agent, v.review.mode);
    if (v.compare) for (const a of v.compare.agents) reviews.get(a, v.compare.mode);
  }

  /** Which agents an attached client (or another hub's panel) shows now: `shown`. */
  reportOnScreen(): void {
    const { store } = this.deps;
    const { agents, facts } = store.state;
    // (after every frame, a key's echo's too: nothing is made or sent when nothing moved)
    const was = facts.onScreen;
    let n = 0;
    let same = true;
    for (const id of agents) {
      if (!this.seen(id)) continue;
      if (was[n] !== id) same = false;
      n++;
    }
    if (same && n === was.length) return;
    store.dispatch({ type: 'hub_facts', facts: { onScreen: agents.filter((id) => this.seen(id)) } });
  }

  /**
   * Whether an attached client's screen shows this agent now (a hub without a server draws on its
   * own terminal): a turn it finishes there has been seen.
   */
  seen(agentId: string): boolean {
    if (this.watched.has(agentId)) return true;
    for (const f of this.frames())
      if (this.viewer(f) && f.compositor.slots.some((s) => s.slot.agent === agentId)) return true;
    return false;
  }

  viewer(f: ClientFrame): boolean {
    return f.key !== '' || this.deps.ownTerminal;
  }

  /** Agents that finished their turn unseen and are on this client's screen now have been seen. */
  markSeen(f: ClientFrame): void {
    const states = this.deps.store.state.agentStates;
    // (after every frame: nothing is made unless an agent is done)
    let ids: Set<string> | null = null;
    for (const p of f.compositor.slots)
      if (states[p.slot.agent]?.state === 'done') (ids ??= new Set()).add(p.slot.agent);
    if (ids) this.deps.store.dispatch({ type: 'agents_shown', ids: [...ids] });
  }

  /** Whether any client's frame shows this agent (output of agents nobody sees costs nothing). */
  shows(agentId: string): boolean {
    for (const f of this.frames()) if (f.compositor.slots.some((s) => s.slot.agent === agentId)) return true;
    return false;
  }

  /** The review diffs some client's layout shows are kept fresh; the others are dropped. */
  keepShownDiffs(): void {
    const shown: Array<{ agent: string; mode: 'all' | 'uncommitted' }> = [];
    for (const f of this.frames()) {
      for (const p of f.compositor.slots) {
        const agent = diffAgentOf(p.slot.agent);
        if (agent !== null)
          shown.push({ agent, mode: p.slot.diff ?? this.viewOf(f.key)?.review?.mode ?? 'all' });
      }
      // Every column of an open compare panel, those the layout has no room for too (their counts are in its titles).
      const c = this.viewOf(f.key)?.compare;
      for (const agent of c?.agents ?? []) shown.push({ agent, mode: c!.mode });
    }
    this.deps.reviews.keep(shown);
  }

  dispose(): void {
    this.gitBranches.dispose();
  }
}
