// Worker thread entry: owns the Lua configuration so that no Lua (not even a runaway C-level
// pattern match) can stall the hub's main thread; the main thread kills and restarts us instead.
import v8 from 'node:v8';
import { serveRpc, type RpcHandlers } from '../lua/worker-rpc/index.js';
import { ConfigRuntime, formatError } from '../lua/runtime/config-runtime.js';
import { StandbySlot } from '../lua/runtime/config-standby.js';
import type { AppData } from '../hub/self.js';
import type { ConfigExport } from '../hub/configuration.js';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import { loadLuaModule } from '../lua/engine/wasm-module.js';
import { loadImprovement } from '../lua/runtime/improvement-unit.js';
import type { EngineUnit } from '../lua/runtime/engine-unit.js';
import { reviewChange, type Change } from '../lua/runtime/policy-review.js';
import { predict } from './predict.js';
import { trialPipeline } from '../lua/runtime/pipeline-trial.js';
import { appData } from '../hub/app-data.js';
import type { HubState } from '../hub/state.js';
import type { LuaRequest } from '../hub/requests.js';
import { trace } from '../trace/trace.js';
import { MemoryTrim } from '../agents/memory-trim.js';
import { PieceHealth, SlotPieces, type PieceRender } from '../lua/runtime/slot-pieces.js';
import { SAMPLE_APP } from '../lua/runtime/sample-app.js';
import { PieceMarker } from '../lua/runtime/piece-marker.js';
import { chunkCache } from '../lua/engine/chunk-cache.js';
import { luaBuild } from '../lua/engine/wasm-module.js';
import { taskHooks } from '../lua/runtime/lua-tasks.js';
import { webHooks } from '../lua/runtime/web-hooks.js';

trace('lua worker: started');
// The bytecode of the Lua compiled by a previous start (the bundled worker's entry names the
// folder of the code caches): the configuration loads without parsing what did not change.
const cacheDir = (globalThis as { __botsterCacheDir?: string | null }).__botsterCacheDir;
if (cacheDir) chunkCache.useDisk(cacheDir, luaBuild());
// Compile the wasm module now, while the main thread is still starting up.
void loadLuaModule().then(
  () => trace('lua worker: wasm ready'),
  () => {},
);
let configured = 0;

let live: ConfigRuntime | null = null;
/** The next configuration, begun ahead (its shipped files run). */
const standby = new StandbySlot();
/** The hub's own command ids (configure tells them): a key bound to one of them is fine. */
let builtins: string[] = [];

// Layout pieces' failures, kept across reloads (a piece that keeps failing stays off until its
// file changes); their notices go to the hub, which shows and logs them.
const pieces = {
  health: new PieceHealth(),
  notice: (text: string, disabled?: string) => rpc.notify('notice', { text, disabled }),
  marker: new PieceMarker(),
};

// Dialogs Lua opened, by the ref the host knows them by: the configuration (live or replaced by a
// reload) and the Lua state (an improvement's, or the main one) whose callback answers. A replaced
// configuration with a dialog open stays alive to answer it (at most MAX_RETIRED of them).
const dialogs = new Map<number, { rt: ConfigRuntime; id: number; owner?: string }>();
const retired: ConfigRuntime[] = [];
const MAX_RETIRED = 2;
let lastRef = 0;

/** Gives each dialog the requests open a ref of the host's (ids in Lua are per Lua state). */
function publish(rt: ConfigRuntime, requests: LuaRequest[], owner?: string | null): LuaRequest[] {
  for (const e of requests) {
    // A dialog, or a callback waiting for the host's answer (app:worktree_status).
    if (!e || !('dialog' in e) || typeof e.dialog !== 'number') continue;
    dialogs.set(++lastRef, { rt, id: Number(e.dialog), ...(owner ? { owner } : {}) });
    e.dialog = lastRef;
  }
  return requests;
}

const hasDialogs = (rt: ConfigRuntime) => [...dialogs.values()].some((d) => d.rt === rt);

/** A configuration is done with: disposed, unless one of its dialogs is still open (its timers stop either way). */
function retire(rt: ConfigRuntime): void {
  rt.stopTasks();
  if (!hasDialogs(rt)) return rt.dispose();
  retired.push(rt);
  while (retired.length > MAX_RETIRED) forget(retired.shift()!);
}

function forget(rt: ConfigRuntime): void {
  for (const [ref, d] of dialogs) if (d.rt === rt) dialogs.delete(ref);
  rt.dispose();
}

