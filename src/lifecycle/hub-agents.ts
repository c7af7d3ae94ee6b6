import type { Agent } from '../agents/agent.js';
import type { AgentInfo, AgentSpec } from '../agents/types.js';
import { WorktreeOffers } from './worktree-offers.js';
import { needsNewWorktree } from './agent-worktree.js';
import { inSameWorktree, sessionAgents, spawnOrigin } from './restore.js';
import type { SessionAgent } from './session-file.js';
import { AgentRecords } from './agent-records.js';
import { agentPayload } from '../effects/hub-events.js';
import { exitReason } from '../hub/signal-name.js';
import { spawnPayload, specFromPayload } from './spawn-spec.js';
import { BoxError, givenBox, type Box } from '../box/box.js';
import { boxRunnerProblem } from '../box/box-runner.js';
import { boxAtStart, boxToMove, homeOf } from '../box/box-fixed.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import { encodeForPty } from '../keys/encode-key.js';
import type { LifecycleDeps } from './ports.js';
import { WorktreeNotMade } from '../agents/worktree.js';
import type { KeptAgent } from './kept-agents.js';
import { KeeperRecords } from './keeper-records.js';
import { RequestedSpecs } from './requested-specs.js';
import { infoFacts, listedFacts } from './agent-facts.js';
import { noProfile, profileName, profileSpec } from './profile-spec.js';
import { resumeFailedNotice } from './resume-failure.js';
import type { KillAnswer, SpawnOptions, StartAnswer } from './spawn-options.js';

export type { KillAnswer, SpawnOptions, StartAnswer } from './spawn-options.js';

/** Agents' lives as the hub sees them: spawn (profiles, worktrees, hooks), kill, restart, waiting. */
export class HubAgents {
  /** What each agent was asked to be (e.g. `profile:claude`), for agent.restart. */
  private readonly requested: RequestedSpecs;
  /** Clean worktrees of agents that exited, offered for removal. */
  readonly offers: WorktreeOffers;
  private readonly watches = new Map<string, () => void>();
  /** Per agent, what its session record holds beyond its spec (and a resume's fallback). */
  readonly records = new AgentRecords();
  /** The hub's record of each agent, kept by its keeper for the next server. */
  private readonly kept: KeeperRecords;

  constructor(private readonly deps: LifecycleDeps) {
    this.offers = new WorktreeOffers(deps);
    this.requested = new RequestedSpecs(deps.store);
    this.kept = new KeeperRecords(deps, this.records, this.requested);
  }

