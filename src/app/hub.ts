import { CliWiring } from '../lifecycle/cli-wiring.js';
import { AgentManager } from '../agents/agent-manager.js';
import type { Agent } from '../agents/agent.js';
import type { Answerer } from '../hub/state.js';
import { KeyParser } from '../keys/parse-keys.js';
import type { KeyEvent } from '../keys/key-event.js';
import { KeyQueue } from '../input/key-queue.js';
import { HubClients } from '../input/hub-clients.js';
import { LuaHost } from '../worker/lua-host.js';
import type { AppData } from '../hub/self.js';
import { FrameRenderer } from '../ui/frame-renderer.js';
import { EventBridge } from '../effects/hub-events.js';
import { StateStore } from '../lua/state-store.js';
import { resolveSocketPath } from '../wire/socket-path.js';
import { FrameScheduler } from '../frame/frame-scheduler.js';
import { FrameStats } from '../frame/frame-stats.js';
import { HubLog } from '../trace/hub-log.js';
import { DisposableStore } from './disposable-store.js';
import { trace } from '../trace/trace.js';
import { InputController } from '../input/input-controller.js';
import { CommandRegistry } from '../commands/registry.js';
import { BUILTIN_COMMANDS, registerBuiltinCommands } from '../commands/builtin-commands.js';
import { applyRequest, builtinHandler } from '../commands/apply-request.js';
import { BUILTIN_REQUESTS } from '../commands/builtin-requests.js';
import type { Request } from '../hub/requests.js';
import type { Applied } from '../hub/request-answers.js';
import type { Binding } from '../keys/keymap.js';
import { ImprovementsService } from '../improvements/improvements-service.js';
import { initialState, type HubState } from '../hub/state.js';
import type { Intent } from '../hub/intents.js';
import { typedChanges } from '../hub/reduce.js';
import { InFlight } from '../commands/in-flight.js';
import { EffectRunner } from '../effects/run-effects.js';
import { HubConfig } from '../reload/hub-config.js';
import { HubFrame } from '../frame/hub-frame.js';
import { HubRunner } from '../commands/hub-run.js';
import { HubAgents } from '../lifecycle/hub-agents.js';
import { ReviewDiffs } from '../frame/review-diffs.js';
import { ReviewComments } from '../review/review-comments.js';
import { HubProjects } from '../reload/hub-projects.js';
import { HubMachines } from '../remote/hub-machines.js';
import { inputHost } from '../input/hub-input.js';
import * as hosts from './hub-hosts.js';
import { AgentWorktrees } from '../lifecycle/agent-worktrees.js';
import { WorktreeFlow } from '../lifecycle/worktree-flow.js';
import { boot } from './hub-start.js';
// The parts' hosts and ports, filled from this hub (./hub-hosts.ts, ./hub-ports.ts, ./control-ports.ts).
import * as ports from './hub-ports.js';
import * as controlPorts from './control-ports.js';
import type { RequestContext } from '../commands/ports.js';
import type { ControlDeps } from '../verbs/ports.js';
import { VERBS } from '../verbs/table.js';
import { readToolNames } from '../verbs/mcp-tools.js';
import { PipelineRunner } from '../pipelines/runner.js';
import { AgentDrive } from '../lifecycle/agent-drive.js';
import { AgentPermissions } from '../lifecycle/agent-permissions.js';
import { HubBoxNet } from '../server/hub-box-net.js';
import type { AgentPrincipal } from '../hub/principal.js';
import { AgentRuns } from '../pipelines/agent-runs.js';
import { HubPlugins } from '../plugins/hub-plugins.js';
import type { Parts } from './parts.js';
import { HubReads } from '../frame/hub-reads.js';
import type { BaseHubOptions } from './parts.js';
import { StatusDetector } from '../status/status-detector.js';
import { HubStore, type StateListener } from '../hub/store.js';
import type { SessionAgent } from '../lifecycle/session-file.js';
import { realClock, type Clock } from '../clock/clock.js';
import { WebPushes } from '../commands/web-pushes.js';
import { HubSessions } from '../lifecycle/hub-sessions.js';

