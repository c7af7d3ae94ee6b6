import type { ConfigExport } from '../hub/configuration.js';
import type { HookRequests, LuaRequest } from '../hub/requests.js';
import type { PieceRender, PieceSummary } from '../lua/runtime/slot-pieces.js';
import type { WidgetNode } from '../tree/types.js';
import type { Intent } from '../hub/intents.js';

// What the Lua worker answers the main thread (LuaHost's results), and the error of Lua it had to stop.

/** Lua that had to be killed (the worker was restarted with the last good configuration). */
export class LuaStalledError extends Error {
  override name = 'LuaStalledError';
}

export interface ImprovementAnalysis {
  bindings: Array<{ mode: string; key: string; action: string; desc: string }>;
  commands: Array<{ id: string; desc: string }>;
  hooks: Array<{ event: string; name: string }>;
  unbinds: Array<{ mode: string; key: string }>;
  /** Status adapters it adds or replaces (by name). */
  adapters: Array<{ name: string; priority: number }>;
  /** Layout pieces, each run once on sample data (size in its slot's unit, or the error). */
  pieces?: PieceSummary[];
}

/** A state-detection case as the adapters get it, for corpusCheck. */
export interface CaseInput {
  agent: Record<string, unknown>;
  screen: Record<string, unknown>;
}

export interface PolicyDecision {
  decision: 'autonomous' | 'collaborative' | 'escalated';
  confidence: number;
  reasoning: string;
  rule?: string;
  /** What the improvement may reach besides the hub (http, process, git), if the policy granted it. */
  grant?: { granted: string[]; hosts: string[]; commands: string[] };
}

export interface EmitResult {
  payload: unknown;
  cancelled: boolean;
  reason?: string;
  notes: string[];
  events: string[];
  /** What handlers asked the hub to do (app:* in a handler), per Lua state. */
  requests: HookRequests[];
}

export interface CheckResult {
  problems: string[];
  keymap: ConfigExport | null;
  layoutFile: string | null;
  /** check --render: that file's pieces, and the frame. */
  rendered?: PieceRender;
}

/** What a Lua command or key function asked for, and the frame it causes when the worker could render it. */
export interface LuaRun {
  requests: LuaRequest[];
  /**
   * With `render`: the tree App:render drew for the state the requests lead to, and the intents the
   * worker's reducer took there (src/worker/predict.ts): the hub takes the tree if it dispatched
   * the same (HubFrame.offerTree).
   */
  tree?: WidgetNode;
  intents?: Intent[];
  /** When the hub applies the requests (see luaRun). */
  now?: number;
}

export interface WorkerMemory {
  /** Bytes of V8's young generation (new space) before any collection. */
  young: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Whether a full GC ran first. */
  collected: boolean;
  /** Full collections this thread's memory trim made (src/agents/memory-trim.ts). */
  trims: number;
}

export interface ConfigureResult {
  tree: WidgetNode;
  layoutFile: string;
  keymap: ConfigExport;
  /** The slots the trial render placed (absent: no trial render). */
  slots?: string[];
}
