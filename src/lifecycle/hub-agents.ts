import type { AgentFacts } from '../hub/facts.js';
import { worktreeFacts } from './agent-worktrees.js';
import type { Agent } from '../agents/agent.js';
import type { AgentInfo, AgentSpec } from '../agents/types.js';
import { WorktreeOffers } from './worktree-offers.js';
import { needsNewWorktree } from './agent-worktree.js';
import { inSameWorktree, sessionAgents, spawnOrigin } from './restore.js';
import type { SessionAgent } from './session-file.js';
import { AgentRecords, type Carried } from './agent-records.js';
import { readAgent } from '../agents/agent-screen.js';
import { displayCommand } from '../agents/command-line.js';
import { agentPayload } from '../effects/hub-events.js';
import { exitReason } from '../hub/signal-name.js';
import { expandTilde } from '../reload/paths.js';
import { spawnPayload, specFromPayload } from './spawn-spec.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import { encodeForPty } from '../keys/encode-key.js';
import type { LifecycleDeps } from './ports.js';
import { REPORTED_STATES, type ReportedState } from '../hub/agent-state.js';
import { WorktreeNotMade } from '../agents/worktree.js';
import { KEEPER_META_VERSION, type KeeperMeta, type KeptAgent } from './kept-agents.js';

/** What starting an agent came to: the agent, or why it did not start ('' : nothing to say). */
/** What stopping an agent came to: stopped, or refused by a before_agent_kill handler (why). */
export type KillAnswer = { stopped: true } | { stopped: false; why: string };

export type StartAnswer = { agent: Agent } | { notStarted: string };

export interface SpawnOptions {
  focus?: boolean;
  carry?: Carried;
  /** The folder asked for by name (botster-tui new --cwd): a profile's own folder gives way to it. */
  cwd?: string;
  /** A worktree asked for must be made, else the agent does not start (spawn throws WorktreeNotMade). */
  worktreeRequired?: boolean;
  /** The number it takes (a restart keeps its own; absent: the next one). */
  id?: string;
}

/** Agents' lives as the hub sees them: spawn (profiles, worktrees, hooks), kill, restart, waiting. */
export class HubAgents {
  /** What each agent was asked to be (e.g. `profile:claude`), for agent.restart. */
  private readonly requested = new Map<string, AgentSpec>();
  /** Clean worktrees of agents that exited, offered for removal. */
  readonly offers: WorktreeOffers;
  private readonly watches = new Map<string, () => void>();
  /**
   * Each agent's screen as session.json last recorded it, and the screen's version then: the
   * record is written again at every agent's state change, and reading a hundred idle screens
   * each time held up the keys typed meanwhile.
   */
  private readonly screens = new WeakMap<Agent['terminal'], { version: number; lines: string[] }>();
  /** Per agent, what its session record holds beyond its spec (and a resume's fallback). */
  readonly records = new AgentRecords();
  /** The META each keeper was last given (sent again only when it changed). */
  private readonly metas = new WeakMap<Agent, string>();

  constructor(private readonly deps: LifecycleDeps) {
    this.offers = new WorktreeOffers(deps);
  }

  added(agent: Agent): void {
    const id = agent.id;
    const offBell = agent.terminal.onBell(() =>
      this.deps.store.dispatch({ type: 'bell', id, at: this.deps.clock.now() }),
    );
    const offEvents = this.deps.events.watchAgent(agent);
    this.watches.set(id, () => {
      offBell();
      offEvents();
    });
    this.records.added(id);
    // (Listed by machine; another machine's hub says its agents' states.)
    this.deps.store.dispatch({
      type: 'agent_added',
      id,
      focus: false,
      at: this.deps.agents.list().indexOf(agent),
      facts: this.factsOf(agent),
    });
    if (!agent.machine) this.deps.status.add(id);
    void this.deps.events.emit('agent_spawned', { agent: agentPayload(agent.info) }, agent.info.name);
  }

