// Runs pipelines: makes each due step (one per item when it fans out), starts its agent as any
// agent starts (its worktree, its profile), types its prompt, follows its state until its turn
// ends, runs its check, then merges the last steps' results. Each run is a file in
// HOME/pipelines/ that changes as it goes (`pipeline ls`).
import fs from 'node:fs';
import path from 'node:path';
import type { Agent } from '../agents/agent.js';
import { worktreeDiff } from '../agents/git-diff.js';
import { readAgent } from '../server/agent-screen.js';
import type { LuaFn, PipelineDef, StepDef } from './definition.js';
import type { PipelineFile, PipelineHub } from './ports.js';
import {
  FINISHED,
  allFinished,
  concatenate,
  dueSteps,
  fill,
  leafResults,
  listItems,
  makeSteps,
  missingVars,
  pickDefault,
  resultOf,
  type DiffSummary,
  type PipelineRun,
  type StepRun,
} from './run.js';
import { runCheck } from './check.js';
import { buildContext } from './context.js';
import { RunFiles } from './run-files.js';
import {
  PipelineError,
  StepTimeout,
  answerOf,
  outputSettled,
  cursorLine,
  diffSummary,
  shellQuote,
  stepData,
  streamLines,
  typePrompt,
  waitTurn,
} from './agent-turn.js';

export { PipelineError } from './agent-turn.js';

const CHECK_TIMEOUT_MS = 10 * 60 * 1000;

interface Active {
  run: PipelineRun;
  def: PipelineDef;
  /** Steps with an agent at work (max_agents bounds them). */
  working: Set<string>;
  abort: AbortController;
  done: Promise<PipelineRun>;
  finish(run: PipelineRun): void;
}

export interface StartOptions {
  /** A defined pipeline's id (the only one a file defined when absent). */
  id?: string;
  file?: PipelineFile;
  vars?: Record<string, string>;
  cwd: string;
}

export class PipelineRunner {
  private readonly active = new Map<string, Active>();
  private readonly files: RunFiles;
  private disposed = false;

