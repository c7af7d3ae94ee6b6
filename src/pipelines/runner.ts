// Runs pipelines: makes each due step (one per item when it fans out), starts its agent as any
// agent starts (its worktree, its profile), types its prompt, follows its state until its turn
// ends, runs its check, then merges the last steps' results. Each run is a file in
// HOME/pipelines/ that changes as it goes (`pipeline ls`).
import path from 'node:path';
import { capabilitiesNeeded, type LuaFn, type PipelineDef, type StepDef } from './definition.js';
import { notGranted } from '../hub/capabilities.js';
import { pipelineFacts } from './run-facts.js';
import type { PipelineFile, PipelineHub, RunStarter } from './ports.js';
import {
  FINISHED,
  allFinished,
  finishedWell,
  dueSteps,
  listItems,
  makeSteps,
  missingVars,
  resultOf,
  type PipelineRun,
  type StepRun,
} from './run.js';
import { RunFiles } from './run-files.js';
import { StepDriver, type Active } from './step-driver.js';
import { PipelineError, stepData } from './agent-turn.js';
import { RunMerge, doneKeys } from './run-merge.js';
import type { LuaValue } from '../lua/lua-value.js';

export { PipelineError } from './agent-turn.js';

const KEEP_ENDED = 5;

export interface StartOptions {
  /** A defined pipeline's id (the only one a file defined when absent). */
  id?: string;
  file?: PipelineFile;
  vars?: Record<string, string>;
  cwd: string;
  /** A last word on the definition before anything starts: why it may not run (null: it may). */
  expect?: (def: PipelineDef) => string | null;
  /** Who started it, when you did not: its agents are held as theirs (no web: server/web-control.ts). */
  by?: RunStarter;
}

export class PipelineRunner {
  private readonly active = new Map<string, Active>();
  /** Runs of this hub that ended (the latest few: self.pipelines shows them, a failed step may be retried). */
  private readonly ended = new Map<string, Active>();
  private readonly files: RunFiles;
  private readonly steps: StepDriver;
  private readonly results: RunMerge;
  private disposed = false;
  /** While a run is under way, self.pipelines' elapsed times move on each second. */
  private ticker: NodeJS.Timeout | null = null;

  constructor(private readonly hub: PipelineHub) {
    this.files = new RunFiles(path.join(hub.home, 'pipelines'));
    this.steps = new StepDriver({
      hub,
      set: (a, key, change) => this.set(a, key, change),
      callLua: (a, fn, args) => this.callLua(a, fn, args),
    });
    this.results = new RunMerge({
      hub,
      end: (a, status, reason) => this.end(a, status, reason),
      add: (a, steps) => this.add(a, steps),
      save: (run) => this.save(run),
      drive: (a, key, extra) => this.drive(a, key, extra),
      callLua: (a, fn, args) => this.callLua(a, fn, args),
    });
  }

