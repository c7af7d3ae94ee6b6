import { AgentManager } from '../agents/agent-manager.js';
import type { Agent } from '../agents/agent.js';
import type { AgentSpec } from '../agents/types.js';
import { KeyParser } from '../keys/parse-keys.js';
import type { KeyEvent } from '../keys/key-event.js';
import { KeyQueue } from '../input/key-queue.js';
import { HubClients } from '../input/hub-clients.js';
import { LuaHost } from '../lua/lua-host.js';
import type { AppData } from '../lua/runtime/config-file.js';
import type { WidgetNode } from '../tree/types.js';
import type { Compositor } from '../ui/compositor.js';
import { FrameRenderer } from '../ui/frame-renderer.js';
import type { Screen } from '../ui/screen/screen.js';
import type { ConfigSources } from '../reload/config-files.js';
import { EventBridge } from '../effects/hub-events.js';
import { StateStore } from '../lua/state-store.js';
import { resolveSocketPath } from '../server/socket-path.js';
import { FrameScheduler } from '../frame/frame-scheduler.js';
import { FrameStats } from '../frame/frame-stats.js';
import { HubLog } from './hub-log.js';
import { DisposableStore } from './disposable-store.js';
import { trace } from '../trace/trace.js';
import { InputController } from '../input/input-controller.js';
import { CommandRegistry } from '../commands/registry.js';
import { BUILTIN_COMMANDS, registerBuiltinCommands } from '../commands/builtin-commands.js';
import { applyRequest, builtinHandler } from '../commands/apply-request.js';
import { BUILTIN_REQUESTS } from '../hub/builtin-requests.js';
import type { Request } from '../hub/requests.js';
import type { Binding } from '../keys/keymap.js';
import { ImprovementsService } from '../improvements/improvements-service.js';
import { initialState, type HubState } from '../hub/state.js';
import type { Intent } from '../hub/intents.js';
import { reduce } from '../hub/reduce.js';
import { EffectRunner } from '../effects/run-effects.js';
import { HubConfig } from '../reload/hub-config.js';
import { HubFrame } from '../frame/hub-frame.js';
import { HubRunner } from '../commands/hub-run.js';
import { HubAgents } from '../lifecycle/hub-agents.js';
import { ReviewDiffs } from '../frame/review-diffs.js';
import { HubProjects } from '../reload/hub-projects.js';
import { HubMachines } from '../remote/hub-machines.js';
import { inputHost } from '../input/hub-input.js';
import { appData } from '../frame/hub-view.js';
import { effectHost, eventHost, improvementsHost, machinesHost, projectsHost, reviewHost, sessionsHost, worktreeFlowHost, worktreesHost } from './hub-effects.js';
import { AgentWorktrees } from '../lifecycle/agent-worktrees.js';
import { WorktreeFlow } from '../lifecycle/worktree-flow.js';
import { boot, type BootOptions } from './hub-start.js';
import { StatusDetector } from '../status/status-detector.js';
import { statusHost } from '../status/hub-status.js';
import type { SessionAgent } from '../lifecycle/session-file.js';
import { realClock, type Clock } from '../clock/clock.js';
import type { PtySource } from '../pty/pty-process.js';
import { HubSessions } from '../lifecycle/hub-sessions.js';

export interface HubOptions extends ConfigSources, BootOptions {
  agents: AgentSpec[];
  cols: number;
  rows: number;
  /** Where frames go (a client by id, else every client or the real terminal); false: that client dropped it. */
  write: (data: string, client?: string) => unknown;
  scrollback?: number;
  env?: Record<string, string>;
  /** Called when the user quits from inside the hub. */
  onQuit?: () => void;
  /** A hub server: detach the active client (false: none attached). */
  detach?: () => boolean;
  /** A hub server: ask the active client to suspend its terminal (false: none attached). */
  suspend?: () => boolean;
  luaWorkerScript?: string;
  /** A Lua host started early (the CLI boots the worker before loading the UI). */
  lua?: LuaHost;
  /** How long a push waits for the user's answer when the policy says "collaborative". */
  collaborativeWaitMs?: number;
  /** Record per-stage frame timings in `hub.stats` (benchmarks). */
  collectStats?: boolean;
  /** Shown on screen once the agents started (e.g. which agents --restore could not bring back). */
  notices?: string[];
  /** The hub's time: its timers and timestamps (default: the real clock; tests move a fake one). */
  clock?: Clock;
  /** Where agents' terminals come from (default: real PTYs; tests: scripted terminals). */
  ptys?: PtySource;
  /** `--restore`: recorded agents to bring back (in their conversations), before `agents`. */
  restore?: SessionAgent[];
}

/**
 * The composition root of a running hub: builds the services (agents, Lua, frame pipeline, input,
 * improvements), holds the one HubState and wires intents -> reduce -> effects. Everything it owns
 * is torn down by dispose().
 */
