// What the commands room needs from the rest of the hub, as narrow ports the composition root fills.
import type { LuaOrigin } from '../hub/state.js';
import type { Intent } from '../hub/intents.js';
import type { DispatchLog } from '../hub/store.js';
import type { Agent } from '../agents/agent.js';
import type { AgentLookup } from '../agents/agent-lookup.js';
import type { AgentSpec } from '../agents/types.js';
import type { Store } from '../hub/store.js';
import type { Answerer } from '../hub/state.js';
import type { WebPushRequest } from '../hub/requests.js';
import type { AgentPrincipal, Principal } from '../hub/principal.js';
import type { Binding } from '../keys/keymap.js';
import type { LuaHost, LuaRun } from '../worker/lua-host.js';
import type { DiffMode } from '../agents/git-diff.js';
import type { DiffDoc } from '../ui/diff/diff-doc.js';
import type { StateStore } from '../lua/state-store.js';
import type { AppData } from '../hub/self.js';
import type { HubSettings } from '../hub/configuration.js';
import type { WidgetNode } from '../tree/types.js';
import type { Clock } from '../clock/clock.js';
import type { CommandInfo, CommandRegistry } from './registry.js';

/** The live keymap, for the hints that name keys (the input controller's). */
export interface KeymapNames {
  bindingsFor(mode: string): Binding[];
  /** The chord that leaves an agent (settings.way_out). */
  readonly wayOut: string;
}

/** What scrolling, searching and copying need: the state, the agents, and where they are drawn. */
export interface ScrollContext {
  store: Store;
  agents: AgentLookup;
  focused(): Agent | undefined;
  notify(text: string, level?: 'info' | 'error'): void;
  /** Where an agent's terminal is drawn in the served client (its content box), if it is on screen. */
  panelOf(agentId: string): { x: number; y: number; w: number; h: number } | null;
  keymap: KeymapNames;
  /** The diffs review panels show (the frame room's ReviewDiffs). */
  reviews: { get(agent: string, mode: DiffMode): { doc: DiffDoc | null } | null };
}

/** Agents' lives as requests start them (the lifecycle room's HubAgents). */
export interface AgentActions {
  spawn(
    spec: AgentSpec,
    opts?: { focus?: boolean; cwd?: string; worktreeRequired?: boolean },
  ): Promise<Agent | null>;
  /** spawn, with why nothing started (the socket's `new` reads it). */
  start(
    spec: AgentSpec,
    opts?: { focus?: boolean; cwd?: string; worktreeRequired?: boolean; within?: string },
  ): Promise<{ agent: Agent } | { notStarted: string }>;
  kill(agent: Agent): Promise<{ stopped: true } | { stopped: false; why: string }>;
  restart(id: string, spec?: AgentSpec, within?: string, byUser?: boolean): Promise<void>;
  close(agent: Agent | undefined): void;
  sendWayOut(): void;
  readonly offers: { remove(path?: string): Promise<void> };
}

/** Commands and Lua callbacks run from inside a request (the runner's). */
export interface CommandRunner {
  runCommand(
    id: string,
    arg?: unknown,
    source?: string,
    depth?: number,
    below?: CommandInfo,
    improvement?: string,
    by?: Answerer,
  ): Promise<void>;
  /** A Lua call (`render`: the worker renders the frame it causes) and what it asks for, carried out. */
  runLua(
    call: (render: boolean) => Promise<LuaRun>,
    source: string,
    owner?: string,
    running?: CommandInfo,
    improvement?: string,
    by?: Answerer,
    /** The agents whose text the call was given (RequestOrigin's `about`). */
    about?: readonly string[],
  ): Promise<void>;
  /** An agent was refused a request: said, and answered as a refusal to the `run` under way. */
  refuse(message: string): void;
  /** Runs `dispatch` as part of an improvement's chain (see HubRunner.within). */
  within<T>(improvement: string, dispatch: () => T): T;
}