  /** Starts a run; resolves with it once it is under way (its `done` resolves when it ends). */
  async start(opts: StartOptions): Promise<{ run: PipelineRun; done: Promise<PipelineRun> }> {
    let id = opts.id;
    if (opts.file) {
      const ids = await this.hub.lua.load(opts.file);
      if (!id) {
        if (ids.length !== 1)
          throw new PipelineError(
            ids.length === 0
              ? `${opts.file.path} defines no pipeline (pipelines.define{ id = ..., strategy = ... })`
              : `${opts.file.path} defines ${ids.length} pipelines (${ids.join(', ')}): say which with --id`,
          );
        id = ids[0];
      }
    }
    if (!id) throw new PipelineError('which pipeline? (an id, or a file that defines one)');
    const def = (await this.hub.lua.def(id, opts.file)) as PipelineDef | null;
    if (!def)
      throw new PipelineError(`no pipeline ${id} (pipelines.define it in your Lua or in the file you run)`);
    if (def.plugin) {
      const granted = this.hub.pluginGrants(def.plugin);
      const lacking = ['pipelines' as const, ...capabilitiesNeeded(def)].find((c) => !granted.includes(c));
      if (lacking) throw new PipelineError(notGranted(def.plugin, `pipeline ${id}`, lacking));
    }
    const unexpected = opts.expect?.(def);
    if (unexpected) throw new PipelineError(unexpected);
    const vars = opts.vars ?? {};
    const missing = missingVars(def, vars);
    if (missing.length > 0)
      throw new PipelineError(
        `pipeline ${id}: ${missing.map((m) => `\${${m}}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (--var ${missing[0]}=...)`,
      );
    const run: PipelineRun = {
      id: this.newId(),
      pipeline: id,
      ...(opts.file ? { file: opts.file } : {}),
      vars,
      cwd: opts.cwd,
      status: 'running',
      started_at: Date.now(),
      order: [],
      steps: {},
      ...(opts.by?.lua ? { started_by_lua: opts.by.lua } : {}),
    };
    const a = this.activate(run, def, opts.by);
    this.save(run);
    this.hub.emit('pipeline_started', { run: run.id, pipeline: id, vars });
    void this.advance(a);
    return { run, done: a.done };
  }

  private activate(run: PipelineRun, def: PipelineDef, by?: RunStarter): Active {
    let finish!: (r: PipelineRun) => void;
    const done = new Promise<PipelineRun>((resolve) => (finish = resolve));
    const a: Active = { run, def, working: new Set(), abort: new AbortController(), done, finish };
    if (by) a.by = by;
    this.active.set(run.id, a);
    return a;
  }

  /**
   * After the hub restarted (or crashed): the runs its files say were under way go on where they
   * were. Finished steps stay finished; a step that was at work starts again (in its worktree,
   * with its agent if --restore brought it back). Answers the ids of the runs that went on.
   */
  async resumeRuns(): Promise<string[]> {
    const resumed: string[] = [];
    for (const run of this.files.list()) {
      if ((run.status !== 'running' && run.status !== 'choosing') || this.active.has(run.id)) continue;
      let def: PipelineDef | null = null;
      let why = `no pipeline ${run.pipeline}`;
      try {
        def = (await this.hub.lua.def(run.pipeline, run.file)) as PipelineDef | null;
      } catch (err) {
        why = (err as Error).message;
      }
      if (!def) {
        Object.assign(run, {
          status: 'failed',
          reason: `could not go on after the hub restarted: ${why}`,
          ended_at: Date.now(),
        });
        this.save(run);
        continue;
      }
      for (const k of run.order) {
        const s = run.steps[k];
        if (!FINISHED.has(s.state) && s.state !== 'queued')
          run.steps[k] = { ...s, state: 'queued', reason: 'again: the hub restarted' };
      }
      // Who started it, when sandboxed Lua did: its steps' agents are still that Lua's.
      const a = this.activate(run, def, run.started_by_lua ? { lua: run.started_by_lua } : undefined);
      this.save(run);
      this.hub.notify(
        `pipeline ${run.id} (${run.pipeline}) goes on where it was before the hub restarted`,
        'info',
      );
      this.hub.emit('pipeline_resumed', { run: run.id, pipeline: run.pipeline });
      if (run.status === 'running') void this.advance(a);
      resumed.push(run.id);
    }
    return resumed;
  }

  /** The runs in HOME/pipelines/, newest first (those under way as they are now). */
  list(): PipelineRun[] {
    return this.files.list().map((r) => this.active.get(r.id)?.run ?? r);
  }

  get(id: string): PipelineRun | null {
    return this.active.get(id)?.run ?? this.list().find((r) => r.id === id) ?? null;
  }

  /** Stops a run: its working agents are stopped, its steps cancelled. */
  cancel(id: string): PipelineRun {
    const a = this.active.get(id);
    if (!a) {
      const old = this.get(id);
      if (!old) throw new PipelineError(`no pipeline run ${id}`);
      throw new PipelineError(
        `pipeline run ${id} is not running (it ${old.status === 'cancelled' ? 'was cancelled' : `is ${old.status}`})`,
      );
    }
    a.abort.abort();
    for (const key of a.run.order) {
      const s = a.run.steps[key];
      if (FINISHED.has(s.state)) continue;
      this.set(a, key, { state: 'cancelled', reason: 'cancelled', ended_at: Date.now() });
      const agent = s.agent && this.hub.agents.get(s.agent.id);
      if (agent) void this.hub.stop(agent);
    }
    this.end(a, 'cancelled', 'cancelled');
    return a.run;
  }

  /** The user's pick for a run whose merge is "choose". */
  async choose(id: string, key: string): Promise<PipelineRun> {
    const a = this.active.get(id);
    if (!a || a.run.status !== 'choosing')
      throw new PipelineError(`pipeline run ${id} is not waiting for a choice`);
    const chosen = a.run.steps[key];
    if (!chosen || chosen.state !== 'done' || !doneKeys(a).includes(key))
      throw new PipelineError(`${key} is not a step of run ${id} that finished (${doneKeys(a).join(', ')})`);
    await this.results.keep(a, chosen);
    return a.run;
  }

  dispose(): void {
    this.disposed = true;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    for (const a of this.active.values()) a.abort.abort();
  }

  /** Holds a run (no queued step starts; those at work go on) or lets it go on. */
  pause(id: string, on: boolean): PipelineRun {
    const a = this.active.get(id);
    if (!a) throw new PipelineError(`pipeline run ${id} is not running`);
    a.run.paused = on || undefined;
    this.save(a.run);
    if (!on) void this.advance(a);
    return a.run;
  }

  /** Runs a failed (or cancelled) step again, and the steps that could not start without it. */
  retry(id: string, key: string): PipelineRun {
    const a = this.active.get(id) ?? this.ended.get(id);
    if (!a) throw new PipelineError(`no pipeline run ${id} in this hub`);
    const s = a.run.steps[key];
    if (!s) throw new PipelineError(`run ${id} has no step ${key} (${a.run.order.join(', ')})`);
    if (finishedWell(s) || !FINISHED.has(s.state))
      throw new PipelineError(
        `${key} is ${s.state}${s.check ? ' and its check passed' : ''}: only a step that failed (or whose check failed) is retried`,
      );
    // The steps made failed because this one did not finish well are made again once it does.
    const blocked = new Set<string>();
    const grow = (step: string) => {
      for (const k of a.run.order) {
        const r = a.run.steps[k];
        if (r.state === 'failed' && r.reason === `${step} did not finish well` && !blocked.has(k)) {
          blocked.add(k);
          grow(r.step);
        }
      }
    };
    grow(s.step);
    for (const k of blocked) delete a.run.steps[k];
    a.run.order = a.run.order.filter((k) => !blocked.has(k));
    a.run.steps[key] = {
      key,
      step: s.step,
      ...(s.item !== undefined ? { item: s.item } : {}),
      state: 'queued',
    };
    if (this.ended.has(id)) {
      this.ended.delete(id);
      a.abort = new AbortController();
      a.done = new Promise((resolve) => (a.finish = resolve));
      this.active.set(id, a);
    }
    a.run.status = 'running';
    delete a.run.reason;
    delete a.run.result;
    delete a.run.choices;
    delete a.run.ended_at;
    this.save(a.run);
    void this.advance(a);
    return a.run;
  }

  /** self.pipelines: the runs under way, then those that ended here lately. */
  private report(): void {
    const now = Date.now();
    const runs = [...this.active.values(), ...[...this.ended.values()].reverse()];
    this.hub.facts(
      runs.map((a) => pipelineFacts(a.run, now, a.run.status === 'choosing' ? doneKeys(a) : undefined)),
    );
    const busy = [...this.active.values()].some((a) => a.run.status === 'running');
    if (busy && !this.ticker && !this.disposed) this.ticker = setInterval(() => this.report(), 1000);
    if (!busy && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  private newId(): string {
    return this.files.newId();
  }

  private save(run: PipelineRun): void {
    this.report();
    try {
      this.files.save(run);
    } catch (err) {
      this.hub.log('error', `pipeline ${run.id}: cannot write its file: ${(err as Error).message}`);
    }
  }

  private set(a: Active, key: string, change: Partial<StepRun>): void {
    a.run.steps[key] = { ...a.run.steps[key], ...change };
    this.save(a.run);
  }

  private end(a: Active, status: PipelineRun['status'], reason?: string): void {
    if (FINISHED_RUN.has(a.run.status)) return;
    a.run.status = status;
    if (reason) a.run.reason = reason;
    a.run.ended_at = Date.now();
    this.save(a.run);
    this.active.delete(a.run.id);
    this.ended.set(a.run.id, a);
    for (const old of [...this.ended.keys()].slice(0, Math.max(0, this.ended.size - KEEP_ENDED)))
      this.ended.delete(old);
    this.report();
    this.hub.emit('pipeline_done', {
      run: a.run.id,
      pipeline: a.run.pipeline,
      status,
      reason: reason ?? null,
      result: a.run.result?.text ?? null,
      chosen: a.run.result?.chosen ?? null,
      duration_ms: a.run.ended_at - a.run.started_at,
    });
    a.finish(a.run);
  }

  /** Makes the due steps, starts what max_agents allows, and merges once all finished. */
  private async advance(a: Active): Promise<void> {
    if (this.disposed || a.abort.signal.aborted || a.run.status !== 'running') return;
    try {
      const { due, failed } = dueSteps(a.run, a.def);
      for (const [s, why] of failed) this.add(a, makeSteps(s, null), { state: 'failed', reason: why });
      for (const s of due) this.add(a, makeSteps(s, await this.itemsOf(a, s)));
      for (const key of a.run.order) {
        if (a.working.size >= a.def.max_agents) break;
        const s = a.run.steps[key];
        if (s.state !== 'queued' || a.run.paused) continue;
        a.working.add(key);
        void this.drive(a, key).finally(() => {
          a.working.delete(key);
          void this.advance(a);
        });
      }
      if (a.working.size === 0 && allFinished(a.run) && dueSteps(a.run, a.def).due.length === 0)
        await this.results.merge(a);
    } catch (err) {
      this.end(a, 'failed', (err as Error).message);
    }
  }

  private add(a: Active, steps: StepRun[], change: Partial<StepRun> = {}): void {
    for (const s of steps) {
      a.run.steps[s.key] = { ...s, ...change };
      a.run.order.push(s.key);
    }
    this.save(a.run);
  }

  /** null: the step runs once; else one run per item. */
  private async itemsOf(a: Active, s: StepDef): Promise<string[] | null> {
    if (s.parallel_on === undefined) return null;
    if (typeof s.parallel_on === 'string') return listItems(resultOf(a.run, s.parallel_on));
    const out = await this.callLua(a, s.parallel_on, [this.resultsData(a.run)]);
    if (!Array.isArray(out)) throw new PipelineError(`${s.id}.parallel_on must return a list of items`);
    return out.map(String);
  }

  private callLua(a: Active, fn: LuaFn, args: unknown[]): Promise<LuaValue> {
    return this.hub.lua.call(a.def.id, fn.fn, args, a.run.file);
  }

  /** The results as Lua's functions get them: one table per step, by key and in order. */
  private resultsData(run: PipelineRun): Array<Record<string, unknown>> {
    return run.order.map((k) => stepData(run.steps[k]));
  }

  /** One step, from its agent's start to its check (step-driver.ts). */
  private drive(a: Active, key: string, extra: Record<string, string> = {}): Promise<void> {
    return this.steps.drive(a, key, extra);
  }
}

const FINISHED_RUN = new Set(['done', 'failed', 'cancelled']);