// A burst of reloads and renders (an edit session, agents retitling) grows this thread's young
// generation to 32 MB, and an idle worker never collects: once the requests stop, give it back.
const trim = new MemoryTrim({ burst: 100, quietPerSecond: 2 });

const rpc = serveRpc(
  counted({
    async configure(params: {
      files: ConfigFile[];
      app: AppData | null;
      builtinCommands?: string[];
      restored?: Record<string, unknown>;
      disabledPieces?: string[];
    }) {
      for (const key of params.disabledPieces ?? []) pieces.health.disable(key);
      builtins = params.builtinCommands ?? builtins;
      live?.reloadHook('_before_reload', log);
      const state = live?.persisted() ?? { namespaces: params.restored ?? {} };
      const ahead = await standby.take();
      // The next build is begun once this one is done, live or not (config-standby.ts).
      const after = () =>
        setImmediate(() => standby.begin(params.files, log, live?.persisted() ?? { namespaces: {} }));
      let next: ConfigRuntime;
      try {
        next = await ConfigRuntime.build(
          params.files,
          log,
          state,
          params.builtinCommands,
          undefined,
          pieces,
          ahead,
        );
      } catch (err) {
        after();
        throw err;
      } finally {
        ahead?.dispose(); // (not taken: it did not fit)
      }
      trace(`lua worker: configuration built${ahead ? '' : ' (from nothing)'}`);
      let tree = null;
      try {
        // The trial render: a configuration that cannot draw does not go live.
        if (params.app) tree = next.render(params.app);
        trace('lua worker: trial render');
        configured++;
      } catch (err) {
        next.dispose();
        after();
        throw new Error(formatError(err, next.layoutFile()));
      }
      if (live) retire(live);
      live = next;
      live.activate();
      live.reloadHook('_after_reload', log);
      after();
      return {
        tree,
        layoutFile: next.layoutFile(),
        keymap: next.export(),
        slots: tree ? next.pieces?.placed() : undefined,
      };
    },
    /** `botster-tui check`: every problem found loading the files and in a trial render. */
    async check(params: { files: ConfigFile[]; app: AppData; builtinCommands?: string[]; render?: string }) {
      const problems: string[] = [];
      let rt: ConfigRuntime;
      try {
        rt = await ConfigRuntime.build(params.files, log, {}, params.builtinCommands, problems);
      } catch (err) {
        return { problems: [...problems, (err as Error).message], keymap: null, layoutFile: null };
      }
      try {
        problems.push(...rt.renderProblems(params.app));
        return {
          problems,
          keymap: rt.export(),
          layoutFile: rt.layoutFile(),
          ...(params.render ? { rendered: rendered(rt, params.app, params.render) } : {}),
        };
      } finally {
        rt.dispose();
      }
    },
    persistedNamespaces() {
      return live ? live.persistedNamespaces() : {};
    },
    emit(params: { event: string; payload: unknown; subject: string | null; app?: AppData | null }) {
      if (!live) throw new Error('no configuration loaded');
      const result = live.dispatch(params.event, params.payload, params.subject, log, params.app);
      for (const r of result.requests ?? []) publish(live, r.requests, r.owner);
      return { ...result, events: live.subscribedEvents() };
    },
    invoke(params: { ref: number; app: AppData; arg?: unknown; owner?: string }) {
      if (!live) throw new Error('no configuration loaded');
      return publish(live, live.invoke(params.ref, params.app, params.arg, params.owner), params.owner);
    },
    detectStatus(params: { agent: unknown; screen: unknown; explain?: boolean }) {
      if (!live) throw new Error('no configuration loaded');
      return live.detectStatus(params.agent, params.screen, params.explain);
    },
    invokeBinding(params: RenderParams & { mode: string; keys: string; owner?: string }) {
      if (!live) throw new Error('no configuration loaded');
      const app = appData(params.state);
      return withRender(
        live,
        params,
        publish(live, live.invokeBinding(params.mode, params.keys, app, params.owner), params.owner),
      );
    },
    runCommand(params: RenderParams & { id: string; arg?: unknown; owner?: string }) {
      if (!live) throw new Error('no configuration loaded');
      const app = appData(params.state);
      return withRender(
        live,
        params,
        publish(live, live.runCommand(params.id, app, params.arg, params.owner), params.owner),
      );
    },
    /** Timers, requests or processes of `owner`'s state finished: their callbacks (lua-tasks.ts). */
    runDue(params: RenderParams & { owner: string | null }) {
      if (!live) return { requests: [] };
      const rt = live;
      const { requests, errors } = rt.runDue(params.owner, appData(params.state));
      for (const text of errors) rpc.notify('notice', { text });
      return withRender(rt, params, publish(rt, requests, params.owner));
    },
    /** The user's answer, to the configuration that opened the dialog (the live one draws the frame). */
    resolveDialog(params: RenderParams & { id: number; value: unknown }) {
      if (!live) throw new Error('no configuration loaded');
      const d = dialogs.get(params.id);
      if (!d) throw new Error('the dialog is gone (Lua was restarted); open it again');
      dialogs.delete(params.id);
      try {
        return withRender(
          live,
          params,
          publish(d.rt, d.rt.resolveDialog(d.id, params.value, appData(params.state), d.owner), d.owner),
        );
      } finally {
        const i = retired.indexOf(d.rt);
        if (i >= 0 && !hasDialogs(d.rt)) forget(retired.splice(i, 1)[0]);
      }
    },
    /** A pushed improvement, loaded on trial in its own sandbox: what it would register. */
    async corpusCheck(params: {
      name: string;
      source: string;
      core: ConfigFile[];
      cases: Array<{ agent: unknown; screen: unknown }>;
    }) {
      if (!live) throw new Error('no configuration loaded');
      const rt = live;
      const trial = await loadImprovement(params.name, params.source, params.core, log);
      const state = (f: () => { state?: string } | null) => {
        try {
          return f()?.state ?? null;
        } catch {
          return null; // an adapter that fails on a case gets it wrong
        }
      };
      try {
        return params.cases.map((c) => ({
          before: state(() => rt.detectStatus(c.agent, c.screen)),
          after: state(() => rt.detectStatus(c.agent, c.screen, false, { name: params.name, unit: trial })),
        }));
      } finally {
        trial.dispose();
      }
    },
    async analyzeImprovement(params: { name: string; source: string; core: ConfigFile[]; file?: string }) {
      const unit = await loadImprovement(
        params.name,
        params.source,
        params.core,
        log,
        undefined,
        params.file,
      );
      try {
        const exp = unit.export();
        unknownCommand(exp);
        return {
          bindings: exp.bindings.map((b) => ({
            mode: b.mode,
            key: b.keys.join(' '),
            action: b.action.kind === 'command' ? b.action.id : '<function>',
            desc: b.desc,
          })),
          commands: exp.commands.map((c) => ({ id: c.id, desc: c.desc })),
          hooks: exp.hooks.map((h) => ({ event: h.event, name: h.name })),
          unbinds: exp.unbinds.map((u) => ({ mode: u.mode, key: u.keys.join(' ') })),
          adapters: adaptersOf(unit),
          pieces: trialPieces(unit, params.source),
        };
      } finally {
        unit.dispose();
      }
    },
    /** The user's (or the default) policy on a change; fails closed. */
    review(params: { policy: { source: string; name: string } | null; change: Change }) {
      return reviewChange(params.policy, params.change);
    },
    resume(params: { agents: unknown[] }) {
      if (!live) throw new Error('no configuration loaded');
      return live.resume(params.agents);
    },
    pipelineLoad(params: { file: { path: string; source: string } }) {
      if (!live) throw new Error('no configuration loaded');
      return live.pipelines.load(params.file);
    },
    /** An agent's pipeline file, on trial in a sandbox of its own (pipeline-trial.ts). */
    pipelineTrial(params: {
      file: { path: string; source: string };
      core: ConfigFile[];
      profiles: string[];
    }) {
      return trialPipeline(params.file, params.core, params.profiles, log);
    },
    pipelineDef(params: { id: string; file?: { path: string; source: string } }) {
      if (!live) throw new Error('no configuration loaded');
      return live.pipelines.def(params.id, params.file);
    },
    pipelineCall(params: {
      id: string;
      name: string;
      args: unknown[];
      file?: { path: string; source: string };
    }) {
      if (!live) throw new Error('no configuration loaded');
      return live.pipelines.call(params.id, params.name, params.args, params.file);
    },
    /** A web request: the Lua route's answer and requests (lua/core/web.lua, src/web/). */
    webRoute(params: { req: unknown; state: HubState }) {
      if (!live) throw new Error('no configuration loaded');
      return live.webRoute(params.req, appData(params.state));
    },
    /** A route that waited for a verb (app:call), with its answer: as webRoute answers. */
    webResume(params: { token: number; answer: unknown; state: HubState; owner?: string }) {
      if (!live) throw new Error('no configuration loaded');
      return live.webResume(params.token, params.answer, appData(params.state), params.owner);
    },
    render(params: { app: AppData }) {
      if (!live) throw new Error('no configuration loaded');
      return live.render(params.app);
    },
    /**
     * This thread's memory for leak tests and benches: its young generation as it is now, then its
     * heap after a full GC when node runs with --expose-gc.
     */
    memory() {
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const { heapUsed, external, arrayBuffers } = process.memoryUsage();
      return { young, heapUsed, external, arrayBuffers, collected: !!gc };
    },
  }),
);