/** What carrying out a request needs: everything a built-in command or Lua's app:* may ask for. */
export interface RequestContext extends ScrollContext {
  commands: Pick<CommandRegistry<RequestContext>, 'list' | 'get'>;
  lifecycle: AgentActions;
  runner: CommandRunner;
  /** The user typed into an agent: its echo is drawn at once, and a turn begins. */
  typed(agentId: string): void;
  /** Quits unless a before_quit handler says no. */
  quit(): Promise<void>;
  /** A hub server: detach the client served (false: none attached). Absent: not a server. */
  detach?: () => boolean;
  /** A hub server: ask the client served to suspend its terminal (false: none attached). */
  suspend?: () => boolean;
  /** Bytes to every attached client (or the real terminal). */
  write(data: string): unknown;
  /** A Web Push to the web's subscribed phones (app:web_push); nothing while the web is off. */
  webPush(m: WebPushRequest): void;
  /** The user's answer to the improvement waiting for one; what happened, to show. */
  answerImprovement(accept: boolean, name?: string): Promise<string>;
  /** The user's answer to a pipeline run an agent asked for (the latest if none named); what happened. */
  answerPipeline(accept: boolean, request?: string): Promise<string>;
  /** The user's answer to an agent that asks to drive another (lifecycle/agent-drive.ts). */
  answerDrive(allow: boolean, request?: string): string;
  /** Your answer to a boxed agent asking for a host (box/net-gate.ts). */
  answerHost(allow: boolean, request?: string): string;
  /** settings.* of the live configuration. */
  settings(): HubSettings;
  lua: Pick<LuaHost, 'resolveDialog'>;
  /** `self` for the served client (what a Lua callback gets). */
  appData(): AppData;
  /** Counts work in flight (whenIdle waits for it: a script's `run` waits for git). */
  track(p: Promise<void>): void;
  /** Finishing and discarding the worktrees of agents (the lifecycle room's WorktreeFlow). */
  worktreeFlow: {
    status(id: string | undefined, answer: (facts: Record<string, unknown>) => Promise<void>): Promise<void>;
    finish(id: string | undefined, how: 'merge' | 'rebase', force: boolean): Promise<void>;
    discard(id: string | undefined): Promise<void>;
  };
  /**
   * Runs verb `name` of the verbs' table for Lua's app:verb as `who` asks it (src/verbs/call.ts):
   * resolves with its typed answer (`ok`, and `refused` or `error` when not), never rejects.
   */
  verb(
    name: string,
    args: Record<string, unknown>,
    who: Principal,
    origin?: LuaOrigin,
  ): Promise<{ ok: boolean } & Record<string, unknown>>;
  /** Trusting a project's `.botster/` (the reload room's HubProjects). */
  /** `shown`: the hash of the contents the question showed (trust those only). */
  projects: { trust(where: string, trust: boolean, shown?: string): Promise<void> };
  /** The conversations of a hub that died, on offer (session.resume, session.discard). */
  sessions: { resumeOffer(): Promise<void>; discardOffer(): void };
  /** What the user granted each plugin (its line in HOME/plugins/lock.json), and the palette's plugin.* (the plugins room). */
  plugins: {
    granted(name: string): readonly string[];
    fetch(source: string, cwd: string): Promise<Record<string, unknown>>;
    add(token: string, grant: string[]): Promise<void>;
    update(name: string): Promise<void>;
    remove(name: string): void;
    enable(name: string, on: boolean): void;
    grant(name: string, caps: string[]): void;
  };
  /** The agent the user types into (a client is served, in a passthrough mode such as insert), if one. */
  typingIn(): string | null;
  /** The agent whose keys the hub presses now (`snapshot --live --keys` from inside it), if one. */
  keysOf(): AgentPrincipal | undefined;
  /** Which agent may drive which (the lifecycle room's AgentDrive): an agent's `run` is held to it. */
  drive: {
    /** Whether `from` may act on `to`, asking the user for the pair when it may not yet. */
    ask(from: string, to: string, what: string): Promise<boolean>;
    /** The user's answer for the pair: true let, false refused, undefined none yet. */
    verdict(from: string, to: string): boolean | undefined;
    /** Agent `child` was started by agent `parent`. */
    started(child: string, parent: string): void;
    /** Agent `child` was started by a plugin, an improvement or an untrusted project (`who`). */
    startedByLua(child: string, who: string): void;
    /** Who of the plugins, improvements and untrusted projects started agent `id` ("improvement NAME"). */
    luaAncestry(id: string): string | undefined;
    /** Whether sandboxed Lua `lua` may act on agent `to` (lifecycle/agent-drive.ts AgentDrive.luaMay). */
    luaMay(lua: string, pusher: string | null | undefined, to: string, what: string): Promise<boolean>;
  };
  /** The agent that pushed improvement `name`'s live version (null: a file dropped in; undefined: none live). */
  improvementPusher(name: string): string | null | undefined;
}

/** A tree the worker drew with a command: for the state `intents` (taken at `now`) lead to from the one at `rev`. */
export interface TreeOffer {
  tree: WidgetNode;
  /** The configuration it was drawn with (LuaHost.generation). */
  generation: number;
  rev: number;
  intents: Intent[];
  now: number;
}

/** What the runner needs: the state, Lua, the registry, and what requests are carried out with. */
export interface RunnerDeps {
  store: Store;
  /** The hub's time (Lua's pause is on it). */
  clock: Clock;
  lua: Pick<
    LuaHost,
    'ready' | 'generation' | 'runCommand' | 'resolveDialog' | 'invokeBinding' | 'persistedNamespaces'
  >;
  commands: CommandRegistry<RequestContext>;
  context: RequestContext;
  appData(): AppData;
  /** Says it on screen, and to the `run` whose call chain says it (app/say.ts). */
  notify(text: string, level?: 'info' | 'error'): void;
  /** A tree the worker rendered with a command: the frames take it if the hub took the same intents (HubFrame.offerTree). */
  offerTree(offer: TreeOffer): void;
  /** How many intents were dispatched (what the worker's tree was drawn from). */
  dispatches: DispatchLog;
  /** Where Lua's persisted state namespaces are saved. */
  stateStore: Pick<StateStore, 'save'>;
  log(level: string, message: string): void;
  disposed(): boolean;
}