export class Hub {
  readonly agents: AgentManager;
  readonly log: HubLog;
  readonly stats: FrameStats | null;
  readonly lua: LuaHost;
  readonly renderer: FrameRenderer;
  /** The attached clients (a hub server), each with its own view and frame. */
  readonly clients: HubClients;
  readonly scheduler: FrameScheduler;
  /** Built-in and Lua commands in one registry: the newest registration of an id wins. */
  readonly commands = new CommandRegistry<Hub>();
  readonly inputCtl: InputController;
  readonly events: EventBridge;
  readonly improvements: ImprovementsService;
  readonly effects: EffectRunner;
  readonly config: HubConfig;
  readonly frame: HubFrame;
  readonly runner: HubRunner;
  readonly lifecycle: HubAgents;
  readonly machines: HubMachines; // settings.machines
  /** Works out what each agent is doing (the status adapters on its screen). */
  readonly status: StatusDetector;
  readonly store: StateStore;
  /** What the hub's timers and timestamps read (opts.clock, else the real one). */
  readonly clock: Clock;
  /** Review diffs; agents' worktrees, their finish and discard; projects' .botster/ (docs/worktrees.md). */
  readonly reviews: ReviewDiffs;
  readonly worktrees: AgentWorktrees;
  readonly worktreeFlow: WorktreeFlow;
  readonly projects: HubProjects;
  /** session.json, resuming conversations, the offer after a hub died. */
  readonly sessions: HubSessions;
  private readonly parser: KeyParser;
  private readonly keys: KeyQueue;
  /** Everything the hub owns: disposing the hub disposes it, last added first. */
  private readonly owned = new DisposableStore();
  /** The one UI state; only dispatch() changes it. */
  state: HubState;
  disposed = false;

  private constructor(readonly opts: HubOptions) {
    this.clock = opts.clock ?? realClock;
    this.state = initialState(opts.cols, opts.rows);
    this.log = new HubLog(opts.home);
    this.stats = opts.collectStats ? new FrameStats() : null;
    this.agents = new AgentManager({
      env: { BOTSTER_HOME: opts.home, BOTSTER_SOCKET: resolveSocketPath(process.env, opts.home), ...opts.env },
      scrollback: opts.scrollback,
      defaultSize: { cols: Math.max(20, opts.cols - 2), rows: Math.max(5, opts.rows - 4) },
      onError: (err) => this.log.write('error', `agent: ${(err as Error)?.stack ?? err}`),
      ptys: opts.ptys,
      clock: this.clock,
    });
    this.lua = opts.lua ?? new LuaHost(opts.luaWorkerScript);
    this.lua.now = () => this.clock.now();
    this.renderer = new FrameRenderer(opts.cols, opts.rows);
    this.frame = new HubFrame(this);
    this.clients = new HubClients(this);
    this.keys = new KeyQueue(this);
    this.scheduler = new FrameScheduler(() => this.frame.render(), undefined, this.clock);
    this.parser = new KeyParser((ev) => this.key(ev), { clock: this.clock });
    this.runner = new HubRunner(this);
    this.lifecycle = new HubAgents(this);
    this.worktrees = new AgentWorktrees(worktreesHost(this));
    this.worktreeFlow = new WorktreeFlow(worktreeFlowHost(this));
    this.reviews = new ReviewDiffs(reviewHost(this));
    this.projects = new HubProjects(projectsHost(this));
    this.machines = new HubMachines(machinesHost(this));
    this.status = new StatusDetector(statusHost(this), undefined, this.clock);
    this.inputCtl = new InputController(inputHost(this), this.clock);
    this.store = new StateStore(opts.home);
    this.lua.restored = this.store.load((msg) => this.log.write('error', msg));
    this.events = new EventBridge(eventHost(this), this.clock);
    this.effects = new EffectRunner(effectHost(this), this.clock);
    this.sessions = new HubSessions(sessionsHost(this));
    registerBuiltinCommands(this.commands, BUILTIN_REQUESTS, builtinHandler);
    // Bindings to built-in ids check out in the worker.
    this.lua.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);
    this.config = new HubConfig(this);
    this.improvements = new ImprovementsService(improvementsHost(this));

