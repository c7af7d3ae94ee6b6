// The hub itself: quit, detach, suspend, commands and verbs Lua runs, the desktop, sessions, and
// the user's answers to what waits for them.
import { desktopNotification } from '../../effects/desktop-notification.js';
import { USER, principalOfOwner, type Principal } from '../../hub/principal.js';
import type { Answerer } from '../../hub/state.js';
import type { RequestContext } from '../ports.js';
import { requestSuspend } from '../self-suspend.js';
import { answerDialog, type Actions } from './action.js';
import { apartFromRun, reportError, reportPending, reportRefusal } from '../run-outcome.js';

export const hubActions: Actions = {
  quit: (ctx) => ctx.quit(),
  quit_ask: (ctx, _r, from) => quitWithoutLua(ctx, from.by),
  detach: (ctx) => {
    if (!ctx.detach?.())
      ctx.notify('client.detach needs a hub server with a client attached (plain botster-tui)');
  },
  suspend: (ctx) => {
    if (!(ctx.suspend?.() ?? requestSuspend())) ctx.notify('app.suspend needs a hub running in a terminal');
  },
  run: (_ctx, r, from) => from.run(r.id, r.arg),
  verb: (ctx, r, from, who) => {
    // Who asks is the Lua state that asked (yours, an improvement's, a project's, a plugin's), or
    // the agent whose script or keys ran it; the verb's own `may` judges it (verbs/call.ts).
    const asker = who.lua ? principalOfOwner(who.lua) : (who.agent ?? USER);
    // Not awaited: a verb waits for the hub to be idle, which this key's action is not until it
    // returns. A `run` that asked waits for its answer (pending), and hears its failure from it.
    // "focused" (a built-in's, a key's): the agent shown now.
    const focus = ctx.store.state.client.focus;
    const args =
      r.args.agent === 'focused' ? { ...r.args, agent: focus ? `id:${focus}` : undefined } : r.args;
    const answered = ctx
      .verb(r.name, args, asker, {
        ...(who.lua ? { owner: who.lua } : {}),
        ...(from.by ? { by: from.by } : {}),
      })
      .then((answer) => {
        if (!answer.ok) {
          const why = `${r.as ?? `app:verb ${r.name}`}: ${String(answer.refused ?? answer.error)}`;
          // A failure Lua reads (its function's, or the call that waits) is its to handle, not the
          // run's; a refusal the run hears all the same (an agent's `run` is told what it may not do).
          if (answer.refused !== undefined) reportRefusal(why);
          else if (r.dialog === undefined) reportError(why);
          // Without a callback to read it, or handed back to a call that may drop it (tell), the
          // failure is said on screen; and what Lua that is not yours was refused, you are told of
          // even when it reads the answer (foreignLua).
          const refusedForeign = answer.refused !== undefined && foreignLua(asker);
          if (r.dialog === undefined || refusedForeign) ctx.notify(why);
          // Its Lua reads it, so it is not the run's error, only said.
          else if (r.tell === true) apartFromRun(() => ctx.notify(why));
        }
        if (r.dialog !== undefined) return answerDialog(ctx, from, r.dialog, `verb ${r.name}`)(answer);
      })
      .catch((err: Error) => ctx.notify(`app:verb ${r.name}: ${err.message}`));
    reportPending(answered.then(() => undefined));
  },
  // To every attached client (each is a terminal the user may be looking at).
  notify_desktop: (ctx, r) => void ctx.write(desktopNotification(r.text, r.kind)),
  // To the web sessions' phones (the web is off: nobody subscribed, nothing to push).
  web_push: (ctx, r) => {
    const { type: _, ...m } = r;
    ctx.webPush(m);
  },
  session_resume: (ctx) => ctx.sessions.resumeOffer(),
  session_discard: (ctx) => ctx.sessions.discardOffer(),
  improvement_answer: async (ctx, r) => said(ctx, await ctx.answerImprovement(r.accept, r.name)),
  drive_answer: (ctx, r) => said(ctx, ctx.answerDrive(r.allow, r.request)),
  host_answer: (ctx, r) => said(ctx, ctx.answerHost(r.allow, r.request)),
  pipeline_answer: async (ctx, r) => said(ctx, await ctx.answerPipeline(r.accept, r.request)),
};

/**
 * Whose refusals you are told of even when their Lua reads the answer: an improvement's (an agent's
 * code), a project's, an agent's script. A plugin's is its answer only: you granted what it has.
 */
function foreignLua(asker: Principal): boolean {
  return asker.kind !== 'user' && asker.kind !== 'plugin';
}

/** What answering said, on screen and as the answer. */
function said(ctx: RequestContext, text: string): { said: string } {
  ctx.notify(text, 'info');
  return { said: text };
}

/** app.quit while Lua is stopped: settings.on_quit still decides; "ask" asks with the palette. */
function quitWithoutLua(ctx: RequestContext, by: Answerer | undefined): Promise<void> | void {
  const how = ctx.settings().on_quit;
  if (how === 'stop') return ctx.quit();
  if (how === 'detach') return ctx.runner.runCommand('client.detach');
  const items = ['client.detach', 'app.stop'].map((id) => ({
    id,
    description: ctx.commands.get(id)?.description ?? '',
  }));
  ctx.store.dispatch({
    type: 'palette_open',
    title: 'Quit: detach or stop the agents?',
    items,
    action: { kind: 'command' },
    ...(by ? { by } : {}),
    from: 'app.quit',
  });
}
