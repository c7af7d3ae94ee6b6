import { LuaStalledError } from './lua-answers.js';
import type { EarlyWorker } from '../lua/worker-rpc/worker-rpc.js';
import type { AppData } from '../hub/self.js';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import type { LuaRequest } from '../hub/requests.js';
import type { ResumeAnswer, StatusVerdict } from '../lua/runtime/config-runtime.js';
import type { PermissionVerdict } from '../lua/runtime/permission-verdict.js';
import { PieceWatch } from '../lua/piece-watch.js';
import { LuaProcesses } from './lua-processes.js';
import type { WidgetNode } from '../tree/types.js';
import { trace } from '../trace/trace.js';
import type { HubState } from '../hub/state.js';
import { WorkerTimeoutError } from '../lua/worker-rpc/index.js';
import {
  CONFIGURE_TIMEOUT_MS,
  RENDER_TIMEOUT_MS,
  RESUME_TIMEOUT_MS,
  WORKER_SCRIPT,
  WorkerCalls,
} from './worker-calls.js';
import type { EmitResult, CheckResult, LuaRun, ConfigureResult } from './lua-answers.js';
import type { LuaValue } from '../lua/lua-value.js';
import { configureKey, sameConfigure, type ConfigureKey } from './configure-key.js';
// (Importers of lua-host.ts keep finding them here.)
export * from './lua-answers.js';
export { WORKER_SCRIPT };

/**
 * The main thread's handle on the Lua configuration running in a worker. Keeps the last good
 * file set, so a worker killed for a runaway call comes back with the configuration that worked.
 */
export class LuaHost extends WorkerCalls {
  private lastGood: ConfigFile[] | null = null;
  private layoutFile = 'layout.lua';
  /** Layout pieces that failed (piece-watch.ts). */
  readonly pieces = new PieceWatch();
  /** Command ids the hub implements, so bindings to them check out in the worker. */
  builtinCommands: string[] = [];
  /** Persisted state.get namespaces read at start, for a worker that has none yet. */
  restored: Record<string, unknown> = {};
  /** The hub's clock (the time Lua's requests are applied at). */
  now: () => number = () => performance.now();
  /** Between a worker restart and the last good configuration being live again. */
  private restoring = false;
  /** Counts configurations that went live (and worker restarts): a tree rendered under an older one is stale. */
  generation = 0;
  private readonly logListeners = new Set<(level: string, message: string) => void>();
  private readonly restartListeners = new Set<(reason: string) => void>();

  constructor(script: string = WORKER_SCRIPT, adopt?: EarlyWorker) {
    super(script, adopt);
    this.rpc.onNotify((name, payload) => {
      this.pieces.notified(name, payload);
      if (name === 'due') for (const cb of this.dueListeners) cb((payload as { owner: string | null }).owner);
      if (name === 'pid')
        this.processes.note(payload as { pid: number; alive: boolean; who?: string | null });
      for (const cb of this.notifyListeners) cb(name, payload);
      if (name !== 'log') return;
      const { level, message } = payload as { level: string; message: string };
      for (const cb of this.logListeners) cb(level, message);
    });
    this.rpc.onRestart((reason) => {
      this.pieces.restarted();
      this.processes.stopAll();
      this.restoring = true;
      this.generation++;
      for (const cb of this.restartListeners) cb(reason);
      // Bring the last configuration that worked back into the fresh worker. No trial render:
      // the state that made the old worker hang would hang this one too. Its key handles are new,
      // so listeners get the new keymap.
      if (!this.lastGood) return void (this.restoring = false);
      this.rpc
        .request<ConfigureResult>(
          'configure',
          {
            files: this.lastGood,
            app: null,
            builtinCommands: this.builtinCommands,
            disabledPieces: this.pieces.disabled(),
          },
          { timeoutMs: CONFIGURE_TIMEOUT_MS },
        )
        .then((res) => {
          this.restoring = false;
          for (const cb of this.restoredListeners) cb(res);
          // (a fresh worker's next configuration is begun ahead once it knows the hub is up)
          if (this.upSaid) this.startedUp();
        })
        .catch(() => {});
    });
  }

  /** Calls into Lua not answered yet (a test waits for them before it looks). */
  get unanswered(): number {
    return this.rpc.unanswered;
  }

  /** False while the worker restarts: commands then fall back to their built-ins. */
  get ready(): boolean {
    return !this.restoring;
  }

  start(): Promise<void> {
    return this.rpc.start();
  }

  private upSaid = false;

  /**
   * The hub's first frame is out: the worker may now begin the next configuration ahead
   * (lua-worker.ts holds its first one back so it does not compete with that frame).
   */
  startedUp(): void {
    this.upSaid = true;
    this.rpc.request('startedUp', {}).catch(() => {});
  }

