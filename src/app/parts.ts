// The hub as the composition root's own wiring sees it (hub.ts implements it; hub-ports.ts,
// hub-hosts.ts and hub-start.ts read it): the parts it built and the few things it does itself,
// and what they are built from (the hub's options). Nothing outside src/app sees this: each part
// gets only its own port.
import type { WebPushes } from '../commands/web-pushes.js';
import type { ReviewComments } from '../review/review-comments.js';
import type { Request } from '../hub/requests.js';
import type { Applied } from '../hub/request-answers.js';
import type { CliWiring } from '../lifecycle/cli-wiring.js';
import type { Answerer } from '../hub/state.js';
import type { Agent } from '../agents/agent.js';
import type { AgentManager } from '../agents/agent-manager.js';
import type { EventBridge } from '../effects/hub-events.js';
import type { EffectRunner } from '../effects/run-effects.js';
import type { FrameScheduler } from '../frame/frame-scheduler.js';
import type { FrameStats } from '../frame/frame-stats.js';
import type { HubFrame } from '../frame/hub-frame.js';
import type { HubStore, Store } from '../hub/store.js';
import type { KeyQueue } from '../input/key-queue.js';
import type { InFlight } from '../commands/in-flight.js';
import type { HubClients } from '../input/hub-clients.js';
import type { InputController } from '../input/input-controller.js';
import type { KeyEvent } from '../keys/key-event.js';
import type { HubAgents } from '../lifecycle/hub-agents.js';
import type { HubSessions } from '../lifecycle/hub-sessions.js';
import type { LuaHost } from '../worker/lua-host.js';
import type { AppData } from '../hub/self.js';
import type { HubConfig } from '../reload/hub-config.js';
import type { HubRunner } from '../commands/hub-run.js';
import type { RequestContext } from '../commands/ports.js';
import type { CommandRegistry } from '../commands/registry.js';
import type { ImprovementsService } from '../improvements/improvements-service.js';
import type { StateStore } from '../lua/state-store.js';
import type { StatusDetector } from '../status/status-detector.js';
import type { Compositor } from '../ui/compositor.js';
import type { Screen } from '../ui/screen/screen.js';
import type { FrameRenderer } from '../ui/frame-renderer.js';
import type { HubLog } from '../trace/hub-log.js';
import type { ReviewDiffs } from '../frame/review-diffs.js';
import type { AgentWorktrees } from '../lifecycle/agent-worktrees.js';
import type { WorktreeFlow } from '../lifecycle/worktree-flow.js';
import type { HubProjects } from '../reload/hub-projects.js';
import type { Clock } from '../clock/clock.js';
import type { HubMachines } from '../remote/hub-machines.js';
import type { PipelineRunner } from '../pipelines/runner.js';
import type { ControlDeps } from '../verbs/ports.js';
import type { AgentDrive } from '../lifecycle/agent-drive.js';
import type { AgentPermissions } from '../lifecycle/agent-permissions.js';
import type { HubBoxNet } from '../server/hub-box-net.js';
import type { AgentPrincipal } from '../hub/principal.js';
import type { AgentRuns } from '../pipelines/agent-runs.js';
import type { HubPlugins } from '../plugins/hub-plugins.js';
import type { AgentSpec } from '../agents/types.js';
import type { ConfigSources } from '../reload/config-files.js';
import type { SessionAgent } from '../lifecycle/session-file.js';
import type { PtySource } from '../pty/pty-process.js';
import type { KeptAgent } from '../lifecycle/kept-agents.js';