/** How a hub is built: what its parts are built from, and the callbacks that get the hub itself. */
export interface HubOptions extends BaseHubOptions {
  /**
   * The hub takes keys from now on (before Hub.start resolves): its first frame is on the screen
   * and its first agent runs (keys typed ahead go to it). The other agents are still starting.
   */
  interactive?: (hub: Hub) => void;
  /** The hub as soon as it is built, before it starts (its configuration, then its first agents). */
  constructed?: (hub: Hub) => void;
}

/**
 * The composition root of a running hub: builds the services (agents, Lua, frame pipeline, input,
 * improvements), holds the one HubState and wires intents -> reduce -> effects. Everything it owns
 * is torn down by dispose().
 */
export class Hub extends HubReads implements Parts {
  readonly agents: AgentManager;
  readonly log: HubLog;
  readonly stats: FrameStats | null;
  readonly lua: LuaHost;
  readonly renderer: FrameRenderer;
  /** The attached clients (a hub server), each with its own view and frame. */
  readonly clients: HubClients;
  readonly scheduler: FrameScheduler;
  /** Built-in and Lua commands in one registry: the newest registration of an id wins. */
  readonly commands = new CommandRegistry<RequestContext>();
  readonly requests: RequestContext;
  /** The running hub as its control socket sees it (server/control.ts). */
  readonly control: ControlDeps;
  readonly inputCtl: InputController;
  readonly events: EventBridge;
  readonly improvements: ImprovementsService;
  readonly pipelines: PipelineRunner;
  readonly agentRuns: AgentRuns;
  readonly drive: AgentDrive;
  readonly permissions: AgentPermissions;
  readonly boxNet: HubBoxNet;
  keysOf: AgentPrincipal | undefined = undefined;
  /** app:web_push's door to the web (server/web-control.ts adds the web's pusher while it listens). */
  readonly webPushes: WebPushes;
  readonly plugins: HubPlugins;
  readonly effects: EffectRunner;
  readonly config: HubConfig;
  readonly frame: HubFrame;
  readonly runner: HubRunner;
  readonly lifecycle: HubAgents;
  readonly machines: HubMachines; // settings.machines
  readonly clis: CliWiring; // lua/default/clis/: packages, shims
  /** Works out what each agent is doing (the status adapters on its screen). */
  readonly status: StatusDetector;
  readonly store: StateStore;
  /** What the hub's timers and timestamps read (opts.clock, else the real one). */
  readonly clock: Clock;
  /** Review diffs, agents' worktrees, projects' .botster/ (docs/worktrees.md). */
  readonly reviews: ReviewDiffs;
  readonly comments: ReviewComments;
  readonly worktrees: AgentWorktrees;
  readonly worktreeFlow: WorktreeFlow;
  readonly projects: HubProjects;
  /** session.json, resuming conversations, the offer after a hub died. */
  readonly sessions: HubSessions;
  private readonly parser: KeyParser;
  /** Everything the hub owns: disposing the hub disposes it, last added first. */
  private readonly owned = new DisposableStore();
  /** The one UI state and its reducer: only its dispatch changes it. */
  readonly hubStore: HubStore;
  /** Keys in order: what a key started runs before the next key (see KeyQueue). */
  readonly keyQueue: KeyQueue;
  /** Work in flight (whenIdle waits for it). */
  readonly inFlight = new InFlight();
  disposed = false;

