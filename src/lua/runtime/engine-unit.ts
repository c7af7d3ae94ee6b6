import { clisOf } from '../../agents/cli-info.js';
import { verbName } from '../../wire/verb-aliases.js';
import type { CallOptions, LuaEngine } from '../engine/index.js';
import type { AppData } from '../../hub/self.js';
import type { ConfigExport } from '../../hub/configuration.js';
import type { LuaRequest } from '../../hub/requests.js';
import { handlerError } from './locate-error.js';
import type { PieceInfo } from './slots.js';
import { ENTRY_PATHS, type Entries, type Entry } from './unit-world.js';
import type { PluginEntries } from './plugin-gates.js';
import type { LuaTasks } from './lua-tasks.js';

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
  /** keys.bind's { verb = ... }: `command` is the verb's name. */
  verb?: boolean;
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

/** A description as the hub shows it: Lua lets any value through (`{ desc = {} }`), the keymap takes text. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/**
 * A sandboxed unit's export with text where the hub expects text: a table (or blank text) given as
 * a description would make the keymap or the command registry refuse it, and the configuration
 * report an error at every reload, whoever's change it was.
 */
function plain(exp: ConfigExport): ConfigExport {
  return {
    ...exp,
    bindings: exp.bindings.map((b) => ({ ...b, desc: text(b.desc) })),
    modes: Object.fromEntries(
      Object.entries(exp.modes ?? {}).map(([name, m]) => [name, { ...m, desc: text(m.desc) }]),
    ),
    commands: exp.commands.map((c) => ({
      ...c,
      desc: text(c.desc).trim() || c.id,
      category: text(c.category),
    })),
    hooks: exp.hooks.map((h) => ({ ...h, name: text(h.name) })),
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

/** A sandboxed unit's entry points (unit-world.ts) and the file errors name. */
export interface UnitWorld {
  entries: Entries;
  file: string;
  /** A plugin's: where its pipelines are (plugin-gates.ts). */
  plugin?: PluginEntries;
}

/**
 * One Lua state's keys, commands and hooks as the hub uses them: the trusted configuration is
 * one unit, every improvement (in its own sandbox) another. `owner` names the improvement. A
 * sandboxed unit is called through the entry points taken before its code ran (`world`), the
 * trusted configuration through its globals.
 */
export class EngineUnit {
  constructor(
    readonly engine: LuaEngine,
    private readonly budgetMs: number,
    readonly owner: string | null = null,
    private readonly world?: UnitWorld,
    /** Its timers, requests and processes (lua-tasks.ts). */
    readonly tasks?: LuaTasks,
  ) {}

  /**
   * Runs the callbacks of the tasks that finished (lua/core/tasks.lua) with the hub's view: the
   * requests they made, and the errors of those that failed.
   */
  runDue(app: AppData): { requests: LuaRequest[]; errors: string[] } {
    const due = this.tasks?.takeDue() ?? [];
    if (!due.length) return { requests: [], errors: [] };
    const [requests, errors] = this.call('run_due', [due, { ...app }], {
      budgetMs: this.budgetMs,
      functions: 'null',
    });
    const shown = (Array.isArray(errors) ? errors : [])
      .map((e) => handlerError(new Error(String(e)), this.file ?? 'lua', MEMORY_MB))
      .flatMap((message) => {
        // A timer failing every 100 ms is shown on its 1st, 10th, 100th... failure, as a handler is.
        if (this.dueFailures.size > 1000) this.dueFailures.clear();
        const count = (this.dueFailures.get(message) ?? 0) + 1;
        this.dueFailures.set(message, count);
        return worthShowing(count) ? [count > 1 ? `${message} (failed ${count} times)` : message] : [];
      });
    return { requests: (requests as LuaRequest[]) ?? [], errors: shown };
  }

  /** Failures of timers' and tasks' callbacks, by message. */
  private readonly dueFailures = new Map<string, number>();

  /** The file its errors name (an improvement's or an untrusted project's; null: the configuration's files). */
  get file(): string | null {
    return this.world?.file ?? null;
  }

  /** Calls one of the core functions the host uses in this state. */
  call(entry: Entry, args: unknown[], opts: CallOptions): unknown[] {
    return this.engine.call(this.world?.entries[entry] ?? ENTRY_PATHS[entry], args, opts);
  }

  /** A plugin's pipeline definition or function call (null: not a plugin, or no such pipeline). */
  pipeline(entry: keyof PluginEntries, args: unknown[]): unknown {
    const ref = this.world?.plugin?.[entry];
    if (!ref) return null;
    return this.engine.call(ref, args, { budgetMs: this.budgetMs * 2, functions: 'null' })[0] ?? null;
  }

  /** Its state.get tables, as plain data (to carry across a reload). */
  namespaces(): unknown {
    if (!this.world) return this.engine.getGlobal('__botster.namespaces', { functions: 'null' });
    return this.engine.call(this.world.entries.namespaces, [], {
      budgetMs: this.budgetMs,
      functions: 'null',
    })[0];
  }

  private exported: ConfigExport | null = null;
  /** Failures per handler id since this configuration was built. */
  private readonly failures = new Map<number, number>();

  /** Bindings, modes and commands as data; Lua functions travel as handles into this engine. */
  export(): ConfigExport {
    if (!this.exported) {
      const [raw] = this.call('export', [], { budgetMs: this.budgetMs * 5 });
      const data = raw as {
        bindings: RawBinding[];
        modes: ConfigExport['modes'];
        commands: ConfigExport['commands'];
        events?: string[];
        hooks?: ConfigExport['hooks'];
        unbinds?: ConfigExport['unbinds'];
        profiles?: ConfigExport['profiles'];
        clis?: unknown;
        settings?: ConfigExport['settings'];
        routes?: ConfigExport['routes'];
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
                // (an older id of a verb's command names it: `app.stop` is hub.stop)
                id: verbName(b.command ?? ''),
                ...(b.arg !== undefined && b.arg !== null ? { arg: b.arg } : {}),
                ...(b.verb === true ? { verb: true as const } : {}),
              },
        })),
        modes: Array.isArray(data.modes) ? {} : data.modes,
        commands: (data.commands ?? []).map((c) => ({
          ...c,
          id: verbName(c.id),
          ...(this.owner ? { owner: this.owner } : {}),
        })),
        events: data.events ?? [],
        hooks: data.hooks ?? [],
        routes: Array.isArray(data.routes) ? data.routes : [],
        unbinds: (data.unbinds ?? []).map((u) => (this.owner ? { ...u, owner: this.owner } : u)),
        profiles: this.owner ? [] : (data.profiles ?? []),
        // An improvement's CLI is its adapter only: it names no packages and wires no hooks.
        ...(this.owner ? {} : { clis: clisOf(data.clis) }),
        ...(this.owner || !data.settings ? {} : { settings: data.settings }),
      };
      if (this.world) this.exported = plain(this.exported);
      if (this.untrustedProject) this.exported = confined(this.exported);
    }
    return this.exported;
  }

  /** A project file the user has not trusted (see confined). */
  get untrustedProject(): boolean {
    return !!this.owner?.startsWith('project:');
  }

  /** An improvement an agent pushed (not a plugin you added, not a project's file). */
  get improvement(): boolean {
    return !!this.owner && !this.owner.startsWith('plugin:') && !this.owner.startsWith('project:');
  }

  private pieceList: PieceInfo[] | null = null;

  /** The layout pieces this state registered while its files loaded (layout.piece). */
  pieces(): PieceInfo[] {
    if (!this.pieceList) {
      const [raw] = this.call('pieces_export', [], { budgetMs: this.budgetMs });
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
    const [raw] = this.call('handlers_for', [event, subject], { budgetMs: this.budgetMs });
    const handlers = (raw as HandlerRef[]) ?? [];
    const requests: LuaRequest[] = [];
    if (handlers.length === 0) return { payload, cancelled: false, notes: [], requests };
    // An untrusted project's handlers look on: they neither change what starts nor stop it. An
    // improvement's may refuse it, never change it (what starts, with what env, in what box, what is
    // typed): what an agent pushed, from a box or not, never runs as you (docs/lua/improvements.md).
    const before = event.startsWith('before_') && !this.untrustedProject;
    const looksOn = this.untrustedProject || this.improvement;
    const notes: string[] = [];
    let current = payload;
    try {
      // Every handler gets the same app (the hub as it is now) beside the payload.
      this.call('set_hook_app', [app?.() ?? null], { budgetMs: this.budgetMs, functions: 'null' });
      for (const h of handlers) {
        // A sandboxed unit's handler gets at most the unit's budget per call, whatever it asked for.
        const budget = this.world
          ? Math.min(Math.max(Number(h.budget_ms) || this.budgetMs, 1), this.budgetMs)
          : h.budget_ms;
        try {
          // (an untrusted project's handler gets a copy: what it does to it goes nowhere)
          const [asked, ...rets] = this.call(
            'call_hook',
            [h.fn, looksOn ? structuredClone(current) : current],
            { budgetMs: budget, functions: 'null' },
          );
          if (Array.isArray(asked)) requests.push(...(asked as LuaRequest[]));
          if (before && rets[0] === false) {
            const reason = typeof rets[1] === 'string' && rets[1] ? rets[1] : `cancelled by ${h.name}`;
            return { payload: current, cancelled: true, reason: `${h.source}: ${reason}`, notes, requests };
          }
          if (before && rets[0] && typeof rets[0] === 'object') {
            if (!looksOn) current = rets[0];
            else if (JSON.stringify(rets[0]) !== JSON.stringify(current))
              log(
                'info',
                `${h.source} (${h.name}): an improvement may refuse ${event}, not change it: its change was dropped`,
              );
          }
        } catch (err) {
          const e = err as Error & { kind?: string };
          if (e.kind === 'timeout') {
            const disabled = this.overrun(h.id);
            const note = `${h.source} (${h.name}): ${event} handler ran over its ${budget} ms budget and was stopped${disabled ? `; disabled after ${OVERRUNS_BEFORE_DISABLE} overruns` : ''}`;
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
          if (h.once) this.call('hooks_off', [h.id], { budgetMs: this.budgetMs });
        }
      }
    } finally {
      for (const h of handlers) this.engine.release(h.fn);
    }
    return { payload: current, cancelled: false, notes, requests };
  }

  /** Counts a handler's overrun; true when that disabled it. */
  private overrun(id: number): boolean {
    try {
      const [disabled] = this.call('overrun', [id, OVERRUNS_BEFORE_DISABLE], { budgetMs: this.budgetMs });
      return disabled === true;
    } catch {
      return false; // the state cannot count (out of memory): the next overrun tries again
    }
  }

  /** Events with handlers now (once-handlers and disabling change it). */
  subscribedEvents(): string[] {
    const [list] = this.call('subscribed', [], { budgetMs: this.budgetMs });
    return (list as string[]) ?? [];
  }

  /** Calls a bound Lua function with the app; returns what it asked the hub to do. */
  invoke(ref: number, app: AppData, arg?: unknown): LuaRequest[] {
    const [effects] = this.call('invoke', [{ __luaFunction: ref }, { ...app, arg }], {
      budgetMs: this.budgetMs,
      functions: 'null',
    });
    return (effects as LuaRequest[]) ?? [];
  }

  runCommand(id: string, app: AppData, arg?: unknown): LuaRequest[] {
    const [effects] = this.call('run_command', [id, { ...app, arg }], {
      budgetMs: this.budgetMs,
      functions: 'null',
    });
    return (effects as LuaRequest[]) ?? [];
  }

  /**
   * The route for a web request (lua/core/web.lua), run like a command with `app` as its self. Only
   * the configuration's own unit has routes: a sealed one (an improvement, a plugin) adds none.
   */
  webRoute(req: unknown, app: AppData): unknown {
    const opts = { budgetMs: this.budgetMs, functions: 'null' as const };
    return this.engine.call('__botster.web_dispatch', [req, { ...app }], opts)[0];
  }

  /** The route that waited with `token` for a verb (app:call) goes on with its answer. */
  webResume(token: number, answer: unknown, app: AppData): unknown {
    const opts = { budgetMs: this.budgetMs, functions: 'null' as const };
    return this.engine.call('__botster.web_resume', [token, answer, { ...app }], opts)[0];
  }

  /** The page of a route whose configuration reloaded while it waited for `verb`, saying its answer. */
  webReloaded(verb: string, answer: unknown): unknown {
    const opts = { budgetMs: this.budgetMs, functions: 'null' as const };
    return this.engine.call('__botster.web_reloaded', [verb, answer], opts)[0];
  }

  /** The user chose in (or cancelled) the dialog `id` this unit opened: runs its callback. */
  resolveDialog(id: number, value: unknown, app: AppData): LuaRequest[] {
    const [effects] = this.call('resolve_dialog', [id, value, { ...app }], {
      budgetMs: this.budgetMs,
      functions: 'null',
    });
    return (effects as LuaRequest[]) ?? [];
  }

  dispose(): void {
    this.tasks?.stop();
    this.engine.close();
  }
}