  constructor(private readonly hub: PipelineHub) {
    this.files = new RunFiles(path.join(hub.home, 'pipelines'));
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
    };
    let finish!: (r: PipelineRun) => void;
    const done = new Promise<PipelineRun>((resolve) => (finish = resolve));
    const a: Active = { run, def, working: new Set(), abort: new AbortController(), done, finish };
    this.active.set(run.id, a);
    this.save(run);
    this.hub.emit('pipeline_started', { run: run.id, pipeline: id, vars });
    void this.advance(a);
    return { run, done };
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
      if (s.agent) void this.hub.request({ type: 'kill', id: s.agent.id });
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
    if (!chosen || chosen.state !== 'done')
      throw new PipelineError(
        `${key} is not a step of run ${id} that finished (${this.doneKeys(a).join(', ')})`,
      );
    await this.keep(a, chosen);
    return a.run;
  }

  dispose(): void {
    this.disposed = true;
    for (const a of this.active.values()) a.abort.abort();
  }

  private doneKeys(a: Active): string[] {
    return leafResults(a.run, a.def)
      .filter((s) => s.state === 'done')
      .map((s) => s.key);
  }

  private newId(): string {
    return this.files.newId();
  }

  private save(run: PipelineRun): void {
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
        if (s.state !== 'queued') continue;
        a.working.add(key);
        void this.drive(a, key).finally(() => {
          a.working.delete(key);
          void this.advance(a);
        });
      }
      if (a.working.size === 0 && allFinished(a.run) && dueSteps(a.run, a.def).due.length === 0)
        await this.merge(a);
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

  private callLua(a: Active, fn: LuaFn, args: unknown[]): Promise<unknown> {
    return this.hub.lua.call(a.def.id, fn.fn, args, a.run.file);
  }

  /** The results as Lua's functions get them: one table per step, by key and in order. */
  private resultsData(run: PipelineRun): Array<Record<string, unknown>> {
    return run.order.map((k) => stepData(run.steps[k]));
  }

  private defOf(a: Active, s: StepRun): StepDef {
    return a.def.steps.find((d) => d.id === s.step) ?? a.def.merge.step!;
  }

  /** One step, from its agent's start to its check: never throws (a failure is the step's state). */
  private async drive(a: Active, key: string, extra: Record<string, string> = {}): Promise<void> {
    const s = a.run.steps[key];
    const def = this.defOf(a, s);
    const started = Date.now();
    const deadline = started + def.timeout_ms;
    this.set(a, key, { state: 'starting', started_at: started });
    let agent: Agent | null = null;
    try {
      const cwd = def.cwd ? path.resolve(a.run.cwd, def.cwd) : a.run.cwd;
      const context = await buildContext(a.def.context, cwd, a.run, this.hub);
      const filled = fill(def.prompt, a.run, { ...extra, item: s.item ?? '', context });
      const prompt = context && !def.prompt.includes('${context}') ? `${context}\n\n${filled}` : filled;
      const who = 'profile' in def.agent ? `profile:${def.agent.profile}` : def.agent.command;
      const command = def.prompt_as === 'argument' ? `${who} ${shellQuote(prompt)}` : who;
      const name = `${a.run.pipeline}-${key.replace(/[[\]]/g, '')}`;
      const spec = {
        command,
        name,
        cwd,
        ...(def.worktree
          ? { worktree: { branch: `pipeline/${a.run.id}-${key.replace(/[[\]]/g, '')}` } }
          : {}),
      };
      agent = (await this.hub.request({ type: 'start_agent', spec, focus: false, cwd })) as Agent | null;
      if (!agent) throw new PipelineError('its agent did not start (the notice says why)');
      const wt = this.hub.store.state.facts.agents[agent.id]?.worktree;
      this.set(a, key, {
        state: 'working',
        prompt,
        agent: { id: agent.id, name: agent.info.name },
        ...(wt
          ? { worktree: { path: wt.path, branch: wt.branch, ...(wt.base ? { base: wt.base } : {}) } }
          : {}),
      });
      const stopStream = this.stream(a, key, agent);
      try {
        let from = 0;
        if (def.prompt_as === 'typed') {
          await this.until(a, key, agent, deadline, 'ready', 0);
          from = cursorLine(agent);
          const sentAt = this.hub.now();
          await typePrompt(this.hub, agent, prompt);
          this.set(a, key, { from_line: from });
          await this.until(a, key, agent, deadline, 'turn', sentAt, from);
        } else {
          await this.until(a, key, agent, deadline, 'turn', -1);
        }
        await outputSettled(this.hub, agent);
        const answer = answerOf(
          readAgent(agent, { scrollback: true }).slice(from, cursorLine(agent)),
          prompt,
        );
        this.set(a, key, { answer });
      } finally {
        stopStream();
      }
      const worktree = a.run.steps[key].worktree;
      if (worktree) {
        const raw = await worktreeDiff(worktree.path, worktree.base ?? null, 'all').catch(() => null);
        this.set(a, key, { diff: raw ? diffSummary(raw.text) : null });
      }
      if (def.check) {
        this.set(a, key, { state: 'checking' });
        const dir = worktree?.path ?? agent.cwd ?? cwd;
        const check = await runCheck(
          fill(def.check, a.run, { ...extra, item: s.item ?? '' }),
          dir,
          Math.max(1000, Math.min(CHECK_TIMEOUT_MS, deadline - Date.now())),
          a.abort.signal,
        );
        this.set(a, key, { check });
      }
      if (a.abort.signal.aborted) return;
      this.set(a, key, { state: 'done', reason: undefined, ended_at: Date.now() });
    } catch (err) {
      if (a.abort.signal.aborted) return;
      const why = (err as Error).message;
      this.set(a, key, { state: 'failed', reason: why, ended_at: Date.now() });
      // A hung agent is stopped; one that exited is left to read.
      if (agent && !agent.isExited && err instanceof StepTimeout)
        void this.hub.request({ type: 'kill', id: agent.id });
    }
    const st = a.run.steps[key];
    this.hub.emit('pipeline_step_done', {
      run: a.run.id,
      pipeline: a.run.pipeline,
      ...stepData(st),
    });
  }

  /** Waits on the step's agent (see waitTurn): a question it asks pauses the step and tells the user. */
  private until(
    a: Active,
    key: string,
    agent: Agent,
    deadline: number,
    want: 'ready' | 'turn',
    after: number,
    from?: number,
  ) {
    return waitTurn({
      from,
      hub: this.hub,
      agent,
      signal: a.abort.signal,
      deadline,
      timeoutMs: this.defOf(a, a.run.steps[key]).timeout_ms,
      want,
      after,
      asks: (reason) => {
        this.set(
          a,
          key,
          reason === null ? { state: 'working', reason: undefined } : { state: 'waiting', reason },
        );
        if (reason === null) return;
        this.hub.notify(`pipeline ${a.run.id}: ${key} (${agent.info.name}) asks: ${reason}`, 'info');
        const ev = { run: a.run.id, pipeline: a.run.pipeline, step: key, agent: agent.info.name, reason };
        this.hub.emit('pipeline_step_waiting', ev);
      },
    });
  }

  /** The streaming handler and `pipeline_chunk` events get a working step's new lines. */
  private stream(a: Active, key: string, agent: Agent): () => void {
    return streamLines(this.hub, agent, (chunk) => {
      const ev = { run: a.run.id, pipeline: a.run.pipeline, step: key, agent: agent.info.name };
      this.hub.emit('pipeline_chunk', { ...ev, chunk });
      if (a.def.streaming)
        void this.callLua(a, a.def.streaming, [chunk, ev]).catch((err) =>
          this.hub.log('error', `pipeline ${a.def.id}'s streaming: ${(err as Error).message}`),
        );
    });
  }

  private async merge(a: Active): Promise<void> {
    const merge = a.def.merge;
    const results = leafResults(a.run, a.def);
    if (merge.kind === 'concatenate') {
      const done = results.filter((r) => r.state === 'done');
      if (done.length === 0) return this.end(a, 'failed', 'no step finished well');
      a.run.result = { text: results.length === 1 ? (done[0].answer ?? '') : concatenate(results) };
      return this.end(
        a,
        results.every((r) => r.state === 'done') ? 'done' : 'failed',
        results.every((r) => r.state === 'done') ? undefined : 'some steps failed',
      );
    }
    if (merge.kind === 'summarize') {
      if (a.run.steps.summary) {
        const st = a.run.steps.summary;
        if (st.state !== 'done') return this.end(a, 'failed', `the summary failed: ${st.reason ?? st.state}`);
        a.run.result = { text: st.answer ?? '' };
        return this.end(a, 'done');
      }
      if (!results.some((r) => r.state === 'done')) return this.end(a, 'failed', 'no step finished well');
      this.add(a, [{ key: 'summary', step: merge.step!.id, state: 'queued' }]);
      a.working.add('summary');
      await this.drive(a, 'summary', { results: concatenate(results) });
      a.working.delete('summary');
      return this.merge(a);
    }
    if (merge.kind === 'choose') {
      if (!results.some((r) => r.state === 'done')) return this.end(a, 'failed', 'no step finished well');
      a.run.status = 'choosing';
      this.save(a.run);
      this.hub.notify(
        `pipeline ${a.run.id} done: choose the best (${this.doneKeys(a).join(', ')}): botster-tui pipeline choose ${a.run.id} STEP`,
        'info',
      );
      this.hub.emit('pipeline_choosing', {
        run: a.run.id,
        pipeline: a.run.pipeline,
        steps: this.doneKeys(a),
      });
      return;
    }
    // pick_best
    let best: StepRun | null;
    if (merge.criterion) {
      const out = await this.callLua(a, merge.criterion, [results.map(stepData)]);
      const i = typeof out === 'number' ? out : null;
      best = i !== null && results[i - 1] ? results[i - 1] : null;
      if (out !== null && best === null)
        return this.end(
          a,
          'failed',
          `the criterion returned ${JSON.stringify(out)}, not the number of a result (1-${results.length})`,
        );
    } else best = pickDefault(results);
    if (!best)
      return this.end(
        a,
        'failed',
        results.some((r) => r.check) ? 'no step passed its check' : 'no step finished well',
      );
    await this.keep(a, best);
  }

  /** Keeps one step's work: its answer is the result; with finish, its worktree is merged and the others' discarded. */
  private async keep(a: Active, best: StepRun): Promise<void> {
    a.run.result = { text: best.answer ?? '', chosen: best.key };
    if (a.def.merge.finish) {
      const others = leafResults(a.run, a.def).filter((r) => r.key !== best.key && r.worktree && r.agent);
      if (best.worktree && best.agent) {
        await this.hub.worktrees.finish(best.agent.id, 'merge', false);
        // Finished, its folder is gone; still there, git refused (the notice says why).
        a.run.result.merged = !fs.existsSync(best.worktree.path);
        if (!a.run.result.merged)
          return this.end(
            a,
            'failed',
            `${best.key} was kept but its worktree could not be merged (see the hub's notice)`,
          );
      }
      for (const o of others) await this.hub.worktrees.discard(o.agent!.id);
    }
    this.end(a, 'done');
  }
}

const FINISHED_RUN = new Set(['done', 'failed', 'cancelled']);