    // Everything the hub built or subscribed to, torn down last first by dispose().
    for (const owned of [this.agents, this.lua, this.renderer, this.scheduler, this.events, this.inputCtl, this.parser, this.clients, this.effects, this.config, this.lifecycle, this.status, this.sessions, this.reviews, this.projects, this.machines]) this.owned.add(owned);
    for (const off of [
      this.agents.onAdded((agent) => this.lifecycle.added(agent)),
      this.agents.onChange((agent, info) => this.lifecycle.changed(agent, info)),
      this.agents.onRemoved((agent) => this.lifecycle.removed(agent)),
      this.agents.onOutput((agent) => {
        this.status.output(agent.info.id);
        this.frame.agentOutput(agent);
      }),
      this.lua.onLog((level, message) => this.log.write(level, `lua: ${message}`)),
      this.lua.onRestart((reason) => this.log.write('error', `lua worker restarted: ${reason}`)),
      this.lua.onRestored((res) => this.config.acceptKeymap(res)),
    ]) this.owned.add(off);
  }

  static async start(opts: HubOptions): Promise<Hub> {
    trace('hub: start');
    const hub = new Hub(opts);
    await boot(hub);
    return hub;
  }

  // ---- state -----------------------------------------------------------------------------

  /** The one way to change the hub's UI state (`now`: when it happened, on the hub's clock). */
  dispatch(intent: Intent, now = this.clock.now()): void {
    if (this.disposed) return;
    const prev = this.state;
    const res = reduce(prev, intent, Math.round(now));
    this.state = res.state;
    if (res.state !== prev) this.frame.stateChanged(prev, res.state, res.dirty.tree);
    if (res.dirty.tree) this.scheduler.request(res.dirty.urgent);
    if (res.effects.length) this.effects.run(res.effects);
  }

  notify(text: string, level: 'info' | 'error' = 'error'): void {
    this.dispatch({ type: 'notify', text, level });
  }

  appData(): AppData {
    return appData(this);
  }

  get focused(): Agent | undefined {
    const id = this.state.client.focus;
    return id ? this.agents.get(id) : undefined;
  }

  get currentMode(): string {
    return this.state.client.mode;
  }

  /** The served client's frame state (what its terminal shows, its panels). */
  get compositor(): Compositor {
    return this.frame.active.compositor;
  }

  get frames(): number {
    return this.scheduler.frames;
  }

  /** The last text copied (for tests and Lua). */
  get copied(): string {
    return this.effects.copied;
  }

  /** Where an agent's terminal is drawn (content box), if it is on screen. */
  panelOf(agentId: string): { x: number; y: number; w: number; h: number } | null {
    return this.compositor.slots.find((s) => s.slot.agent === agentId)?.rect ?? null;
  }

  // ---- actions ---------------------------------------------------------------------------

  /** Carries out a request (hub/requests.ts): the words built-in commands and Lua's app:* use. */
  request(r: Request): Promise<void> {
    return applyRequest(this, r, { source: 'hub', depth: 0, run: (id, arg) => this.runCommand(id, arg) });
  }

  /** Runs a command by id (the newest registration wins; built-ins answer while Lua cannot). */
  runCommand(id: string, arg?: unknown, source = 'palette'): Promise<void> {
    return this.runner.runCommand(id, arg, source);
  }

  /** Where each live registration of a command comes from, newest (the one that runs) first. */
  commandSources(id: string): string[] {
    return this.commands.stack(id).map((c) => c.source);
  }

  /** The live bindings (for `keys.list()` parity, the table of docs/keys.md and tests). */
  get bindings(): Binding[] {
    return this.inputCtl.bindings;
  }

  /** The agents running now, to start again with `--restore` (see restore.ts). */
  sessionAgents(): SessionAgent[] {
    return this.lifecycle.sessionAgents();
  }

  /** Quits unless a before_quit handler says no. */
  async quit(): Promise<void> {
    const res = await this.events.emit('before_quit', {});
    if (res?.cancelled) return this.notify(`quit cancelled: ${res.reason}`);
    this.opts.onQuit?.();
  }

  // ---- frames ----------------------------------------------------------------------------

  invalidateTree(urgent = false): void {
    this.frame.invalidate(true);
    this.scheduler.request(urgent);
  }

  /** Renders a whole frame now (Lua, layout, paint), optionally focusing an agent first. */
  frameNow(focusId?: string): Promise<void> {
    return this.frame.now(focusId);
  }

  /** The served client's terminal size. */
  resize(cols: number, rows: number): void {
    this.dispatch({ type: 'resize', cols, rows });
  }

  /** Repaint the served client's whole frame next (e.g. after its terminal was cleared). */
  redraw(): void {
    this.frame.redraw();
    this.scheduler.request(true);
  }

  /** The last frame as a screen of cells (for snapshots and tests). */
  screen(): Screen {
    return this.compositor.current();
  }

  /** The last good tree Lua rendered. */
  get tree(): WidgetNode | null {
    return this.frame.lastGoodTree;
  }

  get busy(): boolean {
    return this.scheduler.busy;
  }

  /** Resolves once no key action is running and no frame is pending. */
  async whenIdle(): Promise<void> {
    while (this.actions.size > 0) await Promise.allSettled([...this.actions]);
    await this.scheduler.whenIdle();
  }

  private readonly actions = new Set<Promise<void>>();

  track(p: Promise<void>): void {
    this.actions.add(p);
    void p.finally(() => this.actions.delete(p));
  }

  // ---- input -----------------------------------------------------------------------------

  input(data: Buffer | string): void {
    this.parser.feed(data);
  }

  /** Runs what a key started; keys that arrive meanwhile wait (see KeyQueue). */
  keyAction(p: Promise<void>): void {
    this.keys.action(p);
  }

  /** Handles one parsed key (also used by `snapshot --keys`), from a client by id or the hub's own input. */
  key(ev: KeyEvent, client?: string): void {
    this.keys.key(ev, client);
  }

  // ---- teardown --------------------------------------------------------------------------

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.runner.flushStateSave();
    this.disposed = true;
    await this.owned.dispose();
  }
}