  private constructor(readonly opts: HubOptions) {
    super();
    this.clock = opts.clock ?? realClock;
    this.webPushes = new WebPushes(() => this.clock.now());
    this.hubStore = new HubStore(
      initialState(opts.cols, opts.rows, process.env.SHELL || '/bin/sh'),
      () => this.clock.now(),
      hosts.afterReduce(this),
    );
    this.log = new HubLog(opts.home);
    this.stats = opts.collectStats ? new FrameStats() : null;
    this.agents = new AgentManager({
      env: {
        BOTSTER_HOME: opts.home,
        BOTSTER_SOCKET: resolveSocketPath(process.env, opts.home),
        ...opts.env,
      },
      scrollback: opts.scrollback,
      defaultSize: { cols: Math.max(20, opts.cols - 2), rows: Math.max(5, opts.rows - 4) },
      onError: (err) => this.log.write('error', `agent: ${(err as Error)?.stack ?? err}`),
      ptys: opts.ptys,
      clock: this.clock,
      firstId: opts.firstId,
    });
    this.lua = opts.lua ?? new LuaHost(opts.luaWorkerScript);
    this.lua.now = () => this.clock.now();
    this.renderer = new FrameRenderer(opts.cols, opts.rows);
    this.store = new StateStore(opts.home);
    this.lua.restored = this.store.load((msg) => this.log.write('error', msg));
    // Parts are built after what they are given; callbacks that point further on run once it is built.
    this.scheduler = new FrameScheduler(hosts.renderFrame(this), undefined, this.clock);
    this.parser = new KeyParser((ev) => this.key(ev), { clock: this.clock });
    this.events = new EventBridge(hosts.eventHost(this), this.clock);
    this.effects = new EffectRunner(hosts.effectHost(this), this.clock);
    this.sessions = new HubSessions(hosts.sessionsHost(this));
    this.status = new StatusDetector(hosts.statusHost(this), undefined, this.clock);
    this.inputCtl = new InputController(inputHost(ports.inputDeps(this)), this.clock);
    this.worktrees = new AgentWorktrees(hosts.worktreesHost(this));
    this.worktreeFlow = new WorktreeFlow(hosts.worktreeFlowHost(this));
    this.reviews = new ReviewDiffs(hosts.reviewHost(this));
    this.comments = new ReviewComments(hosts.reviewCommentsHost(this));
    this.projects = new HubProjects(hosts.projectsHost(this));
    this.machines = new HubMachines(hosts.machinesHost(this));
    this.clis = new CliWiring({
      home: opts.home,
      ...(opts.agentBin ? { agentBin: opts.agentBin } : {}),
      warn: (m) => this.log.write('warn', m),
      // (the verbs declared `looks`: lifecycle/ cannot read src/verbs/ itself)
      readTools: readToolNames(VERBS),
    });
    this.lifecycle = new HubAgents(ports.lifecycleDeps(this));
    this.frame = new HubFrame(ports.frameDeps(this));
    // (The queue first: the clients type through it.)
    this.keyQueue = new KeyQueue(ports.keyQueueDeps(this));
    this.clients = new HubClients(ports.clientsDeps(this));
    // Before the requests' context, which hands it to pipelines.run and the pipeline.* commands.
    this.pipelines = new PipelineRunner(ports.pipelineHub(this));
    this.plugins = new HubPlugins(ports.pluginsDeps(this));
    this.requests = ports.requestContext(this);
    this.runner = new HubRunner(ports.runnerDeps(this));
    registerBuiltinCommands(this.commands, BUILTIN_REQUESTS, builtinHandler);
    // Bindings to built-in ids check out in the worker.
    this.lua.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);
    this.config = new HubConfig(ports.configDeps(this));
    this.improvements = new ImprovementsService(ports.improvementsHost(this));
    this.agentRuns = new AgentRuns(ports.agentRunsHost(this));
    this.drive = new AgentDrive(ports.agentDriveHost(this));
    this.permissions = new AgentPermissions(ports.agentPermissionsHost(this));
    this.boxNet = new HubBoxNet(ports.boxNetDeps(this));
    // (a server's hub only: its agents' boxes reach the proxy beside its socket)
    if (opts.env?.BOTSTER_SOCKET) this.boxNet.listen(opts.env.BOTSTER_SOCKET);
    this.control = controlPorts.controlDeps(this);