  changed(agent: Agent, info: AgentInfo): void {
    if (info.status === 'exited') {
      this.deps.status.remove(info.id);
      this.deps.store.dispatch({
        type: 'agent_state',
        id: info.id,
        verdict: { state: 'exited', source: 'exit', reason: exitReason(info) },
        shown: this.deps.seen(info.id),
      });
      // A resume that failed starts again in its worktree: nothing to offer for removal.
      if (!this.checkResumed(agent, info)) this.deps.worktrees.exited(info);
    }
    this.deps.events.agentChanged(info);
    // settings.close_on_clean_exit: an agent that finished by itself with 0 leaves the list
    // (after agent_exited went out); a failure or a signal stays to be read.
    if (
      info.status === 'exited' &&
      info.exitCode === 0 &&
      !info.signal &&
      !info.error &&
      this.deps.settings().close_on_clean_exit
    ) {
      queueMicrotask(() => this.close(agent, { quiet: true }));
    }
    this.deps.store.dispatch({ type: 'agent_facts', id: info.id, facts: infoFacts(agent, info) });
  }

  /** The program in an agent's foreground changed (`claude` typed into a shell agent). */
  programChanged(id: string): void {
    const agent = this.deps.agents.get(id);
    if (agent) this.deps.store.dispatch({ type: 'agent_facts', id, facts: { program: agent.program } });
  }

  /** What `self` shows of an agent as it is listed: its own facts, and its worktree, repository and profile. */
  private factsOf(agent: Agent): AgentFacts {
    const profile = this.profileOf(agent.id);
    const repo = this.deps.projects.repoOf(agent.id);
    return {
      ...infoFacts(agent, agent.info),
      ...(agent.machine ? { machine: agent.machine } : {}),
      ...definedOnly(worktreeFacts(this.deps.worktrees.of(agent.id))),
      ...(repo ? { repo } : {}),
      ...(profile ? { profile } : {}),
    };
  }

  removed(agent: Agent): void {
    this.deps.worktrees.forget(agent.id);
    this.deps.projects.forgetAgent(agent.id);
    this.watches.get(agent.id)?.();
    this.watches.delete(agent.id);
    this.records.removed(agent.id);
    this.deps.status.remove(agent.id);
    this.deps.store.dispatch({ type: 'agent_removed', id: agent.id });
  }

  /**
   * Starts an agent after before_agent_spawn handlers had their say (they may change or cancel it).
   * A worktree that cannot be made: it starts without one (the notice says why), or, when
   * `worktreeRequired` (botster-tui new), not at all: WorktreeNotMade says why.
   */
  async spawn(requested: AgentSpec, opts: SpawnOptions = {}): Promise<Agent | null> {
    const a = await this.start(requested, opts);
    if ('agent' in a) return a.agent;
    if (a.notStarted) this.deps.notify(a.notStarted);
    return null;
  }

