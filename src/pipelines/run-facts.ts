// A run as Lua's self.pipelines shows it: plain facts, times in seconds.
import type { PipelineFacts } from '../hub/self.js';
import type { PipelineRun } from './run.js';

/** A run as self.pipelines shows it (times in seconds, as of `now`; `choices`: the steps one may keep while it waits for a choice). */
export function pipelineFacts(r: PipelineRun, now: number, choices?: string[]): PipelineFacts {
  const secs = (from?: number, to?: number) =>
    from ? Math.max(0, Math.round(((to ?? now) - from) / 1000)) : undefined;
  return {
    id: r.id,
    pipeline: r.pipeline,
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.paused ? { paused: true } : {}),
    elapsed: secs(r.started_at, r.ended_at) ?? 0,
    ...(r.result?.chosen ? { chosen: r.result.chosen } : {}),
    ...(r.status === 'choosing' && choices ? { choices: [...choices] } : {}),
    steps: r.order.map((k) => {
      const s = r.steps[k];
      return {
        key: s.key,
        step: s.step,
        ...(s.item !== undefined ? { item: s.item } : {}),
        state: s.state,
        ...(s.reason ? { reason: s.reason } : {}),
        ...(s.agent ? { agent: s.agent.name, agent_id: s.agent.id } : {}),
        ...(s.worktree ? { branch: s.worktree.branch } : {}),
        ...(s.check ? { check: s.check.code } : {}),
        ...(s.diff ? { diff: s.diff } : {}),
        ...(s.started_at ? { elapsed: secs(s.started_at, s.ended_at) } : {}),
      };
    }),
  };
}
