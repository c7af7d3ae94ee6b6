// How a pipeline run ends once its last steps finished: its merge kind (Lua, pipelines.merge_kind;
// lua/default/merges.lua ships concatenate, summarize, pick_best and choose) decides from the facts,
// and this does what it decided: the result, the summarizer's step, the user's choice, the kept
// step's work merged.
import fs from 'node:fs';
import { gitRun } from '../agents/git.js';
import { repoWrites } from '../box/git-box.js';
import type { LuaFn } from './definition.js';
import type { PipelineHub } from './ports.js';
import { leafResults, pickDefault, type PipelineRun, type StepRun } from './run.js';
import type { Active } from './step-driver.js';
import { PipelineError, stepData } from './agent-turn.js';
import type { LuaValue } from '../lua/lua-value.js';

/** What merging needs of the runner (runner.ts). */
export interface MergeHost {
  hub: PipelineHub;
  end(a: Active, status: PipelineRun['status'], reason?: string): void;
  add(a: Active, steps: StepRun[]): void;
  save(run: PipelineRun): void;
  drive(a: Active, key: string, extra?: Record<string, string>): Promise<void>;
  callLua(a: Active, fn: LuaFn, args: unknown[]): Promise<LuaValue>;
}

/** The key of the step a merge runs (strategy.merge.step: the summarizer). */
const MERGE_STEP = 'summary';
/** The name the configuration's merge is called by (runtime-pipelines.ts MERGE). */
const MERGE_FN: LuaFn = { fn: 'merge' };

/** What a merge kind decided (lua/core/pipelines.lua, the ctx primitives). */
type Decision =
  | { done: true; text: string }
  | { fail: string; text?: string }
  | { keep: string }
  | { run_step: Record<string, string> }
  | { choose: string[] };

/** The keys a run waiting for a choice may keep: those its merge offered, else its last steps that finished well. */
export function doneKeys(a: Active): string[] {
  return (
    a.run.choices ??
    leafResults(a.run, a.def)
      .filter((s) => s.state === 'done')
      .map((s) => s.key)
  );
}

export class RunMerge {
  constructor(private readonly host: MergeHost) {}

  async merge(a: Active): Promise<void> {
    const merge = a.def.merge;
    const results = leafResults(a.run, a.def);
    const summary = a.run.steps[MERGE_STEP];
    const best = pickDefault(results);
    const run: Record<string, unknown> = {
      id: a.run.id,
      pipeline: a.run.pipeline,
      vars: a.run.vars,
      kind: merge.kind,
      finish: merge.finish,
      has_step: !!merge.step,
      results: results.map(stepData),
      merge_step: summary && merge.step ? stepData(summary) : null,
      has_criterion: !!merge.criterion,
      // The hub's ranking (run.ts pickDefault: check passed, then the smallest change): its index.
      default_pick: best ? results.indexOf(best) + 1 : null,
    };
    // The criterion is the definition's (a plugin's state, maybe): asked here, handed to the kind.
    if (merge.criterion) run.criterion = await this.host.callLua(a, merge.criterion, [results.map(stepData)]);
    const d = (await this.host.callLua(a, MERGE_FN, [merge.kind, run])) as Decision | null;
    if (d && 'done' in d) {
      a.run.result = { text: d.text };
      return this.host.end(a, 'done');
    }
    if (d && 'fail' in d) {
      if (typeof d.text === 'string') a.run.result = { text: d.text };
      return this.host.end(a, 'failed', d.fail);
    }
    if (d && 'keep' in d) return this.keep(a, a.run.steps[d.keep]);
    if (d && 'run_step' in d && merge.step && !summary) {
      this.host.add(a, [{ key: MERGE_STEP, step: merge.step.id, state: 'queued' }]);
      a.working.add(MERGE_STEP);
      await this.host.drive(a, MERGE_STEP, d.run_step);
      a.working.delete(MERGE_STEP);
      return this.merge(a);
    }
    if (d && 'choose' in d) return this.wait(a, d.choose);
    throw new PipelineError(`merge kind ${merge.kind} answered ${JSON.stringify(d)}, not a decision`);
  }

  /** The run waits for the user to keep one of `keys` (pipeline.choose, `pipeline choose`). */
  private wait(a: Active, keys: string[]): void {
    a.run.status = 'choosing';
    a.run.choices = keys;
    this.host.save(a.run);
    this.host.hub.notify(
      `pipeline ${a.run.id} waits for your choice (${keys.join(', ')}): pipeline.choose shows their changes side by side; botster-tui pipeline choose ${a.run.id} STEP`,
      'info',
    );
    this.host.hub.emit('pipeline_choosing', { run: a.run.id, pipeline: a.run.pipeline, steps: keys });
  }

  /** Keeps one step's work: its answer is the result; with finish, its worktree is merged and the others' discarded. */
  async keep(a: Active, best: StepRun): Promise<void> {
    a.run.result = { text: best.answer ?? '', chosen: best.key };
    if (a.def.merge.finish) {
      const others = leafResults(a.run, a.def).filter((r) => r.key !== best.key && r.worktree && r.agent);
      if (best.worktree && best.agent) {
        // A CLI that edits files without committing them (most do) leaves its work uncommitted:
        // the kept step's becomes a commit (the user's git identity), so the merge brings it.
        const unsaved = await commitLeftWork(best.worktree.path, `pipeline ${a.run.id}: ${best.key}`);
        if (unsaved)
          return this.host.end(
            a,
            'failed',
            `${best.key} was kept but its changes could not be committed: ${unsaved}`,
          );
        // Finished, its folder is gone; else git refused, and the answer says why.
        const why = await this.host.hub.worktrees.finish(best.agent.id, 'merge', false).then(
          () => null,
          (err: Error) => err.message,
        );
        a.run.result.merged = why === null && !fs.existsSync(best.worktree.path);
        if (!a.run.result.merged)
          return this.host.end(
            a,
            'failed',
            `${best.key} was kept but its worktree could not be merged: ${why ?? 'it is still there'}`,
          );
      }
      for (const o of others)
        await this.host.hub.worktrees.discard(o.agent!.id).catch((err: Error) => {
          this.host.hub.notify(`worktree.discard: ${err.message}`);
        });
    }
    this.host.end(a, 'done');
  }
}

/** Commits what is uncommitted in `dir`; answers why it could not (null: done, or nothing to commit). */
async function commitLeftWork(dir: string, message: string): Promise<string | null> {
  const status = await gitRun(dir, ['status', '--porcelain']);
  if (status.code !== 0) return status.stderr.trim() || 'git status failed';
  if (!status.stdout.trim()) return null;
  const writes = repoWrites(dir);
  const add = await gitRun(dir, ['add', '-A'], { writes });
  if (add.code !== 0) return add.stderr.trim() || 'git add failed';
  const commit = await gitRun(dir, ['commit', '-q', '-m', message], { writes });
  return commit.code === 0 ? null : commit.stderr.trim().split('\n').pop() || 'git commit failed';
}
