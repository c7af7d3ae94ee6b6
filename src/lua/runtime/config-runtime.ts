import { LuaEngine, LuaScriptError } from '../engine/index.js';
import { TreeError, validateTree } from '../../tree/validate-tree.js';
import type { WidgetNode } from '../../tree/types.js';
import type { AppData, ConfigExport, ConfigFile, Effect } from './config-file.js';
import { parseKeySpec } from '../../keys/key-spec.js';

export type LogFn = (level: string, message: string) => void;

/** What survives a reload: self.state and the state.get() namespaces (plain data). */
export interface Persisted {
  user_state?: unknown;
  namespaces?: unknown;
}

const LOAD_BUDGET_MS = 500;
const RENDER_BUDGET_MS = 100;

/** A message that reads `file:line: message` (or `file: path: message` for a bad tree). */
export function formatError(err: unknown, layoutFile: string): string {
  if (err instanceof TreeError) return `${layoutFile}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * One evaluated configuration: a fresh engine with every file loaded in order. Built whole and
 * swapped in only when it loaded and rendered; a broken build is thrown away.
 */
export class ConfigRuntime {
  private constructor(
    private readonly engine: LuaEngine,
    readonly files: ConfigFile[],
  ) {}

  static async build(files: ConfigFile[], log: LogFn, persisted: Persisted, builtinCommands: string[] = []): Promise<ConfigRuntime> {
    const engine = await LuaEngine.create({ memoryLimit: 64 * 1024 * 1024, defaultBudgetMs: LOAD_BUDGET_MS });
    try {
      engine.setGlobal('__host_log', (level: unknown, message: unknown) => log(String(level), String(message)));
      engine.setGlobal('__host_parse_key_spec', (spec: unknown) => parseKeySpec(String(spec)));
      engine.setGlobal('__botster', { user_state: persisted.user_state ?? {}, namespaces: persisted.namespaces ?? {} });
      // These reach emscripten's in-memory files or the worker's stdout (which would corrupt the
      // TUI), never the user's disk: remove them rather than let them mislead.
      engine.run('io = nil; dofile = nil; loadfile = nil; require = nil; package = nil', '=botster', { budgetMs: LOAD_BUDGET_MS });
      for (const f of files) engine.run(f.source, f.name, { budgetMs: LOAD_BUDGET_MS });
      const runtime = new ConfigRuntime(engine, files);
      runtime.checkCommands(new Set(builtinCommands));
      return runtime;
    } catch (err) {
      engine.close();
      throw err;
    }
  }

  /** The file whose App:render is live, for error messages about the tree it returns. */
  layoutFile(): string {
    for (let i = this.files.length - 1; i >= 0; i--) {
      if (/function\s+App[:.]render\b|App\.render\s*=/.test(this.files[i].source)) return this.files[i].name;
    }
    return 'layout.lua';
  }

  render(app: AppData): WidgetNode {
    const [raw] = this.engine.call('__botster.render', [app], { budgetMs: RENDER_BUDGET_MS, functions: 'null' });
    try {
      return validateTree(raw);
    } catch (err) {
      if (err instanceof TreeError) throw new Error(formatError(err, this.layoutFile()));
      throw err;
    }
  }

  private exported: ConfigExport | null = null;

  /** Bindings, modes and commands as data; Lua functions travel as handles into this engine. */
  export(): ConfigExport {
    if (!this.exported) {
      const [raw] = this.engine.call('__botster.export', [], { budgetMs: LOAD_BUDGET_MS });
      const data = raw as { bindings: RawBinding[]; modes: ConfigExport['modes']; commands: ConfigExport['commands']; events?: string[]; hooks?: ConfigExport['hooks'] };
      this.exported = {
        bindings: (data.bindings ?? []).map((b) => ({
          mode: b.mode,
          spec: b.spec,
          keys: b.keys,
          desc: b.desc,
          source: b.source,
          action: b.fn ? { kind: 'function' as const, ref: b.fn.__luaFunction } : { kind: 'command' as const, id: b.command ?? '', ...(b.arg !== undefined && b.arg !== null ? { arg: b.arg } : {}) },
        })),
        modes: Array.isArray(data.modes) ? {} : data.modes,
        commands: data.commands ?? [],
        events: data.events ?? [],
        hooks: data.hooks ?? [],
      };
    }
    return this.exported;
  }

  /** A binding naming a command nobody registered is an error at the bind's file:line. */
  private checkCommands(builtin: Set<string>): void {
    const exp = this.export();
    const known = new Set([...builtin, ...exp.commands.map((c) => c.id)]);
    for (const b of exp.bindings) {
      if (b.action.kind === 'command' && !known.has(b.action.id)) throw new Error(`${b.source}: unknown command "${b.action.id}" (keys.bind)`);
    }
  }

  /**
   * Runs the handlers of a hub event in order, each under its own time budget. For before_*
   * events a handler may return a changed payload (passed on) or false, "reason" (cancel).
   */
  dispatch(event: string, payload: unknown, subject: string | null, log: LogFn): DispatchResult {
    const [raw] = this.engine.call('__botster.handlers_for', [event, subject], { budgetMs: RENDER_BUDGET_MS });
    const handlers = (raw as HandlerRef[]) ?? [];
    const before = event.startsWith('before_');
    const notes: string[] = [];
    let current = payload;
    try {
      for (const h of handlers) {
        try {
          const rets = this.engine.call(h.fn, [current], { budgetMs: h.budget_ms, functions: 'null' });
          if (before && rets[0] === false) {
            const reason = typeof rets[1] === 'string' && rets[1] ? rets[1] : `cancelled by ${h.name}`;
            return { payload: current, cancelled: true, reason: `${h.source}: ${reason}`, notes };
          }
          if (before && rets[0] && typeof rets[0] === 'object') current = rets[0];
        } catch (err) {
          const e = err as Error & { kind?: string };
          if (e.kind === 'timeout') {
            const [disabled] = this.engine.call('__botster.overrun', [h.id, OVERRUNS_BEFORE_DISABLE], { budgetMs: RENDER_BUDGET_MS });
            const note = `${h.source} (${h.name}): ${event} handler ran over its ${h.budget_ms} ms budget and was stopped${disabled ? `; disabled after ${OVERRUNS_BEFORE_DISABLE} overruns` : ''}`;
            log('error', note);
            if (disabled) notes.push(note);
          } else {
            log('error', `${h.name} on ${event}: ${e.message}`);
          }
        } finally {
          if (h.once) this.engine.call('hooks.off', [h.id], { budgetMs: RENDER_BUDGET_MS });
        }
      }
    } finally {
      for (const h of handlers) this.engine.release(h.fn);
    }
    return { payload: current, cancelled: false, notes };
  }

  /** The state.get(..., { persist = true }) namespaces, as plain data. */
  persistedNamespaces(): Record<string, unknown> {
    const [out] = this.engine.call('__botster.persisted_namespaces', [], { budgetMs: RENDER_BUDGET_MS, functions: 'null' });
    return out && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
  }

  /** Events with handlers now (once-handlers and disabling change it). */
  subscribedEvents(): string[] {
    const [list] = this.engine.call('__botster.subscribed', [], { budgetMs: RENDER_BUDGET_MS });
    return (list as string[]) ?? [];
  }

  /** Calls a bound Lua function with the app; returns what it asked the hub to do. */
  invoke(ref: number, app: AppData, arg?: unknown): Effect[] {
    const [effects] = this.engine.call('__botster.invoke', [{ __luaFunction: ref }, { ...app, arg }], { budgetMs: RENDER_BUDGET_MS, functions: 'null' });
    return (effects as Effect[]) ?? [];
  }

  runCommand(id: string, app: AppData, arg?: unknown): Effect[] {
    const [effects] = this.engine.call('__botster.run_command', [id, { ...app, arg }], { budgetMs: RENDER_BUDGET_MS, functions: 'null' });
    return (effects as Effect[]) ?? [];
  }

  /** self.state and state.get() tables, as plain data, to hand to the next configuration. */
  persisted(): Persisted {
    try {
      return {
        user_state: this.engine.getGlobal('__botster.user_state', { functions: 'null' }),
        namespaces: this.engine.getGlobal('__botster.namespaces', { functions: 'null' }),
      };
    } catch {
      return {};
    }
  }

  /** Calls a global reload hook (`_before_reload` / `_after_reload`) if the configuration has one. */
  reloadHook(name: '_before_reload' | '_after_reload', log: LogFn): void {
    try {
      this.engine.run(`if type(${name}) == "function" then ${name}() end`, `=${name}`, { budgetMs: RENDER_BUDGET_MS });
    } catch (err) {
      log('error', `${name}: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    this.engine.close();
  }
}

const OVERRUNS_BEFORE_DISABLE = 3;

interface HandlerRef {
  id: number;
  fn: { __luaFunction: number };
  once: boolean;
  name: string;
  source: string;
  budget_ms: number;
}

export interface DispatchResult {
  payload: unknown;
  cancelled: boolean;
  reason?: string;
  /** Handlers disabled for running over budget, to show the user. */
  notes: string[];
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

export { LuaScriptError };