  /**
   * spawn, answering why when nothing started (`notStarted`, as a notice would say it; '' when
   * the hub is going away). `botster-tui new` reads this answer, never the notice.
   */
  async start(requested: AgentSpec, opts: SpawnOptions = {}): Promise<StartAnswer> {
    if (requested.machine) return this.deps.machines.spawn(requested, opts); // its hub there starts it
    const m = /^profile:(.+)$/.exec(requested.command.trim());
    const spec = this.resolveProfile(requested, { cwd: opts.cwd, quiet: true });
    if (!spec)
      return {
        notStarted: `no profile "${m?.[1] ?? requested.command}" (define it in user/profiles.lua with profiles.define)`,
      };
    let final = spec;
    const res = await this.deps.events.emit(
      'before_agent_spawn',
      spawnPayload(spec),
      spec.name ?? spec.command,
    );
    if (res?.cancelled) return { notStarted: `agent "${spec.command}" not started: ${res.reason}` };
    if (res) final = specFromPayload(res.payload, spec);
    const required = opts.worktreeRequired === true;
    const {
      spec: placed,
      wt,
      setup,
      cancelled,
      error,
    } = await this.deps.worktrees.place({ ...final, worktree: spec.worktree }, { required });
    if (cancelled !== undefined)
      return { notStarted: `agent "${spec.name ?? spec.command}" not started: ${cancelled}` };
    if (required && error !== undefined) {
      this.deps.notify(`agent "${spec.name ?? spec.command}" not started: ${error}`);
      throw new WorktreeNotMade(error);
    }
    await this.deps.agents.ready();
    if (this.deps.disposed()) return { notStarted: '' };
    // The worktree is made once: a restart runs again in the same folder (without the setup).
    const agent = this.deps.agents.spawn(
      { ...placed, worktree: undefined },
      { ...(setup ? { setup } : {}), ...(opts.id !== undefined ? { id: opts.id } : {}) },
    );
    if (wt) this.deps.worktrees.set(agent.id, wt);
    // Its repository's .botster/ joins the configuration (once per repository).
    this.deps.track(this.deps.projects.note(agent.cwd, agent.id));
    const origin = spawnOrigin(requested, spec);
    if (origin) {
      this.requested.set(agent.id, origin);
      const profile = this.profileOf(agent.id);
      if (profile) this.deps.store.dispatch({ type: 'agent_facts', id: agent.id, facts: { profile } });
    }
    if (opts.carry) this.records.carry(agent.id, opts.carry);
    if (opts.focus !== false) this.deps.store.dispatch({ type: 'focus', id: agent.id });
    return { agent };
  }

  /**
   * `profile:NAME` (from user/profiles.lua) -> the profile's spec; null (and a notice) if unknown.
   * Its folder: `opts.cwd` (asked for by name), else the profile's, else the spec's (where it was
   * started from: the caller's folder, the focused agent's repository).
   */
  resolveProfile(spec: AgentSpec, opts: { quiet?: boolean; cwd?: string } = {}): AgentSpec | null {
    const m = /^profile:(.+)$/.exec(spec.command.trim());
    if (!m || spec.args) return spec;
    const p = this.deps.profiles().find((x) => x.name === m[1]);
    if (!p) {
      if (!opts.quiet)
        this.deps.notify(`no profile "${m[1]}" (define it in user/profiles.lua with profiles.define)`);
      return null;
    }
    const out: AgentSpec = { command: p.command, name: spec.name ?? p.name, profile: p.name };
    if (Array.isArray(p.args)) out.args = p.args.map(String);
    const cwd = opts.cwd ?? (p.cwd ? expandTilde(p.cwd) : spec.cwd);
    if (cwd) out.cwd = cwd;
    if (p.env && !Array.isArray(p.env))
      out.env = Object.fromEntries(Object.entries(p.env).map(([k, v]) => [k, String(v)]));
    if (p.worktree === true) out.worktree = true;
    else if (p.worktree && typeof p.worktree === 'object' && !Array.isArray(p.worktree))
      out.worktree = p.worktree;
    // Asked for with the profile (worktree.new, `new --profile P --worktree B`): that worktree.
    if (spec.worktree)
      out.worktree =
        typeof spec.worktree === 'object' && typeof out.worktree === 'object'
          ? { ...out.worktree, ...spec.worktree }
          : spec.worktree;
    return out;
  }

  /** Starts agents one after the other (ids in this order); the first focuses if none is. */
  async spawnInOrder(specs: AgentSpec[]): Promise<void> {
    for (const spec of specs) {
      if (this.deps.disposed()) return;
      const agent = await this.spawn(spec, { focus: false });
      if (agent && !this.deps.focused()) this.deps.store.dispatch({ type: 'focus', id: agent.id });
    }
  }

  /**
   * A spawn a key asked for. Keys wait for the action before them; one that waits on git for a new
   * worktree runs beside them instead, so typing goes on (to the focused agent) until it is ready.
   */
  spawnFromKey(spec: AgentSpec, then?: (agent: Agent) => void): Promise<void> {
    const started = this.spawn(spec).then((agent) => {
      if (agent) then?.(agent);
    });
    if (!needsNewWorktree(this.resolveProfile(spec, { quiet: true }))) return started;
    this.deps.track(started);
    return Promise.resolve();
  }

