import type { Intent } from '../hub/intents.js';
import type { AgentFacts } from '../hub/facts.js';
import type { AgentInfo, AgentSpec } from '../agents/types.js';
import type { Worktree } from '../agents/worktree.js';
import { needsNewWorktree, placeInWorktree, type Placed } from './agent-worktree.js';
import { planFromPayload } from './worktree-plan.js';
import { displayPath } from '../reload/paths.js';

/** What the worktrees of agents need from the hub. */
export interface WorktreesHost {
  /** Shows a notice; answers its id (for unnotify). */
  notify(text: string, level?: 'info' | 'error'): string;
  /** Takes notice `id` off the screen if it is still there. */
  unnotify(id: string): void;
  /** A hub event; before_* answers with the payload as handlers left it (null: no handler). */
  emit(
    event: string,
    payload: Record<string, unknown>,
    subject: string,
  ): Promise<{ payload: unknown; cancelled: boolean; reason?: string } | null>;
  /** The repository's own setup script may run (its project is trusted as it is now). */
  trusted(repo: string): boolean;
  /** Whether an agent is still running. */
  running(id: string): boolean;
  /** The worktree of an agent that exited may be offered for removal (worktree-offers.ts). */
  offer(wt: Worktree, info: AgentInfo): void;
  /** A finish or discard works on it now (it offers nothing). */
  working(path: string): boolean;
  /** Facts `self` shows (an agent's worktree and branch): into the hub's state. */
  report(intent: Intent): void;
  /** The hub made this worktree: `worktrees prune` may remove it one day (src/lifecycle/wt-made.ts). */
  made(wt: Worktree): void;
  /** The hub removed it (a finish, a discard, the offer's remove, a prune): no longer recorded. */
  unmade(path: string): void;
}

/**
 * The git worktrees the hub made for agents: made (as before_worktree_create shapes them, setup and
 * .worktreeinclude included) before an agent starts, and known by agent while it is listed.
 */
export class AgentWorktrees {
  private readonly byAgent = new Map<string, Worktree>();

  constructor(private readonly host: WorktreesHost) {}

  /**
   * worktree = true: a git worktree and branch for the agent, made by git in the background. When
   * none can be made the notice says it starts without one, unless it is `required` (the caller
   * says why it does not start).
   */
  async place(spec: AgentSpec, opts: { required?: boolean } = {}): Promise<Placed> {
    const host = this.host;
    const note = needsNewWorktree(spec)
      ? `starting ${spec.name ?? spec.command}: making a git worktree...`
      : null;
    const shown = note ? host.notify(note, 'info') : null;
    const placed = await placeInWorktree(
      spec,
      async (plan) => {
        const res = await host.emit('before_worktree_create', { ...plan }, plan.agent.name);
        if (res?.cancelled) return { cancelled: res.reason ?? 'a before_worktree_create handler said no' };
        return { plan: res ? planFromPayload(res.payload, plan) : plan };
      },
      (repo) => host.trusted(repo),
    );
    if (shown) host.unnotify(shown);
    if (placed.setupSkipped)
      host.notify(
        `${displayPath(placed.setupSkipped)}/.botster/setup did not run: the project is not trusted (project.trust trusts it)`,
      );
    if (placed.error && !opts.required) host.notify(`${placed.error}: starting without a worktree`);
    if (placed.wt && needsNewWorktree(spec)) host.made(placed.wt);
    if (placed.wt)
      void host.emit(
        'worktree_created',
        { worktree: { ...placed.wt }, setup: placed.setup ?? null, copied: placed.copied ?? [] },
        spec.name ?? spec.command,
      );
    return placed;
  }

  set(id: string, wt: Worktree): void {
    this.byAgent.set(id, wt);
    this.host.report({ type: 'agent_facts', id, facts: worktreeFacts(wt) });
  }

  /** The worktree the hub made for an agent (kept while the agent is listed, exited or not). */
  of(id: string): Worktree | undefined {
    return this.byAgent.get(id);
  }

  /** The agent left the list, or its worktree went (finished, discarded). */
  forget(id: string): void {
    if (this.byAgent.delete(id))
      this.host.report({ type: 'agent_facts', id, facts: worktreeFacts(undefined) });
  }

  /**
   * The hub removed a worktree: agents listed with it no longer have one, and its record goes (a
   * record left behind was listed by `worktrees` as one to forget, its folder gone).
   */
  forgetPath(path: string): void {
    for (const [id, wt] of this.byAgent) if (wt.path === path) this.forget(id);
    this.host.unmade(path);
  }

  /** An agent in a worktree exited: unless another works there (or it is being finished), it may be offered for removal. */
  exited(info: AgentInfo): void {
    const wt = this.byAgent.get(info.id);
    if (!wt || this.host.working(wt.path)) return;
    for (const [id, w] of this.byAgent)
      if (id !== info.id && w.path === wt.path && this.host.running(id)) return;
    this.host.offer(wt, info);
  }
}

/** An agent's worktree as `self` shows it (`worktree`, and its `branch`); none: both go. */
export function worktreeFacts(wt: Worktree | undefined): Pick<AgentFacts, 'worktree' | 'branch'> {
  return wt
    ? {
        worktree: { path: wt.path, branch: wt.branch, repo: wt.repo, ...(wt.base ? { base: wt.base } : {}) },
        branch: wt.branch,
      }
    : { worktree: undefined, branch: undefined };
}
