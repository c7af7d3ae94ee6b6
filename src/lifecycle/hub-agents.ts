import type { Agent } from '../agents/agent.js';
import type { AgentInfo, AgentSpec } from '../agents/types.js';
import { WorktreeOffers } from './worktree-offers.js';
import { needsNewWorktree } from './agent-worktree.js';
import { inSameWorktree, sessionAgents, spawnOrigin } from './restore.js';
import type { SessionAgent } from './session-file.js';
import { AgentRecords, type Carried } from './agent-records.js';
import { readAgent } from '../server/agent-screen.js';
import { displayCommand } from '../agents/command-line.js';
import { agentPayload } from '../effects/hub-events.js';
import { exitReason } from '../agents/signal-name.js';
import { expandTilde } from '../reload/paths.js';
import { spawnPayload, specFromPayload } from './spawn-spec.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import { encodeForPty } from '../keys/encode-key.js';
import type { Hub } from '../app/hub.js';

/** Agents' lives as the hub sees them: spawn (profiles, worktrees, hooks), kill, restart, waiting. */
export class HubAgents {
  /** What each agent was asked to be (e.g. `profile:claude`), for agent.restart. */
  private readonly requested = new Map<string, AgentSpec>();
  /** Clean worktrees of agents that exited, offered for removal. */
  readonly offers: WorktreeOffers;
  private readonly watches = new Map<string, () => void>();
  /** Per agent, what its session record holds beyond its spec (and a resume's fallback). */
  readonly records = new AgentRecords();

  constructor(private readonly hub: Hub) {
    this.offers = new WorktreeOffers(hub);
  }

  branchOf(id: string): string | undefined {
    return this.hub.worktrees.of(id)?.branch;
  }

  added(agent: Agent): void {
    const hub = this.hub;
    const id = agent.info.id;
    const offBell = agent.terminal.onBell(() => hub.dispatch({ type: 'bell', id, at: hub.clock.now() }));
    const offEvents = hub.events.watchAgent(agent);
    this.watches.set(id, () => {
      offBell();
      offEvents();
    });
    this.records.added(id);
    // (Listed by machine; another machine's hub says its agents' states.)
    hub.dispatch({ type: 'agent_added', id, focus: false, at: hub.agents.list().indexOf(agent) });
    if (!agent.machine) hub.status.add(id);
    void hub.events.emit('agent_spawned', { agent: agentPayload(agent.info) }, agent.info.name);
  }

  changed(agent: Agent, info: AgentInfo): void {
    const hub = this.hub;
    if (info.status === 'exited') {
      hub.status.remove(info.id);
      hub.dispatch({ type: 'agent_state', id: info.id, verdict: { state: 'exited', source: 'exit', reason: exitReason(info) }, shown: hub.frame.seen(info.id) });
      // A resume that failed starts again in its worktree: nothing to offer for removal.
      if (!this.checkResumed(agent, info)) hub.worktrees.exited(info);
    }
    hub.events.agentChanged(info);
    // settings.close_on_clean_exit: an agent that finished by itself with 0 leaves the list
    // (after agent_exited went out); a failure or a signal stays to be read.
    if (info.status === 'exited' && info.exitCode === 0 && !info.signal && !info.error && hub.config.settings.close_on_clean_exit) {
      queueMicrotask(() => this.close(agent, { quiet: true }));
    }
    hub.invalidateTree();
  }

  removed(agent: Agent): void {
    this.hub.worktrees.forget(agent.info.id);
    this.hub.projects.forgetAgent(agent.info.id);
    this.watches.get(agent.info.id)?.();
    this.watches.delete(agent.info.id);
    this.records.removed(agent.info.id);
    this.hub.status.remove(agent.info.id);
    this.hub.dispatch({ type: 'agent_removed', id: agent.info.id });
  }

