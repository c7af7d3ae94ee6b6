// Worktrees and projects: their status, finishing or discarding one, trusting a project.
import { answerDialog, type Actions } from './action.js';

export const worktreeActions: Actions = {
  // git may take a while: keys go on meanwhile (tracked, so a script's `run` waits for the answer).
  worktree_status: (ctx, r, from) =>
    ctx.track(ctx.worktreeFlow.status(r.id, answerDialog(ctx, from, r.dialog, 'worktree status'))),
  remove_worktree: (ctx, r) => ctx.lifecycle.offers.remove(r.path),
  finish_worktree: (ctx, r) => ctx.track(ctx.worktreeFlow.finish(r.id, r.how, r.force)),
  discard_worktree: (ctx, r) => ctx.track(ctx.worktreeFlow.discard(r.id)),
  trust_project: (ctx, r) => ctx.projects.trust(r.path, r.trust, r.hash),
  plugin: (ctx, r, from) => {
    const p = ctx.plugins;
    if (r.op === 'fetch') {
      const cwd = ctx.focused()?.cwd ?? process.cwd();
      // git or npm may take a while: keys go on meanwhile.
      return ctx.track(p.fetch(r.source, cwd).then(answerDialog(ctx, from, r.dialog, 'plugin fetch')));
    }
    if (r.op === 'add') return ctx.track(p.add(r.token, r.grant));
    if (r.op === 'grant') return p.grant(r.name, r.grant);
    if (r.op === 'update') return ctx.track(p.update(r.name));
    if (r.op === 'remove') return p.remove(r.name);
    return p.enable(r.name, r.op === 'enable');
  },
};