  /** Takes an agent that exited off the list (a running one must be stopped first). */
  close(agent: Agent | undefined, opts: { quiet?: boolean } = {}): void {
    if (!agent || this.deps.agents.get(agent.id) !== agent)
      return opts.quiet ? undefined : this.deps.notify('no agent to close', 'info');
    if (agent.info.status !== 'exited')
      return this.deps.notify(`agent ${agent.info.name} is running: agent.kill (x) stops it first`, 'info');
    this.deps.agents.remove(agent.id);
  }

  /** agent.send_way_out: the way-out chord itself to the focused agent (tmux's send-prefix), then insert mode. */
  sendWayOut(): void {
    const agent = this.deps.focused();
    const ev = keyEventsFromSpec(this.deps.wayOut())[0];
    if (agent && !agent.isExited && ev) {
      const data = encodeForPty(ev, agent.terminal.modes);
      if (data) agent.write(data);
    }
    this.deps.store.dispatch({ type: 'set_mode', mode: 'insert' });
  }

  /** Stops an agent unless a before_agent_kill handler says no; one that already exited is closed. */
  async kill(agent: Agent): Promise<KillAnswer> {
    if (agent.isExited) {
      this.close(agent);
      return { stopped: true };
    }
    const res = await this.deps.events.emit(
      'before_agent_kill',
      { agent: agentPayload(agent.info) },
      agent.info.name,
    );
    if (res?.cancelled) {
      const why = `agent ${agent.info.name} not stopped: ${res.reason}`;
      this.deps.notify(why);
      return { stopped: false, why };
    }
    // Stopped on purpose: not a resume that failed.
    this.records.stopping(agent.id);
    agent.kill();
    return { stopped: true };
  }

  /** The profile an agent was started from (`profile:NAME`), if any. */
  profileOf(id: string): string | undefined {
    const m = /^profile:(.+)$/.exec(this.requested.get(id)?.command.trim() ?? '');
    return m ? m[1] : undefined;
  }

  /**
   * app:restart: stops the agent and starts `spec`, focused. Without a spec it runs the same
   * command in the same folder; an agent in a worktree stays in (and keeps listing) its worktree.
   */
  async restart(id: string, spec?: AgentSpec): Promise<void> {
    const old = this.deps.agents.get(id);
    if (!old) return;
    if (old.machine) return this.deps.machines.restart(id);
    const wt = this.deps.worktrees.of(id);
    const next = spec ?? (wt ? inSameWorktree(old.spec, wt, this.requested.get(id)) : old.spec);
    // The same command again: the same conversation (a resumed agent still records what it ran first).
    const f = this.records.get(id);
    const carry = spec || !f ? undefined : { base: f.base, sessions: f.sessions };
    this.deps.worktrees.forget(id);
    this.deps.agents.remove(id);
    await this.spawn(next, { carry, id });
  }

  /** The agents running now, to start again with `--restore` (see restore.ts). */
  sessionAgents(): SessionAgent[] {
    return sessionAgents(
      this.deps.agents
        .list()
        .filter((a) => !a.machine)
        .map((a) => {
          // (others: their hubs' to restore)
          const f = this.records.get(a.id);
          const screen = a.isExited ? undefined : this.screenText(a);
          return {
            spec: a.spec,
            info: a.info,
            requested: this.requested.get(a.id),
            worktree: this.deps.worktrees.of(a.id),
            base: f?.base,
            started: f?.started,
            sessions: f?.sessions,
            screen,
          };
        }),
    );
  }

