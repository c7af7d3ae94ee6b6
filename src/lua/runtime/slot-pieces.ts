// Pieces across Lua states: the configuration's and each live improvement's (each in its sandbox).
// ui.slot in the layout's render asks the host for a slot's pieces (__host_slot); each piece runs
// in the state that registered it, under its own time budget, and what it returns is checked and
// kept to its slot's size before the layout gets it. A piece that errors, runs long or returns
// something its slot cannot show is left out of that frame; the first failure and the disabling
// (after FAILURES_BEFORE_DISABLE) are told once each as notices naming its file:line; their count is
// piece-health.ts.
import type { AppData } from '../../hub/self.js';
import type { ConfigFile } from './config-file.js';
import type { LuaEngine } from '../engine/index.js';
import type { PieceMarker } from './piece-marker.js';
import type { WidgetNode } from '../../tree/types.js';
import type { EngineUnit } from './engine-unit.js';
import { handlerError } from './locate-error.js';
import { FAILURES_BEFORE_DISABLE, PieceHealth } from './piece-health.js';
import { PieceOutputError, pieceOutput, slotDef, type PieceInfo, type PieceOutput } from './slots.js';

export type { PieceInfo };
export { FAILURES_BEFORE_DISABLE };

/** Tells the user about a piece that failed; `disabled`: the key of one that is off now. */
export type PieceNotice = (text: string, disabled?: string) => void;

/** Where pieces' failures are counted (across configuration builds) and told, and who runs now. */
export interface PieceHost {
  health: PieceHealth;
  notice: PieceNotice;
  marker?: PieceMarker;
}

/** CPU per piece per frame (all the rows of a per-agent slot together), like a hook's. */
export const PIECE_BUDGET_MS = 10;
/**
 * Time a frame's failing pieces may take together (wall time: a loaded machine stretches a runaway
 * piece's budget up to tenfold). Past it, only pieces that have drawn before run in that frame: a
 * few runaways at once must not hold the render past the worker's timeout, nor hide good pieces.
 */
export const FRAME_FAILURES_MS = 50;
/** Handing a frame's app to a state (most of it converting the agents into Lua). */
const APP_BUDGET_MS = 100;
const MEMORY_MB = 16;

/** A piece run once on sample data: its size in its slot's unit (cells or rows; null: unbounded). */
export interface PieceTrial extends PieceInfo {
  kind: 'text' | 'widget';
  /** The slot's limit: cells per piece (text), rows (widget). */
  limit: number;
  size: number | null;
  outputs: Array<{ agent?: string; text?: unknown; widget?: unknown }>;
  error?: string;
}

/** A piece as a push's answer and the policy see it: its trial, with what it showed as plain text. */
export type PieceSummary = Omit<PieceTrial, 'outputs'> & { sample: string[] };

/** `check --render`: the pieces of a file run on sample data, and the frame with them (or why not). */
export interface PieceRender {
  pieces: PieceTrial[];
  tree: WidgetNode | null;
  error?: string;
}

interface Live extends PieceInfo {
  unit: EngineUnit;
  key: string;
}

