import { LuaEngine, LuaScriptError } from '../engine/index.js';
import { TreeError, treeErrors, validateTree } from '../../widgets/validate-tree.js';
import type { WidgetNode } from '../../tree/types.js';
import type { AppData } from '../../hub/self.js';
import type { ConfigExport } from '../../hub/configuration.js';
import type { ConfigFile } from './config-file.js';
import type { LuaRequest } from '../../hub/requests.js';
import { formatKeyForDisplay } from '../../keys/key-spec.js';
import { keyFor } from './key-for.js';
import { EngineUnit, type DispatchResult, type LogFn } from './engine-unit.js';
import { loadSandboxed } from './sandboxed-files.js';
import { loadError, renderError } from './locate-error.js';
import { detectAcross, type StatusVerdict } from './status-units.js';
import { RESUME_BUDGET_MS, type ResumeAnswer } from './resume-answer.js';
import type { PermissionVerdict } from './permission-verdict.js';
import { SlotPieces, withFacts, type PieceHost } from './slot-pieces.js';
import { RuntimePipelines } from './runtime-pipelines.js';
import { mergedExport, shippedSource } from './merged-export.js';
import { keyCollisions } from './key-collisions.js';
import { installPrimitives } from './primitives.js';
import { FULL_TRUST } from './task-grants.js';
import type { LuaTasks } from './lua-tasks.js';
import { IMPROVEMENT_MEMORY_MB, LOAD_BUDGET_MS, MEMORY_MB, RENDER_BUDGET_MS } from './config-limits.js';
import { installHostCalls, loadConfigFiles, runConfigFiles } from './config-load.js';
import type { ConfigStandby } from './config-standby.js';
import { persistedOf, type Persisted } from './persisted.js';
import { checkCommands, leaveOutUnknownCommands } from './unknown-commands.js';
import { dispatchAcross, subscribedAcross, UnitFailures, type RuntimeDispatch } from './unit-hooks.js';

