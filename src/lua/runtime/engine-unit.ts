import type { LuaEngine } from '../engine/index.js';
import type { AppData, ConfigExport, LuaRequest } from './config-file.js';
import { handlerError } from './locate-error.js';
import type { PieceInfo } from './slots.js';

export type LogFn = (level: string, message: string) => void;

const OVERRUNS_BEFORE_DISABLE = 3;
const MEMORY_MB = 64;

/** A handler failing on every event is shown on its 1st, 10th, 100th... failure, not on each. */
function worthShowing(count: number): boolean {
  return count === 1 || (count >= 10 && /^10*$/.test(String(count)));
}

interface HandlerRef {
  id: number;
  fn: { __luaFunction: number };
  once: boolean;
  name: string;
  source: string;
  budget_ms: number;
}

interface RawBinding {
  mode: string;
  spec: string;
  keys: string[];
  desc: string;
  source: string;
  command?: string;
  fn?: { __luaFunction: number };
  arg?: unknown;
}

/**
 * What an untrusted project's file may put in the keymap: keys bound to its own functions and
 * commands (which run in its sandbox), never to the hub's or yours (a key bound to agent.spawn with
 * an argument would run the repository's command as you), and no unbinding of your keys.
 */
function confined(exp: ConfigExport): ConfigExport {
  const own = new Set(exp.commands.map((c) => c.id));
  return {
    ...exp,
    bindings: exp.bindings.filter((b) => b.action.kind === 'function' || own.has(b.action.id)),
    unbinds: [],
  };
}

export interface DispatchResult {
  payload: unknown;
  cancelled: boolean;
  reason?: string;
  /** Handlers disabled for running over budget, to show the user. */
  notes: string[];
  /** What the handlers asked the hub to do (app:* in a handler), in order. */
  requests: LuaRequest[];
}

/**
 * One Lua state's keys, commands and hooks as the hub uses them: the trusted configuration is
 * one unit, every improvement (in its own sandbox) another. `owner` names the improvement.
 */
export class EngineUnit {
  constructor(
    readonly engine: LuaEngine,
    private readonly budgetMs: number,
    readonly owner: string | null = null,
  ) {}

  private exported: ConfigExport | null = null;
  /** Failures per handler id since this configuration was built. */
  private readonly failures = new Map<number, number>();

  /** Bindings, modes and commands as data; Lua functions travel as handles into this engine. */
  export(): ConfigExport {
    if (!this.exported) {
      const [raw] = this.engine.call('__botster.export', [], { budgetMs: this.budgetMs * 5 });
      const data = raw as {
        bindings: RawBinding[];
        modes: ConfigExport['modes'];
        commands: ConfigExport['commands'];
        events?: string[];
        hooks?: ConfigExport['hooks'];
        unbinds?: ConfigExport['unbinds'];
        profiles?: ConfigExport['profiles'];
        settings?: ConfigExport['settings'];
      };
      this.exported = {
        bindings: (data.bindings ?? []).map((b) => ({
          mode: b.mode,
          spec: b.spec,
          keys: b.keys,
          desc: b.desc,
          source: b.source,
          action: b.fn
            ? {
                kind: 'function' as const,
                ref: b.fn.__luaFunction,
                ...(this.owner ? { owner: this.owner } : {}),
              }
            : {
                kind: 'command' as const,
                id: b.command ?? '',
                ...(b.arg !== undefined && b.arg !== null ? { arg: b.arg } : {}),
              },
        })),
        modes: Array.isArray(data.modes) ? {} : data.modes,
        commands: (data.commands ?? []).map((c) => (this.owner ? { ...c, owner: this.owner } : c)),
        events: data.events ?? [],
        hooks: data.hooks ?? [],
        unbinds: (data.unbinds ?? []).map((u) => (this.owner ? { ...u, owner: this.owner } : u)),
        profiles: this.owner ? [] : (data.profiles ?? []),
        ...(this.owner || !data.settings ? {} : { settings: data.settings }),
      };
      if (this.untrustedProject) this.exported = confined(this.exported);
    }
    return this.exported;
  }

  /** A project file the user has not trusted (see confined). */
  get untrustedProject(): boolean {
    return !!this.owner?.startsWith('project:');
  }

  private pieceList: PieceInfo[] | null = null;

  /** The layout pieces this state registered while its files loaded (layout.piece). */
  pieces(): PieceInfo[] {
    if (!this.pieceList) {
      const [raw] = this.engine.call('__botster.pieces_export', [], { budgetMs: this.budgetMs });
      this.pieceList = Array.isArray(raw) ? (raw as PieceInfo[]) : [];
    }
    return this.pieceList;
  }

