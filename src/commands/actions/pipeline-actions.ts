// Pipelines: start a run, and steer one (cancel, pause, retry a step, choose a branch).
import type { PipelineRun } from '../../pipelines/run.js';
import { luaStarter, type Actions } from './action.js';

/** A run's step, or why not (said on screen too). */
async function steered(
  notify: (text: string) => void,
  step: () => PipelineRun | Promise<PipelineRun>,
): Promise<{ run: string } | { failed: string }> {
  try {
    return { run: (await step()).id };
  } catch (err) {
    const failed = `pipelines: ${(err as Error).message}`;
    notify(failed);
    return { failed };
  }
}

export const pipelineActions: Actions = {
  pipeline_run: async (ctx, r, _from, who) => {
    const cwd = ctx.focused()?.cwd ?? process.cwd();
    try {
      const lua = luaStarter(who.lua);
      const { run } = await ctx.pipelines.start({
        id: r.id,
        vars: r.vars,
        cwd,
        ...(lua ? { by: { lua } } : {}),
      });
      ctx.notify(`pipeline ${r.id} started (run ${run.id})`, 'info');
      return { run: run.id };
    } catch (err) {
      const failed = `pipelines.run: ${(err as Error).message}`;
      ctx.notify(failed);
      return { failed };
    }
  },
  pipeline_cancel: (ctx, r) =>
    steered(
      (t) => ctx.notify(t),
      () => ctx.pipelines.cancel(r.run),
    ),
  pipeline_pause: (ctx, r) =>
    steered(
      (t) => ctx.notify(t),
      () => ctx.pipelines.pause(r.run, r.pause),
    ),
  pipeline_retry: (ctx, r) =>
    steered(
      (t) => ctx.notify(t),
      () => ctx.pipelines.retry(r.run, r.step),
    ),
  pipeline_choose: (ctx, r) =>
    steered(
      (t) => ctx.notify(t),
      () => ctx.pipelines.choose(r.run, r.step),
    ),
};