/** Each request is work for the memory trim. */
function counted(handlers: RpcHandlers): RpcHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, fn]) => [
      name,
      (params: unknown) => {
        trim.note(1);
        return fn(params);
      },
    ]),
  );
}

/** What Lua code the hub hands over is given: the hub's state (its projection is `self`), and whether to draw. */
interface RenderParams {
  state: HubState;
  render?: boolean;
  /** When the hub applies the requests (the hub's clock). */
  now?: number;
}

/**
 * Folds the render a command causes into the command's round trip: App:render of the state the
 * requests lead to, worked out with the hub's own reducer (when that can be known here, see
 * predict.ts). A render error is left to the hub's own render, which reports it the usual way.
 */
function withRender(rt: ConfigRuntime, params: RenderParams, requests: LuaRequest[]) {
  // Nothing asked for: the state is the same, but Lua's own tables may have changed (the hub takes
  // the tree only when it differs from the one on screen, HubFrame.stateOnly).
  const next =
    params.render && params.now !== undefined
      ? requests.length === 0
        ? { state: params.state, intents: [] }
        : predict(params.state, requests, params.now)
      : null;
  if (!next) return { requests };
  try {
    return { requests, intents: next.intents, tree: rt.render(appData(next.state)) };
  } catch {
    return { requests };
  }
}