  /**
   * Runs the handlers of a hub event in order, each under its own time budget. For before_*
   * events a handler may return a changed payload (passed on) or false, "reason" (cancel).
   */
  dispatch(
    event: string,
    payload: unknown,
    subject: string | null,
    log: LogFn,
    app?: () => AppData | null,
  ): DispatchResult {
    const [raw] = this.engine.call('__botster.handlers_for', [event, subject], { budgetMs: this.budgetMs });
    const handlers = (raw as HandlerRef[]) ?? [];
    const requests: LuaRequest[] = [];
    if (handlers.length === 0) return { payload, cancelled: false, notes: [], requests };
    // Every handler gets the same app (the hub as it is now) beside the payload.
    this.engine.call('__botster.set_hook_app', [app?.() ?? null], {
      budgetMs: this.budgetMs,
      functions: 'null',
    });
    // An untrusted project's handlers look on: they neither change what starts nor stop it.
    const before = event.startsWith('before_') && !this.untrustedProject;
    const notes: string[] = [];
    let current = payload;
    try {
      for (const h of handlers) {
        try {
          // (an untrusted project's handler gets a copy: what it does to it goes nowhere)
          const [asked, ...rets] = this.engine.call(
            '__botster.call_hook',
            [h.fn, this.untrustedProject ? structuredClone(current) : current],
            { budgetMs: h.budget_ms, functions: 'null' },
          );
          if (Array.isArray(asked)) requests.push(...(asked as LuaRequest[]));
          if (before && rets[0] === false) {
            const reason = typeof rets[1] === 'string' && rets[1] ? rets[1] : `cancelled by ${h.name}`;
            return { payload: current, cancelled: true, reason: `${h.source}: ${reason}`, notes, requests };
          }
          if (before && rets[0] && typeof rets[0] === 'object') current = rets[0];
        } catch (err) {
          const e = err as Error & { kind?: string };
          if (e.kind === 'timeout') {
            const [disabled] = this.engine.call('__botster.overrun', [h.id, OVERRUNS_BEFORE_DISABLE], {
              budgetMs: this.budgetMs,
            });
            const note = `${h.source} (${h.name}): ${event} handler ran over its ${h.budget_ms} ms budget and was stopped${disabled ? `; disabled after ${OVERRUNS_BEFORE_DISABLE} overruns` : ''}`;
            log('error', note);
            if (disabled) notes.push(note);
          } else {
            const count = (this.failures.get(h.id) ?? 0) + 1;
            this.failures.set(h.id, count);
            if (worthShowing(count)) {
              const note = `${handlerError(e, h.source, MEMORY_MB)} (${h.name} on ${event}${count > 1 ? `, failed ${count} times` : ''})`;
              notes.push(note); // the hub logs and shows it
            }
          }
        } finally {
          if (h.once) this.engine.call('hooks.off', [h.id], { budgetMs: this.budgetMs });
        }
      }
    } finally {
      for (const h of handlers) this.engine.release(h.fn);
    }
    return { payload: current, cancelled: false, notes, requests };
  }

  /** Events with handlers now (once-handlers and disabling change it). */
  subscribedEvents(): string[] {
    const [list] = this.engine.call('__botster.subscribed', [], { budgetMs: this.budgetMs });
    return (list as string[]) ?? [];
  }

  /** Calls a bound Lua function with the app; returns what it asked the hub to do. */
  invoke(ref: number, app: AppData, arg?: unknown): LuaRequest[] {
    const [effects] = this.engine.call('__botster.invoke', [{ __luaFunction: ref }, { ...app, arg }], {
      budgetMs: this.budgetMs,
      functions: 'null',
    });
    return (effects as LuaRequest[]) ?? [];
  }

  runCommand(id: string, app: AppData, arg?: unknown): LuaRequest[] {
    const [effects] = this.engine.call('__botster.run_command', [id, { ...app, arg }], {
      budgetMs: this.budgetMs,
      functions: 'null',
    });
    return (effects as LuaRequest[]) ?? [];
  }

  /** The user chose in (or cancelled) the dialog `id` this unit opened: runs its callback. */
  resolveDialog(id: number, value: unknown, app: AppData): LuaRequest[] {
    const [effects] = this.engine.call('__botster.resolve_dialog', [id, value, { ...app }], {
      budgetMs: this.budgetMs,
      functions: 'null',
    });
    return (effects as LuaRequest[]) ?? [];
  }

  dispose(): void {
    this.engine.close();
  }
}
