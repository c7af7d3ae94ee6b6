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

/**
 * The end of an agent's worktree, as primitives Lua's policy calls (lua/default/worktrees.lua):
 * its facts (app:worktree_status), finish (merge or rebase into the base, then remove worktree and
 * branch) and discard. git runs in child processes with a notice on screen while it works; keys and
 * frames go on. One operation per worktree at a time.
 */
export class WorktreeFlow {
  private readonly busy = new Set<string>();

  constructor(private readonly host: WorktreeFlowHost) {}

  /** A finish or discard works on this worktree now (its agent's exit offers nothing). */
  working(path: string): boolean {
    return this.busy.has(path);
  }

  /** The agent (by id; the focused one when absent) and the worktree the hub made for it, or a notice why not. */
  private target(id: string | undefined, what: string): { agent: Agent; wt: Worktree } | null {
    const hub = this.host;
    const agent = hub.agent(id);
    if (!agent) {
      hub.notify(`${what}: no agent`);
      return null;
    }
    const wt = hub.worktreeOf(agent.id);
    if (!wt) {
      hub.notify(
        `${what}: agent ${agent.info.name} has no worktree the hub made (start one with worktree = true or botster-tui new --worktree)`,
      );
      return null;
    }
    if (this.busy.has(wt.path)) {
      hub.notify(`${what}: ${wt.branch} is busy (another worktree command is running on it)`);
      return null;
    }
    return { agent, wt };
  }

  /** app:worktree_status: the facts (or `{ error }`), answered to the Lua callback. */
  async status(
    id: string | undefined,
    answer: (facts: Record<string, unknown>) => Promise<void>,
  ): Promise<void> {
    const agent = this.host.agent(id);
    const wt = agent && this.host.worktreeOf(agent.id);
    if (!agent || !wt)
      return answer({ error: agent ? `agent ${agent.info.name} has no worktree the hub made` : 'no agent' });
    let facts: WorktreeFacts;
    try {
      facts = await this.withNotice(`looking at ${wt.branch}...`, () => worktreeFacts(wt));
    } catch (err) {
      return answer({
        error: (err as Error).message,
        agent: agent.info.name,
        branch: wt.branch,
        path: wt.path,
      });
    }
    await answer({ ...facts, agent: agent.info.name, agent_id: agent.id, running: !agent.isExited });
  }

  /** Merge (or rebase) into the base, stop the agent, remove its worktree and branch, take it off the list. */
  async finish(id: string | undefined, how: 'merge' | 'rebase', force: boolean): Promise<void> {
    const hub = this.host;
    const t = this.target(id, 'worktree.finish');
    if (!t) return;
    const { agent, wt } = t;
    this.busy.add(wt.path);
    try {
      const facts = await this.withNotice(`worktree.finish: looking at ${wt.branch}...`, () =>
        worktreeFacts(wt),
      );
      // The last word on losing work: uncommitted files go with the folder.
      if (facts.dirty.length && !force)
        return void hub.notify(
          `worktree.finish: refused: ${wt.branch} has uncommitted changes (${listed(facts.dirty)}): commit them, or finish with force to lose them`,
        );
      if (!facts.base)
        return void hub.notify(
          `worktree.finish: ${wt.branch} has no base branch to merge into${wt.base ? ` (${wt.base} is gone)` : ''}: merge it yourself, or discard it`,
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
      hub.notify(`finished ${wt.branch}: ${done}; worktree and branch removed`, 'info');
      hub.emit(
        'worktree_finished',
        { agent: agentPayload(agent.info), worktree: { ...wt }, how, commits: facts.ahead },
        agent.info.name,
      );
    } catch (err) {
      const msg = (err as Error).message;
      hub.notify(
        err instanceof ConflictError
          ? `worktree.finish: ${msg}; the agent and its worktree are as they were (rebase or merge ${wt.base ?? 'the base'} in it, then finish again)`
          : `worktree.finish: ${msg}`,
      );
    } finally {
      this.busy.delete(wt.path);
    }
  }

  /** Stop the agent, remove its worktree (changes and all) and delete its branch. */
  async discard(id: string | undefined): Promise<void> {
    const hub = this.host;
    const t = this.target(id, 'worktree.discard');
    if (!t) return;
    const { agent, wt } = t;
    this.busy.add(wt.path);
    try {
      await this.stop(agent);
      await this.withNotice(`worktree.discard: removing ${wt.path}...`, () =>
        removeWorktreeAndBranch(wt, { force: true }),
      );
      this.gone(agent, wt);
      hub.notify(`discarded ${wt.branch}: worktree and branch removed`, 'info');
      hub.emit(
        'worktree_discarded',
        { agent: agentPayload(agent.info), worktree: { ...wt } },
        agent.info.name,
      );
    } catch (err) {
      hub.notify(`worktree.discard: ${(err as Error).message}`);
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