// Lua's tasks tell the hub when callbacks are due, and which processes run (a killed worker's
// processes are stopped by the host, which outlives it).
taskHooks.due = (owner) => rpc.notify('due', { owner });
taskHooks.pid = (pid, alive, who) => rpc.notify('pid', { pid, alive, who });
taskHooks.log = (level, message) => log(level, message);
webHooks.stream = (s) => rpc.notify('web_stream', s);

// The main thread reads it after killing this worker (see piece-marker.ts).
rpc.notify('pieces', { marker: pieces.marker.buffer });

function log(level: string, message: string): void {
  rpc.notify('log', { level, message });
}

/** `botster-tui check --render`: the pieces of `file` run on `app`, and the frame with them. */
function rendered(rt: ConfigRuntime, app: AppData, file: string): PieceRender {
  const pieces = rt.pieces!.trial(app).filter((t) => t.source.replace(/:\d+$/, '') === file);
  try {
    return { pieces, tree: rt.render(app) };
  } catch (err) {
    return { pieces, tree: null, error: formatError(err, rt.layoutFile()) };
  }
}

/** An improvement's layout pieces run once on sample data: what each shows, its size, or its error. */
function trialPieces(unit: EngineUnit, source: string) {
  const trials = new SlotPieces(
    [unit],
    new PieceHealth(),
    () => {},
    () => source,
  ).trial(SAMPLE_APP);
  return trials.map(({ outputs, ...t }) => ({
    ...t,
    sample: outputs.map((o) =>
      o.text ? (o.text as Array<{ text: string }>).map((x) => x.text).join('') : o.widget ? '(a widget)' : '',
    ),
  }));
}

/**
 * A pushed improvement with a key bound to a command nobody registered would be left out of every
 * configuration: it does not load (thrown as the bind's file), and the push says so.
 */
function unknownCommand(exp: ConfigExport): void {
  if (!live) return; // (nothing to compare with yet)
  const known = new Set([
    ...builtins,
    ...live.export().commands.map((c) => c.id),
    ...exp.commands.map((c) => c.id),
  ]);
  const b = exp.bindings.find((x) => x.action.kind === 'command' && !known.has(x.action.id));
  if (b && b.action.kind === 'command')
    throw new Error(`${b.source}: unknown command "${b.action.id}" (keys.bind)`);
}

/** The status adapters an improvement registers. */
function adaptersOf(unit: EngineUnit): Array<{ name: string; priority: number }> {
  const [list] = unit.call('adapters_for', [null], { budgetMs: 200, functions: 'null' });
  return Array.isArray(list)
    ? list.map((a: { name: unknown; priority: unknown }) => ({
        name: String(a.name),
        priority: Number(a.priority) || 0,
      }))
    : [];
}