export interface Parts extends Store {
  readonly opts: BaseHubOptions;
  /** The one state and its reducer (what every port's `store` is). */
  readonly hubStore: HubStore;
  readonly keyQueue: KeyQueue;
  readonly inFlight: InFlight;
  /** What the hub's timers and timestamps read. */
  readonly clock: Clock;
  readonly log: HubLog;
  readonly stats: FrameStats | null;
  readonly agents: AgentManager;
  readonly lua: LuaHost;
  readonly renderer: FrameRenderer;
  readonly scheduler: FrameScheduler;
  readonly events: EventBridge;
  readonly effects: EffectRunner;
  readonly status: StatusDetector;
  readonly inputCtl: InputController;
  readonly lifecycle: HubAgents;
  readonly frame: HubFrame;
  readonly clients: HubClients;
  readonly runner: HubRunner;
  readonly config: HubConfig;
  /** session.json, resuming conversations, the offer after a hub died. */
  readonly sessions: HubSessions;
  /** The diffs review panels (ui.diff) show. */
  readonly reviews: ReviewDiffs;
  /** Review comments on agents' changes (src/review/). */
  readonly comments: ReviewComments;
  /** The git worktrees the hub made for agents; finishing and discarding them. */
  readonly worktrees: AgentWorktrees;
  readonly worktreeFlow: WorktreeFlow;
  /** settings.machines: links to the hubs of other machines and their agents. */
  readonly machines: HubMachines;
  /** The agent CLIs of the configuration: their packages, their shims. */
  readonly clis: CliWiring;
  /** Repositories with a `.botster/` agents started in (their configuration, their trust). */
  readonly projects: HubProjects;
  readonly commands: CommandRegistry<RequestContext>;
  /** What requests (built-in commands, Lua's app:*) are carried out with. */
  readonly requests: RequestContext;
  readonly improvements: ImprovementsService;
  /** Pipelines: one task to several agents, the best kept. */
  readonly pipelines: PipelineRunner;
  /** Pipeline runs agents ask for: reviewed by the user's policy, some waiting for the user. */
  readonly agentRuns: AgentRuns;
  readonly drive: AgentDrive;
  /** Agents' permission questions through the policy in Lua (docs/permissions.md). */
  readonly permissions: AgentPermissions;
  /** The boxes' network: the hub's proxy and which host each boxed agent may reach. */
  readonly boxNet: HubBoxNet;
  /** The running hub as its control socket (and Lua's app:verb) sees it. */
  readonly control: ControlDeps;
  /** The agent whose keys the hub presses now (`snapshot --live --keys` from inside it): what they do is judged as its. */
  keysOf: AgentPrincipal | undefined;
  /** app:web_push's door to the web. */
  readonly webPushes: WebPushes;
  /** The home's plugins, as the palette's plugin.* commands change them. */
  readonly plugins: HubPlugins;
  /** Lua's persisted state namespaces. */
  readonly store: StateStore;
  readonly disposed: boolean;
  readonly focused: Agent | undefined;
  readonly compositor: Compositor;
  notify(text: string, level?: 'info' | 'error'): void;
  appData(): AppData;
  /** Counts work in flight (whenIdle waits for it). */
  track(p: Promise<void>): void;
  /** Runs what a key started; keys that arrive meanwhile wait. */
  keyAction(p: Promise<void>): void;
  key(ev: KeyEvent, client?: string): void;
  typed(agentId: string): void;
  runCommand(id: string, arg?: unknown, source?: string, by?: Answerer): Promise<void>;
  /** A request through the one router keys and Lua use (see Hub.request). */
  request(r: Request, source?: string, by?: Answerer, owner?: string): Promise<Applied>;
  quit(): Promise<void>;
  whenIdle(): Promise<void>;
  settle(): Promise<void>;
  screen(): Screen;
  readerScreen(hidden: (agent: string) => boolean): Promise<Screen>;
  panelOf(agentId: string): { x: number; y: number; w: number; h: number } | null;
}

/** What a hub server adds to the hub's options for its start. */
export interface BootOptions {
  /** Clients that attached while the hub's code loaded: they are served its first frame, at their size. */
  clients?: () => Array<{ id: string; cols: number; rows: number; machine?: string }>;
  /**
   * Work the start needs before its agents (the server: loading the PTY library), done while the
   * Lua worker still evaluates the first configuration, when the main thread would only wait;
   * else it is left to the first agent's start, after the first frame.
   */
  whileLuaWorks?: () => void;
  /**
   * Work its agents need and its first frame does not (the server: the agents' bin/ written), done
   * once that frame is out, before the first agent starts.
   */
  beforeAgents?: () => void;
}

/** What a hub's parts are built from (hub.ts's HubOptions adds the callbacks that get the Hub itself). */
export interface BaseHubOptions extends ConfigSources, BootOptions {
  agents: AgentSpec[];
  cols: number;
  rows: number;
  /** Where frames go (a client by id, else every client or the real terminal); false: that client dropped it. */
  write: (data: string, client?: string) => unknown;
  scrollback?: number;
  env?: Record<string, string>;
  /** $BOTSTER_HOME/bin, first on the agents' PATH: the CLIs' shims are written there (a server only). */
  agentBin?: string;
  /** Called when the user quits from inside the hub. */
  onQuit?: () => void;
  /**
   * Whether a client asked for no colours (its NO_COLOR, said in its HELLO); `client` absent: the
   * hub's own terminal. Default: this process's NO_COLOR, for a hub without a server.
   */
  noColor?: (client?: string) => boolean;
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
  /** Agents keepers held for this server (a crash, an upgrade): adopted first, as they are. */
  adopt?: KeptAgent[];
  /** `--restore`: recorded agents to bring back (in their conversations), before `agents`. */
  restore?: SessionAgent[];
  /** The first number a new agent takes: after those of a hub that died here, on offer (firstFreeId). */
  firstId?: number;
}
