// What the frame room needs from the rest of the hub, as narrow ports the composition root fills.
import type { Agent } from '../agents/agent.js';
import type { AgentLookup } from '../agents/agent-lookup.js';
import type { Binding } from '../keys/keymap.js';
import type { LuaHost } from '../worker/lua-host.js';
import type { DispatchLog, Store } from '../hub/store.js';
import type { Clock } from '../clock/clock.js';
import type { FrameRenderer } from '../ui/frame-renderer.js';
import type { FrameScheduler } from './frame-scheduler.js';
import type { FrameStats } from './frame-stats.js';
import type { ReviewDiffs } from './review-diffs.js';
import type { HubMachines } from '../remote/hub-machines.js';

/** The live bindings the help overlay lists (the input controller's). */
export interface KeymapFacts {
  bindingsFor(mode: string): Binding[];
  tables(): Array<{ name: string; desc: string }>;
  /** The chord that leaves an agent (settings.way_out). */
  readonly wayOut: string;
}

/** What the frames need: the state, the agents, Lua's render, the painter, and where frames go. */
export interface FrameDeps {
  store: Store;
  /** The intents dispatched lately (a tree the worker drew with a command is checked against them). */
  dispatches: DispatchLog;
  /** The hub's time (Lua's pause is on it). */
  clock: Clock;
  agents: AgentLookup;
  keymap: KeymapFacts;
  lua: Pick<LuaHost, 'render' | 'generation'>;
  renderer: FrameRenderer;
  scheduler: FrameScheduler;
  stats: FrameStats | null;
  /** The size of the view of no client (the real terminal, or the server's first size). */
  cols: number;
  rows: number;
  /** Frame bytes to a client by id (none: every client, or the real terminal); false: it dropped them. */
  write(data: string, client?: string): unknown;
  /** A hub without a server draws on its own terminal: its view of no client has someone looking. */
  ownTerminal: boolean;
  /** Whether this client (none: the hub's own terminal) asked for no colours (NO_COLOR). */
  noColor(client?: string): boolean;
  /** The diffs review panels show. */
  reviews: ReviewDiffs;
  /** settings.machines: the agents on screen follow their screens. */
  machines: Pick<HubMachines, 'follow'>;
  /** An agent printed: the events about its output (coalesced). */
  outputEvent(agent: Agent): void;
  disposed(): boolean;
}