    // Everything the hub built or subscribed to, torn down last first by dispose().
    for (const owned of [
      this.agents,
      this.lua,
      this.renderer,
      this.scheduler,
      this.events,
      this.inputCtl,
      this.parser,
      this.clients,
      this.effects,
      this.config,
      this.lifecycle,
      this.status,
      this.sessions,
      this.reviews,
      this.projects,
      this.frame,
      this.machines,
      this.pipelines,
      this.plugins,
      this.boxNet,
    ])
      this.owned.add(owned);
    for (const off of hosts.connect(this)) this.owned.add(off);
  }

  static async start(opts: HubOptions): Promise<Hub> {
    trace('hub: start');
    const hub = new Hub(opts);
    opts.constructed?.(hub);
    await boot(hub, () => opts.interactive?.(hub));
    return hub;
  }

  // ---- state -----------------------------------------------------------------------------

  /** The hub's UI state (read-only: dispatch() changes it). */
  get state(): HubState {
    return this.hubStore.state;
  }

  /** The one way to change the hub's UI state (`now`: when it happened, on the hub's clock). */
  dispatch(intent: Intent, now?: number): void {
    this.hubStore.dispatch(intent, now);
  }

  /** Hears every state change, before the frame it causes is asked for and its effects run. */
  subscribe(listener: StateListener): () => void {
    return this.hubStore.subscribe(listener);
  }

  /** untilKey: it stays until the user's next key (see Notice.untilKey). */
  notify(text: string, level: 'info' | 'error' = 'error', untilKey = false): void {
    this.hubStore.notify(text, level, untilKey);
  }

  appData(): AppData {
    return this.frame.appData();
  }

  get focused(): Agent | undefined {
    const id = this.state.client.focus;
    return id ? this.agents.get(id) : undefined;
  }

  get currentMode(): string {
    return this.state.client.mode;
  }

  // ---- actions ---------------------------------------------------------------------------

  /**
   * Carries out a request (hub/requests.ts): the words keys, Lua's app:* and the control socket use.
   * `by`: a script (the control socket) or nobody (the hub itself); its dialogs wait as questions.
   * `owner`: the Lua that is not yours whose verb asks (an improvement, a plugin, a project).
   */
  request(r: Request, source = 'hub', by?: Answerer, owner?: string): Promise<Applied> {
    return applyRequest(this.requests, r, {
      source,
      depth: 0,
      ...(by ? { by } : {}),
      ...(owner ? { owner } : {}),
      run: (id, arg) => this.runCommand(id, arg, source, by),
    });
  }

  /**
   * Runs a command by id (the newest registration wins; built-ins answer while Lua cannot). `by`:
   * who answers its dialogs (the user by default; a script's wait for it as questions).
   */
  runCommand(id: string, arg?: unknown, source = 'palette', by: Answerer = 'user'): Promise<void> {
    return this.runner.runCommand(id, arg, source, 0, undefined, undefined, by);
  }

  /** Where each live registration of a command comes from, newest (the one that runs) first. */
  commandSources(id: string): string[] {
    return this.commands.stack(id).map((c) => c.source);
  }

  /** The live bindings (keys.list(), docs/keys.md, tests). */
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

  /** The served client's terminal size. */
  resize(cols: number, rows: number): void {
    this.dispatch({ type: 'resize', cols, rows });
  }

  // ---- input -----------------------------------------------------------------------------

  input(data: Buffer | string): void {
    this.parser.feed(data);
  }

  /** Runs what a key started; keys that arrive meanwhile wait (see KeyQueue). */
  keyAction(p: Promise<void>): void {
    this.keyQueue.action(p);
  }

  /** The user typed into an agent (a key, `send`, app:send): its echo is drawn at once, and a turn begins. */
  typed(agentId: string): void {
    this.frame.expectEcho();
    this.status.typed(agentId);
    this.agents.memoryTrim.typed();
    if (typedChanges(this.state, agentId)) this.dispatch({ type: 'typed', id: agentId });
  }

  /** Handles one parsed key (also used by `snapshot --keys`), from a client by id or the hub's own input. */
  key(ev: KeyEvent, client?: string): void {
    this.keyQueue.key(ev, client);
  }

  // ---- teardown --------------------------------------------------------------------------

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.runner.flushStateSave();
    this.disposed = true;
    this.hubStore.dispose();
    await this.owned.dispose();
  }
}