/** A short fingerprint of a file's text: a piece's failures count for one version of its file. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(36)}`;
}

export class SlotPieces {
  private readonly bySlot = new Map<string, Live[]>();
  private app: AppData | null = null;
  private improvementApp: AppData | null = null;
  private readonly appSent = new Set<EngineUnit>();
  private failedMs = 0;
  /** The agents each state was last given (see sendApp). */
  private readonly sentAgents = new WeakMap<EngineUnit, AppData['agents']>();
  private trying = false;

  /**
   * `units`: the configuration first, then each improvement in load order (a later one's piece of
   * the same slot and name replaces an earlier one's). `sourceOf` gives a file's text by name.
   */
  constructor(
    units: EngineUnit[],
    private readonly health: PieceHealth,
    private readonly notice: PieceNotice,
    sourceOf: (file: string) => string,
    private readonly marker?: PieceMarker,
  ) {
    // By slot and name: a later state's piece replaces an earlier one's, in the earlier one's place.
    const merged = new Map<string, Live & { seq: number }>();
    for (const unit of units) {
      for (const p of unit.pieces()) {
        const id = `${p.slot}\0${p.name}`;
        const key = `${unit.owner ?? ''}\0${id}\0${fingerprint(sourceOf(p.source.replace(/:\d+$/, '')))}`;
        const seq = merged.get(id)?.seq ?? merged.size;
        merged.set(id, { ...p, ...(unit.owner ? { owner: unit.owner } : {}), unit, key, seq });
      }
    }
    for (const p of [...merged.values()].sort((a, b) => a.order - b.order || a.seq - b.seq)) {
      const list = this.bySlot.get(p.slot) ?? [];
      list.push(p);
      this.bySlot.set(p.slot, list);
    }
    health.keep(new Set([...merged.values()].map((p) => p.key)));
  }

  /** The pieces of these states, asked for by the layout's ui.slot through `__host_slot` of `engine`. */
  static install(
    engine: LuaEngine,
    units: EngineUnit[],
    files: ConfigFile[],
    host: PieceHost = { health: new PieceHealth(), notice: () => {} },
  ): SlotPieces {
    const slots = new SlotPieces(
      units,
      host.health,
      host.notice,
      (name) => files.find((f) => f.name === name)?.source ?? '',
      host.marker,
    );
    slots.engine = engine;
    engine.setGlobal('__botster.piece_slots', Object.fromEntries(slots.slots().map((n) => [n, true])));
    // Pieces have budgets of their own: their time is not the layout's.
    engine.setGlobal('__host_slot', (name: unknown, ids: unknown, facts: unknown) =>
      engine.outside(() => slots.fill(String(name), Array.isArray(ids) ? ids.map(String) : [], facts)),
    );
    return slots;
  }

  /** The layout's state, when installed in it. */
  private engine: LuaEngine | null = null;

  /** The slots the last render placed (ui.slot, ui.agent_list), pieces or not. */
  placed(): string[] {
    const v = this.engine?.getGlobal('__botster.placed_slots');
    return v && typeof v === 'object' ? Object.keys(v) : [];
  }

  /** Slots that some piece is registered for. */
  slots(): string[] {
    return [...this.bySlot.keys()];
  }

  /** Every live piece, by slot, in drawing order. */
  list(): PieceInfo[] {
    return [...this.bySlot.values()].flat().map(({ slot, name, order, source, owner }) => ({
      slot,
      name,
      order,
      source,
      ...(owner ? { owner } : {}),
    }));
  }

  /** A render starts: pieces see this app (improvements with what the layout's Lua derived). */
  begin(app: AppData): void {
    this.app = app;
    this.improvementApp = null;
    this.appSent.clear();
    this.failedMs = 0;
  }

  /** Runs a render with this app for its pieces (begin, then end whatever happens). */
  during<T>(app: AppData, render: () => T): T {
    this.begin(app);
    try {
      return render();
    } finally {
      this.end();
    }
  }

  /** The render is over: ui.slot outside one shows nothing. */
  end(): void {
    this.app = null;
    this.improvementApp = null;
  }

  /**
   * The pieces' output for a slot, for each agent id (or once, for none): text slots get a list
   * of span lists, widget slots a list of widgets. `facts` (first call of a frame) is what the
   * layout's Lua derived (attention, hint), for the improvements' app.
   */
  fill(slot: string, ids: string[], facts: unknown): unknown[][] {
    const contexts = Math.max(1, ids.length);
    const out: unknown[][] = Array.from({ length: contexts }, () => []);
    const app = this.app;
    const pieces = this.bySlot.get(slot);
    if (!app || !pieces) return out;
    if (facts && typeof facts === 'object') this.improvementApp = withFacts(app, facts);
    for (const p of pieces) {
      if (this.health.disabled(p.key)) continue;
      if (this.failedMs >= FRAME_FAILURES_MS && !this.health.proven(p.key)) continue;
      const results = this.run(p, ids);
      if (!results) continue;
      results.forEach((r, i) => {
        if (r.kind === 'text') out[i]?.push(r.spans);
        else if (r.kind === 'widget') out[i]?.push(r.node);
      });
    }
    return out;
  }

  private run(p: Live, ids: string[]): PieceOutput[] | null {
    const t0 = performance.now();
    this.marker?.set({ key: p.key, source: p.source, name: p.name, slot: p.slot });
    try {
      const out = this.outputs(p, ids);
      this.health.drew(p.key);
      return out;
    } catch (err) {
      this.failedMs += performance.now() - t0;
      this.failed(p, err as Error);
      return null;
    } finally {
      this.marker?.set(null);
    }
  }

  /**
   * This frame's app, to a state whose pieces run in it. Converting ten agents into a Lua state is
   * most of what a piece costs a frame: only the agents that changed since its last frame go.
   */
  private sendApp(unit: EngineUnit): void {
    this.appSent.add(unit);
    const app = (this.improvementApp ?? this.app)!;
    const changed = changedAgents(this.sentAgents.get(unit), app.agents);
    this.sentAgents.set(unit, app.agents);
    const args = changed === 'all' ? [app] : [{ ...app, agents: null }, changed, app.agents.length];
    // Host work (converting the app), not the piece's: a budget of its own, as a render's.
    unit.call('set_piece_app', args, { budgetMs: APP_BUDGET_MS, functions: 'null' });
  }

  /** One piece's output for each id (throws what went wrong). */
  private outputs(p: Live, ids: string[]): PieceOutput[] {
    if ((p.unit.owner || this.trying) && !this.appSent.has(p.unit)) this.sendApp(p.unit);
    const [raw] = p.unit.call('run_piece', [p.slot, p.name, ids], {
      budgetMs: PIECE_BUDGET_MS,
      functions: 'null',
    });
    const list = Array.isArray(raw) ? raw : [];
    return list.map((r) => {
      const one = (r ?? {}) as { v?: unknown; bad?: string };
      if (one.bad)
        throw new PieceOutputError(
          `returned ${one.bad}; ${slotDef(p.slot).kind === 'text' ? `${p.slot} takes text` : `${p.slot} takes a widget or text`}`,
        );
      return pieceOutput(p.slot, one.v);
    });
  }

  /**
   * Each piece run once against `app` (per-agent slots: for each of its agents), nothing counted:
   * what it shows and how large it is, or what went wrong (a push's review, `check --render`).
   */
  trial(app: AppData): PieceTrial[] {
    this.begin(app);
    // Outside a render the configuration's pieces have no self: they get the app too.
    this.trying = true;
    try {
      return [...this.bySlot.values()].flat().map((p) => {
        const def = slotDef(p.slot);
        const ids = def.per_agent ? app.agents.map((a) => a.id) : [];
        const info = {
          slot: p.slot,
          name: p.name,
          order: p.order,
          source: p.source,
          kind: def.kind,
          limit: (def.kind === 'text' ? def.width : def.height) ?? 0,
        };
        try {
          const outs = this.outputs(p, ids);
          const size = Math.max(
            0,
            ...outs.map((o) => (o.kind === 'text' ? o.width : o.kind === 'widget' ? o.height : 0)),
          );
          return {
            ...info,
            size: Number.isFinite(size) ? size : null,
            outputs: outs.map((o, i) => ({
              ...(ids[i] ? { agent: ids[i] } : {}),
              ...(o.kind === 'text' ? { text: o.spans } : o.kind === 'widget' ? { widget: o.node } : {}),
            })),
          };
        } catch (err) {
          const e = err as Error & { kind?: string };
          return {
            ...info,
            size: 0,
            outputs: [],
            error:
              e instanceof PieceOutputError
                ? `${p.source}: ${e.message}`
                : handlerError(e, p.source, MEMORY_MB),
          };
        }
      });
    } finally {
      this.trying = false;
      this.end();
    }
  }

  private failed(p: Live, err: Error & { kind?: string }): void {
    const { count: n, tell } = this.health.failed(p.key);
    if (!tell) return;
    const what =
      err instanceof PieceOutputError
        ? `${p.source}: ${err.message}`
        : err.kind === 'timeout'
          ? err.message.replace(
              /stopped after \d+ ms \(infinite loop\?\)$/,
              `stopped: ran past its ${PIECE_BUDGET_MS} ms`,
            )
          : handlerError(err, p.source, MEMORY_MB);
    const off = n >= FAILURES_BEFORE_DISABLE;
    const fate = off ? `failed ${n} times in a row: off until its file changes` : 'left out of the frame';
    this.notice(`${what} (piece "${p.name}" in ${p.slot}, ${fate})`, off ? p.key : undefined);
  }
}

