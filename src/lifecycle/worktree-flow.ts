import type { Agent } from '../agents/agent.js';
import type { Worktree } from '../agents/worktree.js';
import {
  ConflictError,
  mergeIntoBase,
  rebaseOntoBase,
  removeWorktreeAndBranch,
  worktreeFacts,
  type WorktreeFacts,
} from '../agents/worktree-ops.js';
import { agentPayload } from '../effects/hub-events.js';

/** What finishing and discarding need from the hub. */
export interface WorktreeFlowHost {
  /** An agent by id; absent: the focused one. */
  agent(id: string | undefined): Agent | undefined;
  worktreeOf(id: string): Worktree | undefined;
  /** Shows a notice; answers its id (for unnotify). */
  notify(text: string, level?: 'info' | 'error'): string;
  /** Takes notice `id` off the screen if it is still there. */
  unnotify(id: string): void;
  emit(event: string, payload: Record<string, unknown>, subject: string): void;
  /** Its worktree went: the agent leaves the list, no offer names the folder. */
  gone(agent: Agent, wt: Worktree): void;
}

const EXIT_WAIT_MS = 3000;

/** What an agent's worktree holds, and whose it is (the worktree.status verb's answer). */
export type WorktreeStatus = WorktreeFacts & { agent: string; agent_id: string; running: boolean };

/**
 * The end of an agent's worktree, as primitives Lua's policy calls (lua/default/worktrees.lua):
 * its facts, finish (merge or rebase into the base, then remove worktree and branch) and discard,
 * the worktree.* verbs' work: each answers what it did or throws why not. git runs in child
 * processes with a notice on screen while it works; keys and frames go on. One operation per
 * worktree at a time.
 */
export class WorktreeFlow {
  private readonly busy = new Set<string>();

  constructor(private readonly host: WorktreeFlowHost) {}

  /** A finish or discard works on this worktree now (its agent's exit offers nothing). */
  working(path: string): boolean {
    return this.busy.has(path);
  }

  /** The agent (by id; the focused one when absent) and the worktree the hub made for it; else throws why not. */
  private target(id: string | undefined): { agent: Agent; wt: Worktree } {
    const hub = this.host;
    const agent = hub.agent(id);
    if (!agent) throw new Error('no agent');
    const wt = hub.worktreeOf(agent.id);
    if (!wt)
      throw new Error(
        `agent ${agent.info.name} has no worktree the hub made (start one with worktree = true or botster-tui new --worktree)`,
      );
    if (this.busy.has(wt.path))
      throw new Error(`${wt.branch} is busy (another worktree command is running on it)`);
    return { agent, wt };
  }

  /** The worktree.status verb: the facts of an agent's worktree; throws why there are none. */
  async status(id: string | undefined): Promise<WorktreeStatus> {
    const agent = this.host.agent(id);
    const wt = agent && this.host.worktreeOf(agent.id);
    if (!agent || !wt)
      throw new Error(agent ? `agent ${agent.info.name} has no worktree the hub made` : 'no agent');
    const facts = await this.withNotice(`looking at ${wt.branch}...`, () => worktreeFacts(wt));
    return { ...facts, agent: agent.info.name, agent_id: agent.id, running: !agent.isExited };
  }

  /**
   * Merge (or rebase) into the base, stop the agent, remove its worktree and branch, take it off the
   * list: answers what was done (said on screen too); throws why not, with nothing changed.
   */
  async finish(id: string | undefined, how: 'merge' | 'rebase', force: boolean): Promise<string> {
    const hub = this.host;
    const { agent, wt } = this.target(id);
    this.busy.add(wt.path);
    try {
      const facts = await this.withNotice(`worktree.finish: looking at ${wt.branch}...`, () =>
        worktreeFacts(wt),
      );
      // The last word on losing work: uncommitted files go with the folder.
      if (facts.dirty.length && !force)
        throw new Error(
          `refused: ${wt.branch} has uncommitted changes (${listed(facts.dirty)}): commit them, or finish with force to lose them`,
        );
      if (!facts.base)
        throw new Error(
          `${wt.branch} has no base branch to merge into${wt.base ? ` (${wt.base} is gone)` : ''}: merge it yourself, or discard it`,
        );
      let done: string;
      if (facts.ahead === 0) done = `nothing to merge into ${facts.base}`;
      else {
        const verb =
          how === 'rebase'
            ? `rebasing ${wt.branch} onto ${facts.base}`
            : `merging ${wt.branch} into ${facts.base}`;
        await this.withNotice(`worktree.finish: ${verb}...`, () =>
          how === 'rebase' ? rebaseOntoBase(wt) : mergeIntoBase(wt),
        );
        done = `${how === 'rebase' ? 'rebased' : 'merged'} ${facts.ahead} commit${facts.ahead === 1 ? '' : 's'} into ${facts.base}`;
      }
      await this.stop(agent);
      await this.withNotice(`worktree.finish: removing ${wt.path}...`, () =>
        removeWorktreeAndBranch(wt, { force }),
      );
      this.gone(agent, wt);
      const said = `finished ${wt.branch}: ${done}; worktree and branch removed`;
      hub.notify(said, 'info');
      hub.emit(
        'worktree_finished',
        { agent: agentPayload(agent.info), worktree: { ...wt }, how, commits: facts.ahead },
        agent.info.name,
      );
      return said;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      throw new Error(
        `${err.message}; the agent and its worktree are as they were (rebase or merge ${wt.base ?? 'the base'} in it, then finish again)`,
      );
    } finally {
      this.busy.delete(wt.path);
    }
  }

  /** Stop the agent, remove its worktree (changes and all) and delete its branch: answers what was done. */
  async discard(id: string | undefined): Promise<string> {
    const hub = this.host;
    const { agent, wt } = this.target(id);
    this.busy.add(wt.path);
    try {
      await this.stop(agent);
      await this.withNotice(`worktree.discard: removing ${wt.path}...`, () =>
        removeWorktreeAndBranch(wt, { force: true }),
      );
      this.gone(agent, wt);
      const said = `discarded ${wt.branch}: worktree and branch removed`;
      hub.notify(said, 'info');
      hub.emit(
        'worktree_discarded',
        { agent: agentPayload(agent.info), worktree: { ...wt } },
        agent.info.name,
      );
      return said;
    } finally {
      this.busy.delete(wt.path);
    }
  }

  /** Its folder is about to go: the agent stops first (bounded wait). */
  private async stop(agent: Agent): Promise<void> {
    if (agent.isExited) return;
    agent.kill();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([agent.exited, new Promise<void>((r) => (timer = setTimeout(r, EXIT_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** The worktree is no more: the agent leaves the list, and no offer names it. */
  private gone(agent: Agent, wt: Worktree): void {
    this.host.gone(agent, wt);
  }

  /** A notice while `fn` works (git may take a while), cleared after. */
  private async withNotice<T>(text: string, fn: () => Promise<T>): Promise<T> {
    const shown = this.host.notify(text, 'info');
    try {
      return await fn();
    } finally {
      this.host.unnotify(shown);
    }
  }
}

/** A few names, and how many more. */
function listed(files: string[]): string {
  return files.length <= 3
    ? files.join(', ')
    : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
}
