// How a pipeline run ends once its last steps finished: their results merged as its definition
// says (concatenate, summarize, pick_best, or the user chooses), and the kept step's work merged.
import fs from 'node:fs';
import { gitRun } from '../agents/git.js';
import type { LuaFn } from './definition.js';
import type { PipelineHub } from './ports.js';
import {
  concatenate,
  finishedWell,
  leafResults,
  pickDefault,
  type PipelineRun,
  type StepRun,
} from './run.js';
import type { Active } from './step-driver.js';
import { stepData } from './agent-turn.js';

/** What merging needs of the runner (runner.ts). */
export interface MergeHost {
  hub: PipelineHub;
  end(a: Active, status: PipelineRun['status'], reason?: string): void;
  add(a: Active, steps: StepRun[]): void;
  save(run: PipelineRun): void;
  drive(a: Active, key: string, extra?: Record<string, string>): Promise<void>;
  callLua(a: Active, fn: LuaFn, args: unknown[]): Promise<unknown>;
}

/** The keys of a run's last steps that finished well (what a choice is made among). */
export function doneKeys(a: Active): string[] {
  return leafResults(a.run, a.def)
    .filter((s) => s.state === 'done')
    .map((s) => s.key);
}

export class RunMerge {
  constructor(private readonly host: MergeHost) {}

  async merge(a: Active): Promise<void> {
    const merge = a.def.merge;
    const results = leafResults(a.run, a.def);
    if (merge.kind === 'concatenate') {
      const done = results.filter((r) => r.state === 'done');
      if (done.length === 0) return this.host.end(a, 'failed', 'no step finished well');
      a.run.result = { text: results.length === 1 ? (done[0].answer ?? '') : concatenate(results) };
      const bad = results.filter((r) => !finishedWell(r)).map((r) => r.key);
      return bad.length === 0
        ? this.host.end(a, 'done')
        : this.host.end(a, 'failed', `${bad.join(', ')} did not finish well`);
    }
    if (merge.kind === 'summarize') {
      if (a.run.steps.summary) {
        const st = a.run.steps.summary;
        if (st.state !== 'done')
          return this.host.end(a, 'failed', `the summary failed: ${st.reason ?? st.state}`);
        a.run.result = { text: st.answer ?? '' };
        return this.host.end(a, 'done');
      }
      if (!results.some((r) => r.state === 'done'))
        return this.host.end(a, 'failed', 'no step finished well');
      this.host.add(a, [{ key: 'summary', step: merge.step!.id, state: 'queued' }]);
      a.working.add('summary');
      await this.host.drive(a, 'summary', { results: concatenate(results) });
      a.working.delete('summary');
      return this.merge(a);
    }
    if (merge.kind === 'choose') {
      if (!results.some((r) => r.state === 'done'))
        return this.host.end(a, 'failed', 'no step finished well');
      a.run.status = 'choosing';
      this.host.save(a.run);
      this.host.hub.notify(
        `pipeline ${a.run.id} waits for your choice (${doneKeys(a).join(', ')}): pipeline.choose shows their changes side by side; botster-tui pipeline choose ${a.run.id} STEP`,
        'info',
      );
      this.host.hub.emit('pipeline_choosing', {
        run: a.run.id,
        pipeline: a.run.pipeline,
        steps: doneKeys(a),
      });
      return;
    }
    // pick_best
    let best: StepRun | null;
    if (merge.criterion) {
      const out = await this.host.callLua(a, merge.criterion, [results.map(stepData)]);
      const i = typeof out === 'number' ? out : null;
      best = i !== null && results[i - 1] ? results[i - 1] : null;
      if (out !== null && best === null)
        return this.host.end(
          a,
          'failed',
          `the criterion returned ${JSON.stringify(out)}, not the number of a result (1-${results.length})`,
        );
    } else best = pickDefault(results);
    if (!best)
      return this.host.end(
        a,
        'failed',
        results.some((r) => r.check) ? 'no step passed its check' : 'no step finished well',
      );
    await this.keep(a, best);
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
        await this.host.hub.worktrees.finish(best.agent.id, 'merge', false);
        // Finished, its folder is gone; still there, git refused (the notice says why).
        a.run.result.merged = !fs.existsSync(best.worktree.path);
        if (!a.run.result.merged)
          return this.host.end(
            a,
            'failed',
            `${best.key} was kept but its worktree could not be merged (see the hub's notice)`,
          );
      }
      for (const o of others) await this.host.hub.worktrees.discard(o.agent!.id);
    }
    this.host.end(a, 'done');
  }
}

/** Commits what is uncommitted in `dir`; answers why it could not (null: done, or nothing to commit). */
async function commitLeftWork(dir: string, message: string): Promise<string | null> {
  const status = await gitRun(dir, ['status', '--porcelain']);
  if (status.code !== 0) return status.stderr.trim() || 'git status failed';
  if (!status.stdout.trim()) return null;
  const add = await gitRun(dir, ['add', '-A']);
  if (add.code !== 0) return add.stderr.trim() || 'git add failed';
  const commit = await gitRun(dir, ['commit', '-q', '-m', message]);
  return commit.code === 0 ? null : commit.stderr.trim().split('\n').pop() || 'git commit failed';
}
