// What the commands room needs from the rest of the hub, as narrow ports the composition root fills.
import type { LuaOrigin } from '../hub/state.js';
import type { Intent } from '../hub/intents.js';
import type { DispatchLog } from '../hub/store.js';
import type { Agent } from '../agents/agent.js';
import type { AgentLookup } from '../agents/agent-lookup.js';
import type { Store } from '../hub/store.js';
import type { Answerer } from '../hub/state.js';
import type { DrivePort } from '../hub/drive-rule.js';
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

/** What carrying out a request needs: the view's facts, the runner, the verbs' door, and who asks. */
export interface RequestContext extends ScrollContext {
  commands: Pick<CommandRegistry<RequestContext>, 'list' | 'get'>;
  runner: CommandRunner;
  lua: Pick<LuaHost, 'resolveDialog'>;
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
  /** Whether verb `name` may wait long (Verb.waits): its call is then no work in flight. */
  verbWaits(name: string): boolean;
  /** Counts work in flight (whenIdle waits for it: a key's verb, a script's `run`). */
  track(p: Promise<void>): void;
  /** What the user granted each plugin (its line in HOME/plugins/lock.json). */
  plugins: { granted(name: string): readonly string[] };
  /** The agent the user types into (a client is served, in a passthrough mode such as insert), if one. */
  typingIn(): string | null;
  /** The agent whose keys the hub presses now (`snapshot --live --keys` from inside it), if one. */
  keysOf(): AgentPrincipal | undefined;
  /** Which agent may drive which (the lifecycle room's AgentDrive): a focus an agent or improvement asks for is held to it. */
  drive: DrivePort;
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