  /** Gives each agent's keeper the hub's record of it, for the server after this one (docs/keeper.md). */
  keepRecords(): void {
    for (const a of this.deps.agents.list()) {
      if (!a.keepable) continue;
      const f = this.records.get(a.id);
      const requested = this.requested.get(a.id);
      const worktree = this.deps.worktrees.of(a.id);
      const st = this.deps.store.state.agentStates[a.id];
      const meta: KeeperMeta = {
        v: KEEPER_META_VERSION,
        id: a.id,
        name: a.name,
        // Where it runs, as started: the next server's own cwd is not the agent's.
        spec: a.spec.cwd ? a.spec : { ...a.spec, cwd: a.cwd },
        ...(requested ? { requested } : {}),
        ...(worktree ? { worktree } : {}),
        ...(f?.base ? { base: f.base } : {}),
        ...(f?.started ? { started: f.started } : {}),
        ...(f?.sessions.length ? { sessions: f.sessions } : {}),
        // A question its hooks said it asks: the screen may not show it (a running report lost
        // while no server was there would otherwise stick, so only the question goes on).
        ...(st?.source === 'report' && st.state === 'waiting'
          ? { reported: { state: st.state, reason: st.reason } }
          : {}),
      };
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
  adoptKept(k: KeptAgent): Agent {
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
    if (m?.requested) {
      this.requested.set(agent.id, m.requested);
      const profile = this.profileOf(agent.id);
      if (profile) this.deps.store.dispatch({ type: 'agent_facts', id: agent.id, facts: { profile } });
    }
    this.records.carry(agent.id, { ...(m?.base ? { base: m.base } : {}), sessions: m?.sessions ?? [] });
    if (m?.started) this.records.startedAt(agent.id, m.started);
    if (m?.reported) this.carryReport(agent.id, m.reported);
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

  /** Its screen as text, each line without its trailing blanks; read again only once it changed. */
  private screenText(a: Agent): string[] {
    const t = a.terminal;
    const kept = this.screens.get(t);
    if (kept && t.changedRows(kept.version) === null) return kept.lines;
    const version = t.screenVersion;
    const lines = readAgent(a).map((l) => l.trimEnd());
    this.screens.set(t, { version, lines });
    return lines;
  }

  /** The conversation id the CLI in an agent reported (`botster-tui report --session`), with its program then. */
  sessionReported(id: string, session: string): boolean {
    const agent = this.deps.agents.get(id);
    if (!agent) return false;
    agent.refreshProgram();
    return this.records.reported(id, session, agent.program);
  }

  /**
   * A resume command that failed at once (its CLI does not know the conversation, or is not
   * installed): the notice says why, and the agent starts again as it ran, where it was.
   */
  private checkResumed(agent: Agent, info: AgentInfo): boolean {
    const fallback = this.records.failedResume(info);
    if (!fallback || this.deps.disposed()) return false;
    // What it said: its last line that reads like an error, else its last line.
    const lines = readAgent(agent)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const last =
      lines.findLast((l) =>
        /error|fail|unable|cannot|can't|invalid|not found|no such|\bno\b.*\bfound\b/i.test(l),
      ) ?? lines.at(-1);
    const quoted =
      last && last !== info.error ? `"${last.length > 120 ? `${last.slice(0, 119)}…` : last}"` : null;
    const why = [exitReason(info), quoted].filter(Boolean).join(': ');
    this.deps.notify(
      `${info.name}: resuming (${info.command}) failed (${why}); started again: ${displayCommand(fallback)}`,
    ); // (logged too)
    const f = this.records.get(info.id);
    queueMicrotask(() => {
      if (this.deps.disposed() || this.deps.agents.get(info.id) !== agent) return;
      const focused = this.deps.store.state.client.focus === info.id;
      this.deps.worktrees.forget(info.id);
      this.deps.agents.remove(info.id);
      void this.spawn(fallback, { focus: focused, carry: { sessions: f?.sessions } });
    });
    return true;
  }

  dispose(): void {
    for (const off of this.watches.values()) off();
    this.watches.clear();
  }
}

/** What an agent's process says of itself (its AgentInfo) as `self` shows it. */
function infoFacts(agent: Agent, info: AgentInfo): AgentFacts {
  return {
    name: info.name,
    command: info.command,
    cwd: info.cwd,
    title: info.title,
    exit_code: info.exitCode,
    signal: info.signal,
    program: agent.program,
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