  added(agent: Agent): void {
    const id = agent.id;
    const offBell = agent.terminal.onBell(() => {
      // (a bell in an adopted agent's replayed past rang before: no news)
      if (!agent.replaying) this.deps.store.dispatch({ type: 'bell', id, at: this.deps.clock.now() });
    });
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
      facts: listedFacts(agent, {
        worktree: this.deps.worktrees.of(agent.id),
        repo: this.deps.projects.repoOf(agent.id) ?? this.deps.projects.repoAt(agent.cwd),
        profile: this.profileOf(agent.id),
      }),
    });
    if (!agent.machine) this.deps.status.add(id, agent.replaying ? agent.replayed : undefined);
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
    const asked = this.resolveProfile(requested, { cwd: opts.cwd, quiet: true });
    if (!asked) return { notStarted: noProfile(profileName(requested) ?? requested.command) };
    // What a boxed agent starts runs in its box, whatever was asked or Lua says (src/box/).
    const given = this.givenBox(opts.within);
    const spec = given ? { ...asked, box: given } : asked;
    let final = spec;
    let res;
    try {
      // Lua chooses the box here: without its answer nothing starts (a box never becomes no box).
      const again = opts.carry !== undefined || opts.id !== undefined;
      res = await this.deps.events.emit(
        'before_agent_spawn',
        spawnPayload(spec, again),
        spec.name ?? spec.command,
        {
          strict: true,
        },
      );
    } catch (err) {
      const why = (err as Error).message;
      return { notStarted: `agent "${spec.name ?? spec.command}" not started, its box never chosen: ${why}` };
    }
    if (res?.cancelled) return { notStarted: `agent "${spec.command}" not started: ${res.reason}` };
    try {
      if (res) final = specFromPayload(res.payload, spec);
    } catch (err) {
      if (!(err instanceof BoxError)) throw err;
      return { notStarted: `agent "${spec.name ?? spec.command}" not started: ${err.message}` };
    }
    if (given) final = { ...final, box: given };
    // A box recorded with the agent (a restart, a resume) keeps its folders, whatever Lua said.
    const recorded = spec.box?.folders;
    if (recorded && final.box && !given) final = { ...final, box: { ...final.box, folders: [...recorded] } };
    const noBox = final.box
      ? boxRunnerProblem(final.env?.PATH ?? process.env.PATH, final.box, final.cwd ?? opts.cwd)
      : null;
    if (noBox) return { notStarted: `agent "${spec.name ?? spec.command}" not started: ${noBox}` };
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
    // (git asked first: its first record, and agent_spawned, name its repository)
    await this.deps.projects.ask(placed.cwd ?? process.cwd());
    if (this.deps.disposed()) return { notStarted: '' };
    // A worktree the hub made for one a boxed agent started is that one's to write too.
    if (given && wt) placed.box = { ...given, folders: [...(given.folders ?? []), wt.path] };
    // Its box is fixed now: the folders it writes go with it through every restart and resume.
    const fixed = placed.box && boxAtStart(placed.box, placed.cwd ?? process.cwd(), homeOf(placed.env));
    if (fixed) placed.box = fixed.box;
    // The worktree is made once: a restart runs again in the same folder (without the setup).
    const agent = this.deps.agents.spawn(
      { ...placed, worktree: undefined },
      { ...(setup ? { setup } : {}), ...(opts.id !== undefined ? { id: opts.id } : {}) },
    );
    if (wt) this.deps.worktrees.set(agent.id, wt);
    // Started in your home: its box writes none of it, and the notice says what it writes instead.
    if (fixed?.notice) this.deps.notify(`agent ${agent.info.name} (id ${agent.id}) ${fixed.notice}`, 'info');
    // Its repository's .botster/ joins the configuration (once per repository).
    this.deps.track(this.deps.projects.note(agent.cwd, agent.id));
    const origin = spawnOrigin(requested, spec);
    if (origin) this.requested.note(agent.id, origin);
    if (opts.carry) this.records.carry(agent.id, opts.carry);
    if (opts.focus !== false) this.deps.store.dispatch({ type: 'focus', id: agent.id });
    return { agent };
  }

  /** The box of the agent `id`, as what it starts gets it (none when it runs unboxed). */
  private givenBox(id: string | undefined): Box | undefined {
    const starter = id ? this.deps.agents.get(id) : undefined;
    const box = starter?.spec.box;
    return box && starter ? givenBox(box, starter.id, [starter.cwd]) : undefined;
  }

  /**
   * `profile:NAME` (from user/profiles.lua) -> the profile's spec; null (and a notice) if unknown.
   * Its folder: `opts.cwd` (asked for by name), else the profile's, else the spec's (where it was
   * started from: the caller's folder, the focused agent's repository).
   */
  resolveProfile(spec: AgentSpec, opts: { quiet?: boolean; cwd?: string } = {}): AgentSpec | null {
    const out = profileSpec(spec, this.deps.profiles(), opts.cwd);
    if (!out && !opts.quiet) this.deps.notify(noProfile(profileName(spec)!));
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
   * The agents a client's command line asks a running hub for (`botster-tui --agent A --agent B`):
   * started in order, and the first that started is focused, as a hub started with them would.
   */
  async spawnAsked(specs: AgentSpec[]): Promise<void> {
    let first: Agent | null = null;
    for (const spec of specs) {
      if (this.deps.disposed()) return;
      const agent = await this.spawn(spec, { focus: false });
      first ??= agent;
    }
    if (first && !this.deps.disposed()) this.deps.store.dispatch({ type: 'focus', id: first.id });
  }

  /** Takes an agent that exited off the list (a running one must be stopped first). */
  close(agent: Agent | undefined, opts: { quiet?: boolean } = {}): void {
    if (!agent || this.deps.agents.get(agent.id) !== agent)
      return opts.quiet ? undefined : this.deps.notify('no agent to close', 'info');
    if (agent.info.status !== 'exited')
      return this.deps.notify(`agent ${agent.info.name} is running: agent.kill (x) stops it first`, 'info');
    this.deps.agents.remove(agent.id);
  }

  /** The agent.send_way_out verb: the way-out chord itself to the agent (tmux's send-prefix). */
  sendWayOut(agent: Agent): void {
    const ev = keyEventsFromSpec(this.deps.wayOut())[0];
    if (agent.isExited || !ev) return;
    const data = encodeForPty(ev, agent.terminal.modes);
    if (data) agent.write(data);
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
    return this.requested.profileOf(id);
  }

  /**
   * app:restart: stops the agent and starts `spec`, focused. Without a spec it runs the same
   * command in the same folder; an agent in a worktree stays in (and keeps listing) its worktree.
   */
  async restart(id: string, spec?: AgentSpec, within?: string, byUser = false): Promise<void> {
    const old = this.deps.agents.get(id);
    if (!old) return;
    if (old.machine) return this.deps.machines.restart(id);
    const wt = this.deps.worktrees.of(id);
    const same = spec ?? (wt ? inSameWorktree(old.spec, wt, this.requested.get(id)) : old.spec);
    // Another command with env: set over the environment it had (its account, its profile's).
    const again = spec?.env ? { ...same, env: { ...old.spec.env, ...spec.env } } : same;
    // Another command runs in the box it had (and one a boxed agent asks for, in that one's box).
    const given = this.givenBox(within === id ? undefined : within);
    let next = given
      ? { ...again, box: given }
      : old.spec.box && !again.box
        ? { ...again, box: old.spec.box }
        : again;
    // A box is fixed when made: an agent's word runs it inside its folders or not at all (a
    // BoxError says why); yours moves it, and its box is made again for the new folder.
    if (next.box && spec?.cwd) {
      const place = { cwd: old.cwd, home: homeOf(old.spec.env) };
      next = { ...next, box: boxToMove(`${old.info.name} (id:${id})`, next.box, place, spec.cwd, byUser) };
    }
    // The same command again: the same conversation (a resumed agent still records what it ran first).
    const carry = spec ? undefined : this.records.carried(id);
    // Back in its place, shown only where it was: a restart from a script leaves the focus be.
    const focus = this.deps.store.state.client.focus === id;
    this.deps.worktrees.forget(id);
    this.deps.agents.remove(id);
    await this.spawn(next, { carry, id, focus });
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
          return {
            spec: a.spec,
            info: a.info,
            requested: this.requested.get(a.id),
            worktree: this.deps.worktrees.of(a.id),
            base: f?.base,
            started: f?.started,
            sessions: f?.sessions,
            allowed: f?.allowed,
            hosts: f?.hosts,
          };
        }),
    );
  }

  /** Gives each agent's keeper the hub's record of it, for the server after this one (docs/keeper.md). */
  keepRecords(): void {
    this.kept.keep();
  }

  /** An agent its keeper held while no server was there, listed again as the last server knew it. */
  adoptKept(k: KeptAgent): Agent {
    return this.kept.adopt(k);
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
    this.deps.notify(resumeFailedNotice(agent, info, fallback)); // (logged too)
    // (what it ran first is the fallback itself)
    const carry = { ...this.records.carried(info.id), base: undefined };
    queueMicrotask(() => {
      if (this.deps.disposed() || this.deps.agents.get(info.id) !== agent) return;
      const focused = this.deps.store.state.client.focus === info.id;
      this.deps.worktrees.forget(info.id);
      this.deps.agents.remove(info.id);
      void this.spawn(fallback, { focus: focused, carry });
    });
    return true;
  }

  dispose(): void {
    for (const off of this.watches.values()) off();
    this.watches.clear();
  }
}
