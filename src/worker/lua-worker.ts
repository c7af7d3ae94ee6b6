// Worker thread entry: owns the Lua configuration so that no Lua (not even a runaway C-level
// pattern match) can stall the hub's main thread; the main thread kills and restarts us instead.
// Here: the configuration's swap and the handlers of the host's requests. The dialogs Lua opened are
// open-dialogs.ts, the frame a command causes render-after.ts, a pushed improvement's trial
// improvement-trial.ts.
import v8 from 'node:v8';
import { serveRpc, type RpcHandlers } from '../lua/worker-rpc/index.js';
import { ConfigRuntime, formatError } from '../lua/runtime/config-runtime.js';
import { StandbySlot } from '../lua/runtime/config-standby.js';
import type { AppData } from '../hub/self.js';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import { loadLuaModule } from '../lua/engine/wasm-module.js';
import { reviewChange, type Change } from '../lua/runtime/policy-review.js';
import { OpenDialogs } from './open-dialogs.js';
import { withRender, type RenderParams } from './render-after.js';
import { analyzeImprovement, corpusCheck } from './improvement-trial.js';
import { trialPipeline } from '../lua/runtime/pipeline-trial.js';
import { appData } from '../hub/app-data.js';
import type { HubState } from '../hub/state.js';
import { trace } from '../trace/trace.js';
import { MemoryTrim } from '../agents/memory-trim.js';
import type { PieceRender } from '../lua/runtime/slot-pieces.js';
import { PieceHealth } from '../lua/runtime/piece-health.js';
import { PieceMarker } from '../lua/runtime/piece-marker.js';
import { chunkCache } from '../lua/engine/chunk-cache.js';
import { fileURLToPath } from 'node:url';
import { luaBuild } from '../lua/engine/wasm-module.js';
import { taskHooks } from '../lua/runtime/lua-tasks.js';
import { webHooks } from '../lua/runtime/web-hooks.js';

trace('lua worker: started');
// The bytecode of the Lua compiled by a previous start (the bundled worker's entry names the
// folder of the code caches): the configuration loads without parsing what did not change.
const cacheDir = (globalThis as { __botsterCacheDir?: string | null }).__botsterCacheDir;
// (kept per install: its place is this script's own file, as V8's code cache names it)
if (cacheDir) chunkCache.useDisk(cacheDir, luaBuild(), fileURLToPath(import.meta.url));
// Compile the wasm module now, while the main thread is still starting up.
void loadLuaModule().then(
  () => trace('lua worker: wasm ready'),
  () => {},
);
let configured = 0;

let live: ConfigRuntime | null = null;
/** The next configuration, begun ahead (its shipped files run). */
const standby = new StandbySlot();
/** Whether the hub drew its first frame (startedUp), and the standby's begin that waits for it. */
const hub = { asked: false, started: false, pending: null as (() => void) | null };
/** The hub's own command ids (configure tells them): a key bound to one of them is fine. */
let builtins: string[] = [];

// Layout pieces' failures, kept across reloads (a piece that keeps failing stays off until its
// file changes); their notices go to the hub, which shows and logs them.
const pieces = {
  health: new PieceHealth(),
  notice: (text: string, disabled?: string) => rpc.notify('notice', { text, disabled }),
  marker: new PieceMarker(),
};

// A burst of reloads and renders (an edit session, agents retitling) grows this thread's young
// generation to 32 MB, and an idle worker never collects: once the requests stop, give it back.
const trim = new MemoryTrim({ burst: 100, quietPerSecond: 2 });

const dialogs = new OpenDialogs();
const publish = dialogs.publish.bind(dialogs);

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
      // The next build is begun once this one is done, live or not (config-standby.ts); after this
      // thread's first one, once the hub says its first frame is out (startedUp): until then its
      // ~50 ms of shipped Lua would take a core from the main thread on its way to that frame.
      const begin = () => {
        trace('lua worker: next configuration begun ahead');
        standby.begin(params.files, log, live?.persisted() ?? { namespaces: {} });
      };
      const first = !hub.asked;
      hub.asked = true;
      const after = () => {
        if (!hub.started && first) return void (hub.pending = begin);
        hub.pending = null; // (a later configuration's files are the ones to begin)
        setImmediate(begin);
      };
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
      if (live) dialogs.retire(live);
      live = next;
      live.activate();
      live.reloadHook('_after_reload', log);
      after();
      // A build is a burst of its own (a start makes fewer requests than the trim counts as one).
      trim.soon();
      return {
        tree,
        layoutFile: next.layoutFile(),
        keymap: next.export(),
        slots: tree ? next.pieces?.placed() : undefined,
      };
    },
    /** The hub's first frame is out: the next configuration may be begun ahead from now on. */
    startedUp() {
      if (hub.started) return;
      hub.started = true;
      const begin = hub.pending;
      hub.pending = null;
      if (begin) setImmediate(begin);
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
      const d = dialogs.take(params.id);
      if (!d) throw new Error('the dialog is gone (Lua was restarted); open it again');
      try {
        return withRender(
          live,
          params,
          publish(d.rt, d.rt.resolveDialog(d.id, params.value, appData(params.state), d.owner), d.owner),
        );
      } finally {
        dialogs.answered(d.rt);
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
      return corpusCheck(live, params, log);
    },
    analyzeImprovement(params: { name: string; source: string; core: ConfigFile[]; file?: string }) {
      return analyzeImprovement(params, log, () =>
        live ? [...builtins, ...live.export().commands.map((c) => c.id)] : null,
      );
    },
    /** The user's (or the default) policy on a change; fails closed. */
    review(params: { policy: { source: string; name: string } | null; change: Change }) {
      return reviewChange(params.policy, params.change);
    },
    resume(params: { agents: unknown[] }) {
      if (!live) throw new Error('no configuration loaded');
      return live.resume(params.agents);
    },
    /** An agent's permission question: the configuration's permissions.decide (its raw answer). */
    permission(params: { q: unknown; app: AppData }) {
      if (!live) throw new Error('no configuration loaded');
      return live.permission(params.q, params.app);
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
    /** A route whose configuration reloaded while it waited for a verb: its page, as webRoute answers. */
    webReloaded(params: { verb: string; answer: unknown }) {
      if (!live) throw new Error('no configuration loaded');
      return live.webReloaded(params.verb, params.answer);
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
      return { young, heapUsed, external, arrayBuffers, collected: !!gc, trims: trim.collections };
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