  /** Starts an agent after before_agent_spawn handlers had their say (they may change or cancel it). */
  async spawn(requested: AgentSpec, opts: { focus?: boolean; carry?: Carried } = {}): Promise<Agent | null> {
    const hub = this.hub;
    if (requested.machine) return hub.machines.spawn(requested, opts); // its hub there starts it
    const spec = this.resolveProfile(requested);
    if (!spec) return null;
    let final = spec;
    const res = await hub.events.emit('before_agent_spawn', spawnPayload(spec), spec.name ?? spec.command);
    if (res?.cancelled) {
      hub.notify(`agent "${spec.command}" not started: ${res.reason}`);
      return null;
    }
    if (res) final = specFromPayload(res.payload, spec);
    const { spec: placed, wt, setup, cancelled } = await hub.worktrees.place({ ...final, worktree: spec.worktree });
    if (cancelled !== undefined) {
      hub.notify(`agent "${spec.name ?? spec.command}" not started: ${cancelled}`);
      return null;
    }
    await hub.agents.ready();
    if (hub.disposed) return null;
    // The worktree is made once: a restart runs again in the same folder (without the setup).
    const agent = hub.agents.spawn({ ...placed, worktree: undefined }, setup ? { setup } : {});
    if (wt) hub.worktrees.set(agent.info.id, wt);
    // Its repository's .botster/ joins the configuration (once per repository).
    hub.track(hub.projects.note(agent.cwd, agent.info.id));
    const origin = spawnOrigin(requested, spec);
    if (origin) this.requested.set(agent.info.id, origin);
    if (opts.carry) this.records.carry(agent.info.id, opts.carry);
    if (opts.focus !== false) hub.dispatch({ type: 'focus', id: agent.info.id });
    return agent;
  }

  /** `profile:NAME` (from user/profiles.lua) -> the profile's spec; null (and a notice) if unknown. */
  resolveProfile(spec: AgentSpec, opts: { quiet?: boolean } = {}): AgentSpec | null {
    const m = /^profile:(.+)$/.exec(spec.command.trim());
    if (!m || spec.args) return spec;
    const p = this.hub.config.profiles.find((x) => x.name === m[1]);
    if (!p) {
      if (!opts.quiet) this.hub.notify(`no profile "${m[1]}" (define it in user/profiles.lua with profiles.define)`);
      return null;
    }
    const out: AgentSpec = { command: p.command, name: spec.name ?? p.name, profile: p.name };
    if (Array.isArray(p.args)) out.args = p.args.map(String);
    if (p.cwd) out.cwd = expandTilde(p.cwd);
    if (p.env && !Array.isArray(p.env)) out.env = Object.fromEntries(Object.entries(p.env).map(([k, v]) => [k, String(v)]));
    if (p.worktree === true) out.worktree = true;
    else if (p.worktree && typeof p.worktree === 'object' && !Array.isArray(p.worktree)) out.worktree = p.worktree;
    // Asked for with the profile (worktree.new, `new --profile P --worktree B`): that worktree.
    if (spec.worktree) out.worktree = typeof spec.worktree === 'object' && typeof out.worktree === 'object' ? { ...out.worktree, ...spec.worktree } : spec.worktree;
    return out;
  }

  /** Starts agents one after the other (ids in this order); the first focuses if none is. */
  async spawnInOrder(specs: AgentSpec[]): Promise<void> {
    for (const spec of specs) {
      if (this.hub.disposed) return;
      const agent = await this.spawn(spec, { focus: false });
      if (agent && !this.hub.focused) this.hub.dispatch({ type: 'focus', id: agent.info.id });
    }
  }

  /** agent.spawn: the spawn dialog when there are profiles, else a new $SHELL. */
  async spawnDialog(): Promise<void> {
    const hub = this.hub;
    const shell = process.env.SHELL || '/bin/sh';
    const profiles = hub.config.profiles.filter((p) => p.listed !== false);
    if (profiles.length === 0) return this.spawnChoice('shell');
    const items = [
      { id: 'shell', description: shell },
      ...profiles.map((p) => ({ id: p.name, description: [p.command, ...(p.args ?? [])].join(' ') + (p.cwd ? `  (in ${p.cwd})` : '') })),
    ];
    hub.dispatch({ type: 'palette_open', title: 'New agent', items, action: { kind: 'spawn' } });
  }

  /** A new agent is there to be typed into: focused, in insert mode. */
  async spawnChoice(id: string): Promise<void> {
    const spec = id === 'shell' ? { command: process.env.SHELL || '/bin/sh', args: [] } : { command: `profile:${id}` };
    return this.spawnFromKey(spec, () => this.hub.dispatch({ type: 'set_mode', mode: 'insert' }));
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
    this.hub.track(started);
    return Promise.resolve();
  }

  /** Takes an agent that exited off the list (a running one must be stopped first). */
  close(agent: Agent | undefined, opts: { quiet?: boolean } = {}): void {
    const hub = this.hub;
    if (!agent || hub.agents.get(agent.info.id) !== agent) return opts.quiet ? undefined : hub.notify('no agent to close', 'info');
    if (agent.info.status !== 'exited') return hub.notify(`agent ${agent.info.name} is running: agent.kill (x) stops it first`, 'info');
    hub.agents.remove(agent.info.id);
  }