  /** Evaluates a whole new configuration; it goes live only if it loads and renders. */
  private early: { key: ConfigureKey; result: Promise<ConfigureResult>; settled: boolean } | null = null;

  /** The configuration preconfigure() started is still being evaluated. */
  get preconfiguring(): boolean {
    return !!this.early && !this.early.settled;
  }

  /**
   * Starts evaluating the first configuration before the hub is built (the CLI does this while the
   * UI is still loading); the hub's first configure() with the same files and app takes it.
   */
  preconfigure(files: ConfigFile[], app: AppData): void {
    const params = {
      files,
      app,
      builtinCommands: this.builtinCommands,
      restored: this.restored,
      disabledPieces: this.pieces.disabled(),
    };
    const result = this.start().then(() =>
      this.rpc.request<ConfigureResult>('configure', params, { timeoutMs: CONFIGURE_TIMEOUT_MS }),
    );
    const early = { key: configureKey(params), result, settled: false };
    result.then(
      () => (early.settled = true),
      () => (early.settled = true),
    );
    this.early = early;
  }

  async configure(files: ConfigFile[], app: AppData, retried = false): Promise<ConfigureResult> {
    let result: ConfigureResult;
    const params = {
      files,
      app,
      builtinCommands: this.builtinCommands,
      restored: this.restored,
      disabledPieces: this.pieces.disabled(),
    };
    const early = this.early;
    this.early = null;
    const hit = !!early && sameConfigure(early.key, configureKey(params));
    if (early) trace(`lua: first configuration ${hit ? 'evaluated early' : 'evaluated again (it changed)'}`);
    try {
      result = hit
        ? await early!.result
        : await this.rpc.request<ConfigureResult>('configure', params, { timeoutMs: CONFIGURE_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof WorkerTimeoutError) {
        // A layout piece stalled its trial render: it is off now, so the rest can go live.
        if (this.pieces.takeStall() && !retried) return this.configure(files, app, true);
        const last = files.filter((f) => f.layer === 'user').pop()?.name ?? files[files.length - 1]?.name;
        throw new LuaStalledError(
          `${last}: loading the configuration and its first App:render() did not finish within ${CONFIGURE_TIMEOUT_MS} ms and was stopped (runaway pattern match?)`,
        );
      }
      throw err;
    }
    this.lastGood = files;
    this.restoring = false;
    this.generation++;
    this.layoutFile = result.layoutFile;
    return result;
  }

  async render(app: AppData): Promise<WidgetNode> {
    try {
      return await this.rpc.request<WidgetNode>('render', { app }, { timeoutMs: RENDER_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof WorkerTimeoutError) {
        throw new LuaStalledError(
          `${this.layoutFile}: App:render() did not return within ${RENDER_TIMEOUT_MS} ms and was stopped (runaway pattern match?)`,
        );
      }
      throw err;
    }
  }

  /** `botster-tui check`: every problem of these files (loading and a trial render); nothing goes live. */
  check(files: ConfigFile[], app: AppData, render?: string): Promise<CheckResult> {
    return this.rpc.request<CheckResult>(
      'check',
      { files, app, builtinCommands: this.builtinCommands, render },
      { timeoutMs: CONFIGURE_TIMEOUT_MS },
    );
  }

  /** The namespaces to save (state.get with persist = true). */
  persistedNamespaces(): Promise<Record<string, unknown>> {
    return this.call<Record<string, unknown>>('persistedNamespaces', {}, 'saving state');
  }

  /** Runs the Lua handlers of a hub event; before_* events come back changed or cancelled. */
  emit(event: string, payload: unknown, subject: string | null, app?: AppData): Promise<EmitResult> {
    return this.call<EmitResult>('emit', { event, payload, subject, app }, `the ${event} handlers`);
  }

  /** What each agent's profile says resumes its conversation (see ConfigRuntime.resume). */
  async resume(agents: unknown[]): Promise<ResumeAnswer[]> {
    try {
      return await this.rpc.request<ResumeAnswer[]>('resume', { agents }, { timeoutMs: RESUME_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof WorkerTimeoutError)
        throw new LuaStalledError(
          `the profiles' resume functions did not return within ${RESUME_TIMEOUT_MS} ms and were stopped`,
        );
      throw err;
    }
  }

  /** What permissions.decide answers an agent's question (raw: the caller makes sure of it). */
  permission(q: unknown, app: AppData): Promise<PermissionVerdict> {
    return this.call<PermissionVerdict>('permission', { q, app }, 'permissions.decide');
  }

  /** Runs a pipeline file in the live configuration; the ids it defined (errors: `FILE:line: message`). */
  pipelineLoad(file: { path: string; source: string }): Promise<string[]> {
    return this.call<string[]>('pipelineLoad', { file }, `pipeline file ${file.path}`);
  }

  /** A pipeline's definition as data (null: none of that id). */
  pipelineDef(id: string, file?: { path: string; source: string }): Promise<LuaValue> {
    return this.call('pipelineDef', { id, file }, `pipeline ${id}`);
  }

  /** Calls one of a pipeline's Lua functions by name. */
  pipelineCall(
    id: string,
    name: string,
    args: unknown[],
    file?: { path: string; source: string },
  ): Promise<LuaValue> {
    return this.call('pipelineCall', { id, name, args, file }, `pipeline ${id}'s ${name}`);
  }

  /** Runs a bound Lua function (by handle) and returns the requests it asked for. */
  invoke(ref: number, app: AppData, arg?: unknown, owner?: string): Promise<LuaRequest[]> {
    return this.call<LuaRequest[]>(
      'invoke',
      { ref, app, arg, owner },
      owner ? `a key binding of improvement ${owner}` : 'a key binding',
    );
  }

  /** What the Lua status adapters say about an agent's last screen lines. */
  detectStatus(agent: unknown, screen: unknown, explain = false): Promise<StatusVerdict | null> {
    return this.call('detectStatus', { agent, screen, explain }, 'the status adapters');
  }

  /**
   * Runs the function bound to mode + keys in whatever configuration is live in the worker. With
   * `render`, the worker also renders the view the requests lead to (one round trip for key + frame).
   */
  invokeBinding(
    mode: string,
    keys: string,
    state: HubState,
    owner?: string,
    render = false,
  ): Promise<LuaRun> {
    return this.luaRun(
      'invokeBinding',
      { mode, keys, state, owner, render },
      owner ? `a key binding of improvement ${owner}` : 'a key binding',
    );
  }

  /** A command by id; `state`: the hub's, whose projection (src/hub/app-data.ts) is the command's `self`. */
  runCommand(id: string, state: HubState, arg?: unknown, owner?: string, render = false): Promise<LuaRun> {
    return this.luaRun('runCommand', { id, state, arg, owner, render }, `command ${id}`);
  }

  /** The answer to a dialog Lua opened (a 1-based index, the text typed, or null when cancelled). */
  resolveDialog(
    id: number,
    value: number | string | Record<string, unknown> | null,
    state: HubState,
    owner?: string,
    render = false,
  ): Promise<LuaRun> {
    return this.luaRun(
      'resolveDialog',
      { id, value, state, owner, render },
      owner ? `a dialog of improvement ${owner}` : 'a dialog',
    );
  }

  /**
   * Lua code the app is handed to. `now` (the hub's clock, main thread) is when the hub applies
   * what it asks for: the worker's frame for the view after it uses the same time.
   */
  private async luaRun(method: string, params: Record<string, unknown>, what: string): Promise<LuaRun> {
    const now = Math.round(this.now());
    const run = await this.call<LuaRun>(method, { ...params, now }, what);
    return { ...run, now };
  }

  private readonly notifyListeners = new Set<(name: string, payload: unknown) => void>();
  /** Every notice of the worker (web.turbo_stream's, say: src/worker/lua-web.ts). */
  onNotify(cb: (name: string, payload: unknown) => void): () => void {
    this.notifyListeners.add(cb);
    return () => this.notifyListeners.delete(cb);
  }

  /** Processes Lua started in the worker (process.run, git.*): stopped if the worker dies. */
  private readonly processes = new LuaProcesses();

  /** The running processes a plugin, improvement or untrusted project started, with who ran each. */
  get sandboxedProcesses(): ReadonlyMap<number, string> {
    return this.processes.sandboxed;
  }
  private readonly dueListeners = new Set<(owner: string | null) => void>();

  /** Callbacks of a Lua state's timers, requests or processes are due (run them with runDue). */
  onDue(cb: (owner: string | null) => void): () => void {
    this.dueListeners.add(cb);
    return () => this.dueListeners.delete(cb);
  }

  /** Runs the due callbacks of `owner`'s state (null: the configuration's), like a hook: what they asked for. */
  runDue(state: HubState, owner: string | null, render = false): Promise<LuaRun> {
    return this.luaRun(
      'runDue',
      { state, owner, render },
      owner ? `the tasks of ${owner}` : 'timer and task callbacks',
    );
  }

  onLog(cb: (level: string, message: string) => void): () => void {
    this.logListeners.add(cb);
    return () => this.logListeners.delete(cb);
  }

  private readonly restoredListeners = new Set<(res: ConfigureResult) => void>();

  /** After a restart, the last good configuration is live again (with a null tree). */
  onRestored(cb: (res: ConfigureResult) => void): () => void {
    this.restoredListeners.add(cb);
    return () => this.restoredListeners.delete(cb);
  }

  onRestart(cb: (reason: string) => void): () => void {
    this.restartListeners.add(cb);
    return () => this.restartListeners.delete(cb);
  }

  dispose(): Promise<void> {
    this.processes.stopAll();
    return this.rpc.dispose();
  }
}