export type { DispatchResult, LogFn, Persisted, ResumeAnswer, RuntimeDispatch, StatusVerdict };

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
  private readonly main: EngineUnit;
  private readonly improvements = new Map<string, EngineUnit>();
  /** Every state's layout pieces. */
  pieces: SlotPieces | null = null;

  private constructor(
    private readonly engine: LuaEngine,
    readonly files: ConfigFile[],
    tasks: LuaTasks,
  ) {
    this.main = new EngineUnit(engine, RENDER_BUDGET_MS, null, undefined, tasks);
  }

  /**
   * `collect` (botster-tui check): bad key specs and unknown commands are gathered there instead of
   * stopping the load at the first one.
   */
  static async build(
    files: ConfigFile[],
    log: LogFn,
    persisted: Persisted,
    builtinCommands: string[] = [],
    collect?: string[],
    pieces?: PieceHost,
    standby?: ConfigStandby | null,
  ): Promise<ConfigRuntime> {
    // Begun ahead (config-standby.ts) when it is what this build reaches after its shipped files.
    const ahead = !collect && standby?.fits(files, persisted) ? standby.take() : null;
    const engine =
      ahead?.engine ??
      (await LuaEngine.create({
        memoryLimit: MEMORY_MB * 1024 * 1024,
        defaultBudgetMs: LOAD_BUDGET_MS,
      }));
    let runtime: ConfigRuntime | null = null;
    let tasks: LuaTasks | null = ahead?.tasks ?? null;
    try {
      if (ahead) runConfigFiles(engine, files, ahead.ran, files.length);
      else {
        installHostCalls(engine, log);
        // Your own files may reach everything (json, crypto, timer, http, process, git).
        tasks = installPrimitives(engine, null, FULL_TRUST);
        loadConfigFiles(engine, files, persisted, collect);
      }
      const rt = (runtime = new ConfigRuntime(engine, files, tasks!)); // (set on both paths)
      engine.setGlobal('__host_key_for', rt.keyForHost);
      const notice = pieces?.notice ?? ((text: string) => log('error', text));
      const sandboxed = await loadSandboxed(
        files,
        notice,
        persisted.improvements ?? {},
        log,
        standby?.sandboxes,
      );
      for (const [name, unit] of sandboxed) {
        try {
          // (raw, into the state's own globals: nothing the improvement did to its world is in the way)
          unit.engine.setGlobal('__host_key_for', rt.keyForHost);
          rt.improvements.set(name, unit);
        } catch (err) {
          unit.dispose();
          notice(
            `${loadError(err, unit.file ?? name, IMPROVEMENT_MEMORY_MB).message} (improvement ${name} left out)`,
          );
        }
      }
      leaveOutUnknownCommands(rt.main, rt.improvements, new Set(builtinCommands), notice);
      // ui.slot asks for them through __host_slot.
      rt.pieces = SlotPieces.install(engine, [rt.main, ...rt.improvements.values()], files, pieces);
      checkCommands(rt.export(), new Set(builtinCommands), collect);
      for (const text of keyCollisions(rt.export().bindings, shippedSource(files))) notice(text);
      return rt;
    } catch (err) {
      if (runtime)
        runtime.dispose(); // its improvements' states too
      else {
        tasks?.stop();
        engine.close();
      }
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

  /** App:render() with this frame's pieces; the raw tree. Drawing starts no timer, request or process. */
  private renderRaw(app: AppData): unknown {
    const units = [this.main, ...this.improvements.values()];
    for (const u of units) if (u.tasks) u.tasks.drawing = true;
    try {
      return this.pieces!.during(
        app,
        () =>
          this.engine.call('__botster.render', [app], { budgetMs: RENDER_BUDGET_MS, functions: 'null' })[0],
      );
    } finally {
      for (const u of units) if (u.tasks) u.tasks.drawing = false;
    }
  }

  render(app: AppData): WidgetNode {
    try {
      return validateTree(this.renderRaw(app));
    } catch (err) {
      throw renderError(err, this.layoutFile(), () => this.renderDefinedAt(), MEMORY_MB);
    }
  }

  /** `file:line` where the live App:render is defined. */
  private renderDefinedAt(): string | null {
    const [where] = this.engine.call('__botster.defined_at', ['App.render'], { budgetMs: RENDER_BUDGET_MS });
    return typeof where === 'string' ? where : null;
  }

  /** Every problem of a trial render (`botster-tui check`): each bad widget and prop, not only the first. */
  renderProblems(app: AppData): string[] {
    let raw: unknown;
    try {
      raw = this.renderRaw(app);
    } catch (err) {
      return [renderError(err, this.layoutFile(), () => this.renderDefinedAt(), MEMORY_MB).message];
    }
    return treeErrors(raw).map((e) => `${this.layoutFile()}: ${e.message}`);
  }

  /**
   * What each agent's profile says resumes its conversation (lua/core/profiles.lua): a command, or
   * nothing to resume, or why it could not say. Reading transcripts takes a while: its own budget.
   */
  resume(agents: unknown[]): ResumeAnswer[] {
    const [out] = this.engine.call('__botster.resume_all', [agents], {
      budgetMs: RESUME_BUDGET_MS,
      functions: 'null',
    });
    const list = Array.isArray(out) ? out : [];
    return agents.map((_, i) =>
      list[i] && typeof list[i] === 'object' ? (list[i] as ResumeAnswer) : { none: true },
    );
  }

  /**
   * An agent's permission question through the policy (lua/core/permissions.lua: permissions.decide
   * of the configuration alone, never an improvement's): its raw answer, which the hub makes sure of.
   */
  permission(q: unknown, app: AppData): PermissionVerdict {
    const [out] = this.engine.call('__botster.permission_decide', [q, app], {
      budgetMs: RENDER_BUDGET_MS,
      functions: 'null',
    });
    return out && typeof out === 'object' ? (out as PermissionVerdict) : {};
  }

  /** Pipelines defined in this configuration, in its plugins, or in a file run here (runtime-pipelines.ts). */
  private pipelinesCache: RuntimePipelines | null = null;
  get pipelines(): RuntimePipelines {
    return (this.pipelinesCache ??= new RuntimePipelines(this.engine, this.improvements));
  }

  /** The state.get(..., { persist = true }) namespaces, as plain data. */
  persistedNamespaces(): Record<string, unknown> {
    const [out] = this.engine.call('__botster.persisted_namespaces', [], {
      budgetMs: RENDER_BUDGET_MS,
      functions: 'null',
    });
    return out && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
  }

  private exportCache: ConfigExport | null = null;
  private readonly keyCache = new Map<string, string | null>();

  /** keys.key_for(mode, id) in Lua: the key that runs a command in a mode, as people read it. */
  readonly keyForHost = (mode: unknown, id: unknown): string | null => {
    const k = `${String(mode)}\0${String(id)}`;
    if (!this.keyCache.has(k)) {
      const spec = keyFor(this.export(), String(mode), String(id));
      this.keyCache.set(k, spec === null ? null : formatKeyForDisplay(spec));
    }
    return this.keyCache.get(k) ?? null;
  };

  /** Every state's keys, commands and hooks in load order (merged-export.ts). */
  export(): ConfigExport {
    return (this.exportCache ??= mergedExport(
      this.files,
      this.main.export(),
      [...this.improvements.values()],
      this.pieces!.list(),
    ));
  }

  /** Hub events: the configuration's handlers first, then each improvement's (each under budget). */
  dispatch(
    event: string,
    payload: unknown,
    subject: string | null,
    log: LogFn,
    app?: AppData | null,
  ): RuntimeDispatch {
    const units = [this.main, ...this.improvements.values()];
    const appFor = (owner: string, a: AppData) => this.appFor(owner, a);
    return dispatchAcross({ units, failures: this.unitFailures, appFor }, event, payload, subject, log, app);
  }

  subscribedEvents(): string[] {
    return subscribedAcross([this.main, ...this.improvements.values()]);
  }

  /** Failures of an improvement as a whole (not of one of its handlers), to show 1st, 10th, 100th... */
  private readonly unitFailures = new UnitFailures();

  /** A web route (src/web/): yours first, then a plugin's (granted `web`); `owner` says whose. */
  webRoute(req: unknown, app: AppData): unknown {
    const own = this.main.webRoute(req, app) as { missing?: boolean } | null;
    if (!own?.missing) return own;
    for (const [name, unit] of this.improvements) {
      if (!name.startsWith('plugin:')) continue;
      const r = unit.webRoute(req, this.appFor(name, app)) as { missing?: boolean } | null;
      if (r && !r.missing) return { ...r, owner: name };
    }
    return own;
  }

  /** The route of `owner` (absent: yours) that waited for a verb goes on with its answer. */
  webResume(token: number, answer: unknown, app: AppData, owner?: string): unknown {
    const r = this.unit(owner).webResume(token, answer, this.appFor(owner, app));
    return owner && r && typeof r === 'object' ? { ...r, owner } : r;
  }

  /** The page of a route whose configuration reloaded while it waited for `verb` (yours says it). */
  webReloaded(verb: string, answer: unknown): unknown {
    return this.main.webReloaded(verb, answer);
  }

  private unit(owner?: string | null): EngineUnit {
    if (!owner) return this.main;
    const u = this.improvements.get(owner);
    if (!u) throw new Error(`improvement "${owner}" is not live`);
    return u;
  }

  invoke(ref: number, app: AppData, arg?: unknown, owner?: string | null): LuaRequest[] {
    return this.unit(owner).invoke(ref, this.appFor(owner, app), arg);
  }

  /**
   * Asks the status adapters what an agent is doing (the contract is in lua/core/status.lua): the
   * verdict of the first that answers, or null. The configuration's adapters and those live
   * improvements added, merged by priority and name (status-units.ts); `trial`: an improvement
   * under review, in place of its live version if it has one.
   */
  detectStatus(
    agent: unknown,
    screen: unknown,
    explain = false,
    trial?: { name: string; unit: EngineUnit },
  ): StatusVerdict | null {
    const units = [
      this.main,
      ...[...this.improvements].filter(([n]) => n !== trial?.name).map(([, u]) => u),
      ...(trial ? [trial.unit] : []),
    ];
    return detectAcross(units, agent, screen, explain, RENDER_BUDGET_MS);
  }

  /**
   * Runs the function bound to mode + keys in the live configuration. Keys name the binding rather
   * than a function handle, so a key pressed while a reload swaps configurations still finds it.
   */
  invokeBinding(mode: string, keys: string, app: AppData, owner?: string | null): LuaRequest[] {
    const unit = this.unit(owner);
    const b = unit
      .export()
      .bindings.find((x) => x.mode === mode && x.keys.join(' ') === keys && x.action.kind === 'function');
    if (!b || b.action.kind !== 'function')
      throw new Error(`the binding ${mode} "${keys}" is gone (the configuration changed)`);
    return unit.invoke(b.action.ref, this.appFor(owner, app));
  }

  resolveDialog(id: number, value: unknown, app: AppData, owner?: string | null): LuaRequest[] {
    return this.unit(owner).resolveDialog(id, value, this.appFor(owner, app));
  }

  runCommand(id: string, app: AppData, arg?: unknown, owner?: string | null): LuaRequest[] {
    return this.unit(owner).runCommand(id, this.appFor(owner, app), arg);
  }

  /**
   * The app an improvement's code gets: the same facts the configuration's code sees, including
   * what the configuration's Lua derives from them (App:attention), which a sandbox without App
   * cannot work out itself (App:attention, App:status_hint).
   */
  private appFor(owner: string | null | undefined, app: AppData): AppData {
    if (!owner) return app;
    try {
      const [facts] = this.engine.call('__botster.derived_facts', [app], {
        budgetMs: RENDER_BUDGET_MS,
        functions: 'null',
      });
      return withFacts(app, facts);
    } catch {
      return app; // the configuration's rule failed: its own render reports that
    }
  }

  /** self.state and state.get() tables, as plain data, to hand to the next configuration. */
  persisted(): Persisted {
    return persistedOf(this.engine, this.improvements);
  }

  /** Calls a global reload hook (`_before_reload` / `_after_reload`) if the configuration has one. */
  reloadHook(name: '_before_reload' | '_after_reload', log: LogFn): void {
    try {
      this.engine.run(`if type(${name}) == "function" then ${name}() end`, `=${name}`, {
        budgetMs: RENDER_BUDGET_MS,
      });
    } catch (err) {
      log('error', `${name}: ${(err as Error).message}`);
    }
  }

  /** It went live: the timers, requests and processes its files asked for at load start now. */
  activate(): void {
    for (const u of [this.main, ...this.improvements.values()]) u.tasks?.activate();
  }

  /** It was replaced: its timers stop, its requests end, nothing more of them is delivered. */
  stopTasks(): void {
    for (const u of [this.main, ...this.improvements.values()]) u.tasks?.stop();
  }

  /** The callbacks of `owner`'s finished tasks (null: the configuration's), with the hub's view. */
  runDue(owner: string | null, app: AppData): { requests: LuaRequest[]; errors: string[] } {
    const unit = owner ? this.improvements.get(owner) : this.main;
    if (!unit) return { requests: [], errors: [] }; // (gone with a reload)
    return unit.runDue(this.appFor(owner, app));
  }

  dispose(): void {
    for (const u of this.improvements.values()) u.dispose();
    this.main.tasks?.stop();
    this.engine.close();
  }
}

export { LuaScriptError };
