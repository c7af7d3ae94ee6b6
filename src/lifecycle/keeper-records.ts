import type { Agent } from '../agents/agent.js';
import type { AgentSpec } from '../agents/types.js';
import { REPORTED_STATES, type ReportedState } from '../hub/agent-state.js';
import type { AgentRecords } from './agent-records.js';
import { keeperMeta, type KeptAgent } from './kept-agents.js';
import { allowedKeys, hostAnswers } from './session-file.js';
import type { LifecycleDeps } from './ports.js';
import type { RequestedSpecs } from './requested-specs.js';

// The hub's record of each agent, given to its keeper for the server after this one, and taken
// back by that server when it adopts the agent (docs/keeper.md).

type Deps = Pick<LifecycleDeps, 'agents' | 'worktrees' | 'store' | 'track' | 'projects' | 'status' | 'leads'>;

export class KeeperRecords {
  /** The META each keeper was last given (sent again only when it changed). */
  private readonly metas = new WeakMap<Agent, string>();

  constructor(
    private readonly deps: Deps,
    private readonly records: AgentRecords,
    private readonly requested: RequestedSpecs,
  ) {}

  /** Gives each agent's keeper the hub's record of it. */
  keep(): void {
    for (const a of this.deps.agents.list()) {
      if (!a.keepable) continue;
      const meta = keeperMeta(a, {
        record: this.records.get(a.id),
        requested: this.requested.get(a.id),
        worktree: this.deps.worktrees.of(a.id),
        state: this.deps.store.state.agentStates[a.id],
        lead: this.deps.leads.of(a.id),
        usage: this.deps.store.state.facts.agents[a.id]?.usage,
        window: this.deps.store.state.facts.agents[a.id]?.window,
      });
      const text = JSON.stringify(meta);
      if (this.metas.get(a) === text) continue;
      this.metas.set(a, text);
      a.setMeta(text);
    }
  }

  /**
   * An agent its keeper held while no server was there: listed again as the last server knew it
   * (its number, name, profile, worktree, conversations), its screen rebuilt from the keeper's ring.
   */
  adopt(k: KeptAgent): Agent {
    const m = k.meta;
    // (No record: a server died before it said one; the agent is listed by its program.)
    const spec: AgentSpec = m?.spec ?? { command: k.pty.foreground()?.[0] ?? 'agent' };
    const agent = this.deps.agents.adoptKept({
      ...(m ? { id: m.id, name: m.name } : {}),
      spec,
      cols: k.cols,
      rows: k.rows,
      pty: k.pty,
    });
    if (m?.worktree) this.deps.worktrees.set(agent.id, m.worktree);
    this.deps.track(this.deps.projects.note(agent.cwd, agent.id));
    if (m?.requested) this.requested.note(agent.id, m.requested);
    this.records.carry(agent.id, {
      ...(m?.base ? { base: m.base } : {}),
      sessions: m?.sessions ?? [],
      allowed: allowedKeys(m?.allowed),
      hosts: hostAnswers(m?.hosts),
    });
    if (m?.started) this.records.startedAt(agent.id, m.started);
    if (m?.lead) this.deps.leads.set(agent.id, m.lead);
    if (m?.reported) this.carryReport(agent.id, m.reported);
    // (a finished turn nobody saw yet: its replayed screen alone reads idle)
    if (m?.done)
      this.deps.store.dispatch({
        type: 'agent_state',
        id: agent.id,
        verdict: {
          state: 'done',
          reason: m.done.reason ?? null,
          source: m.done.source === 'report' || m.done.source === 'screen' ? m.done.source : 'quiet',
        },
        shown: false,
      });
    // (the window it leads keeps the name tmux's rename-window gave it)
    if (m?.window)
      this.deps.store.dispatch({ type: 'agent_facts', id: agent.id, facts: { window: m.window } });
    // (carried: the last server told Lua of it already; a limit's notice is not said again)
    if (m?.usage)
      this.deps.store.dispatch({
        type: 'agent_facts',
        id: agent.id,
        facts: { usage: m.usage },
        carried: true,
      });
    return agent;
  }

  /** What the agent's hooks said last, said again for it: the state it was in (a question it asked) goes on. */
  private carryReport(id: string, r: { state: string; reason: string | null }): void {
    if (!(REPORTED_STATES as readonly string[]).includes(r.state)) return;
    const state = r.state as ReportedState;
    this.deps.status.reported(id, state, r.reason);
    this.deps.store.dispatch({
      type: 'agent_state',
      id,
      verdict: { state, reason: r.reason, source: 'report' },
      shown: false,
    });
  }
}
