// The one request that acts: a verb Lua or a key asks for by name (app:verb, app:NAME, a key
// bound to a verb, a built-in command), handed to the verbs' table (src/verbs/call.ts) as the one
// who asked: its row of the who-may table, its arguments' checker and the drive rule judge it
// there, as they judge the socket's. Its typed answer goes back to the Lua callback waiting for
// it; a failure nobody reads is said on screen.
import type { Request } from '../hub/requests.js';
import type { Principal } from '../hub/principal.js';
import type { Refused } from '../hub/request-answers.js';
import { verbName } from '../wire/verb-aliases.js';
import { judge, verbMay, verbWords } from '../hub/who-may.js';
import type { RequestContext } from './ports.js';
import type { RequestOrigin } from './request-origin.js';
import { quotedAgents } from '../hub/quoted-agents.js';
import { apartFromRun, reportError, reportPending, reportRefusal } from './run-outcome.js';

type VerbRequest = Extract<Request, { type: 'verb' }>;

/**
 * Asks for verb `r.name` as `asker` (the Lua state that asked; yours: the agent whose script or
 * keys ran it, else you). Not awaited: keys go on meanwhile, and a verb may wait for the hub to be
 * idle, which this key's action is not until it returns; a `run` that asked waits for its answer
 * (pending), and the hub's idleness waits for it unless it may wait long (Verb.waits). The `run`
 * verb is the exception: its command runs here and now, in the chain of the Lua that asked (its
 * depth, the registration it shadows), before the next request.
 */
export async function askVerb(
  ctx: RequestContext,
  r: VerbRequest,
  from: RequestOrigin,
  asker: Principal,
): Promise<Refused | void> {
  // "focused" (a built-in's, a key's): the agent shown now.
  const focus = ctx.store.state.client.focus;
  const args = r.args.agent === 'focused' ? { ...r.args, agent: focus ? `id:${focus}` : undefined } : r.args;
  if (verbName(r.name) === 'run' && typeof args.command === 'string') return runHere(ctx, r, from, asker);
  const answered = ctx
    .verb(r.name, args, asker, {
      ...(asker.kind !== 'user' && asker.kind !== 'agent' ? { owner: from.owner ?? from.improvement } : {}),
      ...(from.by ? { by: from.by } : {}),
    })
    .then((answer) => {
      if (!answer.ok) failed(ctx, r, asker, answer);
      if (r.dialog !== undefined) return answerDialog(ctx, from, r.dialog, `verb ${r.name}`)(answer);
    })
    .catch((err: Error) => ctx.notify(`${said(r)}: ${err.message}`));
  const done = answered.then(() => undefined);
  reportPending(done);
  // The key's act is work in flight until it answered (a script's `run`, a snapshot wait for it).
  if (!ctx.verbWaits(r.name)) ctx.track(done);
}

/** The `run` verb Lua asked for: judged as the verb is, then its command run in Lua's own chain. */
async function runHere(
  ctx: RequestContext,
  r: VerbRequest,
  from: RequestOrigin,
  asker: Principal,
): Promise<Refused | void> {
  const no = judge(asker, verbMay('run'), verbWords('run'), (name) => ctx.plugins.granted(name));
  if (no) {
    ctx.runner.refuse(no);
    if (r.dialog !== undefined)
      await answerDialog(
        ctx,
        from,
        r.dialog,
        'verb run',
      )({ ok: false, refused: no, error: no, reason: 'refused' });
    return { refused: no };
  }
  const id = String(r.args.command);
  await from.run(id, r.args.arg);
  if (r.dialog !== undefined)
    await answerDialog(ctx, from, r.dialog, 'verb run')({ ok: true, command: id, chosen: [], notice: null });
}

/** How a failure names the call that asked (`app:spawn`, `agent.kill`; absent: app:verb NAME). */
const said = (r: VerbRequest) => r.as ?? `app:verb ${r.name}`;

/** A verb's failure: its run hears it; said on screen unless the Lua that asked reads it. */
function failed(
  ctx: RequestContext,
  r: VerbRequest,
  asker: Principal,
  answer: { ok: boolean } & Record<string, unknown>,
): void {
  const why = `${said(r)}: ${String(answer.refused ?? answer.error)}`;
  // A failure Lua reads (its function's, or the call that waits) is its to handle, not the run's;
  // a refusal the run hears all the same (an agent's `run` is told what it may not do).
  if (answer.refused !== undefined) reportRefusal(why);
  else if (r.dialog === undefined) reportError(why);
  // Without a callback to read it, or handed back to a call that may drop it (tell), the failure
  // is said on screen; and what Lua that is not yours was refused, you are told of even when it
  // reads the answer (foreign Lua: an improvement's, a project's, an agent's script; a plugin's is
  // its answer only: you granted what it has).
  const foreign = asker.kind !== 'user' && asker.kind !== 'plugin';
  if (r.dialog === undefined || (answer.refused !== undefined && foreign)) ctx.notify(why);
  // Its Lua reads it, so it is not the run's error, only said.
  else if (r.tell === true) apartFromRun(() => ctx.notify(why));
}

/** Facts for a dialog the asking Lua opened: its callback runs where it asked (`what`: for errors). */
export function answerDialog(
  ctx: RequestContext,
  from: RequestOrigin,
  dialog: number,
  what: string,
): (facts: Record<string, unknown>) => Promise<void> {
  return (facts) =>
    ctx.runner.runLua(
      (render) => ctx.lua.resolveDialog(dialog, facts, ctx.store.state, from.owner, render),
      `${from.source} (${what})`,
      from.owner,
      undefined,
      from.improvement,
      from.by,
      // What the callback says or opens may quote the agents the answer names (a search's hits).
      quotedAgents(facts, (id) => id in ctx.store.state.facts.agents, from.about),
    );
}