  /** agent.send_way_out: the way-out chord itself to the focused agent (tmux's send-prefix), then insert mode. */
  sendWayOut(): void {
    const hub = this.hub;
    const agent = hub.focused;
    const ev = keyEventsFromSpec(hub.inputCtl.wayOut)[0];
    if (agent && !agent.isExited && ev) {
      const data = encodeForPty(ev, agent.terminal.modes);
      if (data) agent.write(data);
    }
    hub.dispatch({ type: 'set_mode', mode: 'insert' });
  }

  /** Stops an agent unless a before_agent_kill handler says no; one that already exited is closed. */
  async kill(agent: Agent): Promise<void> {
    if (agent.isExited) return this.close(agent);
    const res = await this.hub.events.emit('before_agent_kill', { agent: agentPayload(agent.info) }, agent.info.name);
    if (res?.cancelled) return this.hub.notify(`agent ${agent.info.name} not stopped: ${res.reason}`);
    // Stopped on purpose: not a resume that failed.
    this.records.stopping(agent.info.id);
    agent.kill();
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
    const old = this.hub.agents.get(id);
    if (!old) return;
    if (old.machine) return this.hub.machines.restart(id);
    const wt = this.hub.worktrees.of(id);
    const next = spec ?? (wt ? inSameWorktree(old.spec, wt, this.requested.get(id)) : old.spec);
    // The same command again: the same conversation (a resumed agent still records what it ran first).
    const f = this.records.get(id);
    const carry = spec || !f ? undefined : { base: f.base, sessions: f.sessions };
    this.hub.worktrees.forget(id);
    this.hub.agents.remove(id);
    await this.spawn(next, { carry });
  }

  /** The built-in agent.restart: an agent from a profile runs the profile again as it is now (edits included), in the same worktree if it had one. */
  async restartFocused(): Promise<void> {
    const old = this.hub.focused;
    if (!old) return;
    const id = old.info.id;
    await this.restart(id, this.hub.worktrees.of(id) ? undefined : (this.requested.get(id) ?? old.spec));
  }

  /** Focuses the next agent waiting for the user or done with its turn (after the focused one, wrapping). */
  focusNextWaiting(): void {
    const hub = this.hub;
    const list = hub.agents.list();
    const start = list.findIndex((a) => a.info.id === hub.state.client.focus);
    for (let k = 1; k <= list.length; k++) {
      const a = list[(start + k) % list.length];
      const state = hub.state.agentStates[a.info.id]?.state;
      if (state === 'waiting' || state === 'done') return hub.dispatch({ type: 'focus', id: a.info.id });
    }
    hub.notify('no agent is waiting for you', 'info');
  }

  /** The agents running now, to start again with `--restore` (see restore.ts). */
  sessionAgents(): SessionAgent[] {
    return sessionAgents(
      this.hub.agents.list().filter((a) => !a.machine).map((a) => { // (others: their hubs' to restore)
        const f = this.records.get(a.info.id);
        // Its screen as text, each line without its trailing blanks.
        const screen = a.isExited ? undefined : readAgent(a).map((l) => l.trimEnd());
        return { spec: a.spec, info: a.info, requested: this.requested.get(a.info.id), worktree: this.hub.worktrees.of(a.info.id), base: f?.base, started: f?.started, sessions: f?.sessions, screen };
      }),
    );
  }

  /** The conversation id the CLI in an agent reported (`botster-tui report --session`), with its program then. */
  sessionReported(id: string, session: string): boolean {
    const agent = this.hub.agents.get(id);
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
    if (!fallback || this.hub.disposed) return false;
    // What it said: its last line that reads like an error, else its last line.
    const lines = readAgent(agent).map((l) => l.trim()).filter((l) => l !== '');
    const last = lines.findLast((l) => /error|fail|unable|cannot|can't|invalid|not found|no such|\bno\b.*\bfound\b/i.test(l)) ?? lines.at(-1);
    const quoted = last && last !== info.error ? `"${last.length > 120 ? `${last.slice(0, 119)}…` : last}"` : null;
    const why = [exitReason(info), quoted].filter(Boolean).join(': ');
    this.hub.notify(`${info.name}: resuming (${info.command}) failed (${why}); started again: ${displayCommand(fallback)}`); // (logged too)
    const f = this.records.get(info.id);
    queueMicrotask(() => {
      if (this.hub.disposed || this.hub.agents.get(info.id) !== agent) return;
      const focused = this.hub.state.client.focus === info.id;
      this.hub.worktrees.forget(info.id);
      this.hub.agents.remove(info.id);
      void this.spawn(fallback, { focus: focused, carry: { sessions: f?.sessions } });
    });
    return true;
  }

  dispose(): void {
    for (const off of this.watches.values()) off();
    this.watches.clear();
  }
}