/**
 * The agents of `b` that differ from those of `a` (agents are flat: every value a string, number or
 * boolean), as [1-based index, agent] pairs; 'all' when the list changed length or most of it did.
 */
function changedAgents(
  a: AppData['agents'] | undefined,
  b: AppData['agents'],
): Array<[number, AppData['agents'][number]]> | 'all' {
  if (!a || a.length !== b.length) return 'all';
  const out: Array<[number, AppData['agents'][number]]> = [];
  for (let i = 0; i < a.length; i++) {
    if (sameAgent(a[i], b[i])) continue;
    out.push([i + 1, b[i]]);
    if (out.length * 2 > b.length) return 'all';
  }
  return out;
}

function sameAgent(a: object, b: object): boolean {
  if (a === b) return true;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(y);
  if (Object.keys(x).length !== keys.length) return false;
  for (const k of keys) if (x[k] !== y[k]) return false;
  return true;
}

/** The app with what the configuration's Lua derived from it (attention per agent, the hint): an improvement's sandbox has no App to work it out. */
export function withFacts(app: AppData, facts: unknown): AppData {
  const f = (facts ?? {}) as { attention?: unknown; hint?: unknown };
  const attention = Array.isArray(f.attention) ? f.attention : [];
  return {
    ...app,
    ...(typeof f.hint === 'string' ? { hint: f.hint } : {}),
    agents: app.agents.map((a, i) => ({ ...a, attention: attention[i] === true })),
  };
}
