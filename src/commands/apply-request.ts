import { BUILTIN_SOURCE, OVERLAY_COMMANDS } from './builtin-commands.js';
import { olderIds, type CommandHandler } from './registry.js';
import type { Request } from '../hub/requests.js';
import { compareTarget, pageSize, reviewTarget, viewIntents } from './hub-scroll.js';
import { resolveRequest, type RequestFacts } from '../hub/resolve-request.js';
import { keysFor } from '../keys/table-hints.js';
import type { RequestContext } from './ports.js';
import type { RequestOrigin } from './request-origin.js';
import { USER, principalOfOwner, type AgentPrincipal, type Principal } from '../hub/principal.js';
import { judge, requestMay, requestWords, type AskedAt } from '../hub/who-may.js';
import { focusRefused } from './focus-rule.js';
import type { Refused } from '../hub/request-answers.js';
import { reportSaid } from './run-outcome.js';
import { askVerb } from './verb-door.js';

/**
 * Carries out one request (hub/requests.ts), whoever asked: a key's command, Lua's app:* or the
 * control socket. A request is an intent, dispatched with what only the host knows added (scroll
 * limits, page sizes, the dialog a palette answers), or `verb`, the door to every act: that verb's
 * row of the one who-may table judges who asks (src/verbs/call.ts). Resolves with `{ refused }`
 * when who asked may not (said on screen too).
 */
export function applyRequest(ctx: RequestContext, r: Request, from: RequestOrigin): Promise<Refused | void> {
  // What a request dispatches may run a command or answer a dialog at once (the reducer's effects):
  // that is part of the chain too.
  return from.improvement
    ? ctx.runner.within(from.improvement, () => apply(ctx, r, from))
    : apply(ctx, r, from);
}

/** Who asked, as a request is judged: the Lua state that asked (absent: yours), and the agent whose script or keys ran it. */
interface Askers {
  lua: Principal;
  agent: AgentPrincipal | undefined;
  /** The agent's keys pressed it (`snapshot --live --keys` from inside it). */
  atAgentKeys: boolean;
}

async function apply(ctx: RequestContext, r: Request, from: RequestOrigin): Promise<Refused | void> {
  // An agent's script, or keys an agent presses (snapshot --live --keys): judged as that agent's.
  const keys = from.by === 'user' ? ctx.keysOf() : undefined;
  const who: Askers = {
    lua: principalOfOwner(from.owner ?? from.improvement),
    agent: typeof from.by === 'object' ? from.by : keys,
    atAgentKeys: keys !== undefined,
  };
  if (r.type === 'verb')
    return askVerb(ctx, r, from, who.lua.kind !== 'user' ? who.lua : (who.agent ?? USER));
  const judged = intentRefused(ctx, r, from, who);
  // (Only a focus the drive rule judges waits here: anything else is dispatched in the same turn,
  // inside the improvement's chain (HubRunner.within), which an await would leave.)
  const no = typeof judged === 'object' && judged !== null ? await judged : judged;
  if (no) {
    ctx.runner.refuse(no);
    return { refused: no };
  }
  const carry = () => dispatch(ctx, r, from);
  return judged !== null && typeof judged === 'object' && from.improvement
    ? ctx.runner.within(from.improvement, carry)
    : carry();
}

/** An intent asked for, resolved with the host's facts and dispatched. */
function dispatch(ctx: RequestContext, r: Exclude<Request, { type: 'verb' }>, from: RequestOrigin): void {
  const intents = resolveRequest(r, requestFacts(ctx), from) ?? viewIntents(ctx, r) ?? [];
  // What Lua asked for is applied at the time it asked (see LuaHost.luaRun): the worker's reducer
  // drew the frame it causes with that time (src/worker/predict.ts).
  for (const i of intents) {
    ctx.store.dispatch(i, from.now);
    // What a command says (app:notify, a built-in's notice) is its words to the run it is part of.
    if (i.type === 'notify') reportSaid(i.text, i.level);
  }
}

/**
 * Why an intent may not be asked for (null: it may): the who-may table's row for it, as the Lua
 * that asked and as the agent whose script or keys ran it; and a focus move, by the focus rule
 * (a promise only when the drive rule must be asked).
 */
function intentRefused(
  ctx: RequestContext,
  r: Exclude<Request, { type: 'verb' }>,
  from: RequestOrigin,
  who: Askers,
): string | null | Promise<string | null> {
  // Lua that is not yours moving your view by itself (a hook, a timer) acts on what it shows.
  const at: AskedAt = from.by === 'user' ? 'your keys' : 'alone';
  const granted = (name: string) => ctx.plugins.granted(name);
  const lua = judge(who.lua, requestMay(r.type, at), requestWords(r, at), granted);
  if (lua) return who.lua.kind === 'improvement' ? `${lua} (${from.source})` : lua;
  const agent = who.agent;
  if (agent) {
    const row = requestMay(r.type, who.atAgentKeys ? 'agent keys' : 'your keys');
    const no = judge(agent, row, requestWords(r));
    if (no) return no;
  }
  return focusRefused(ctx, r, from, who.lua, agent);
}

/** Requests in order: each one's action is done before the next starts. */
export async function applyRequests(
  ctx: RequestContext,
  requests: readonly Request[],
  from: RequestOrigin,
): Promise<void> {
  for (const r of requests) await applyRequest(ctx, r, from);
}

/** The host's facts resolving a request reads (hub/resolve-request.ts). */
function requestFacts(ctx: RequestContext): RequestFacts {
  return {
    state: ctx.store.state,
    review: () => {
      const rv = reviewTarget(ctx);
      return rv && { key: rv.key, lineCount: rv.lines.length, rows: rv.rows };
    },
    compare: () => {
      const cv = compareTarget(ctx);
      return cv && { max: cv.max };
    },
    page: () => pageSize(ctx),
    keyFor: (id) => keysFor(ctx.keymap.bindingsFor(ctx.store.state.client.mode), id)[0] ?? null,
    term: (id) => {
      const t = ctx.agents.get(id)?.terminal;
      return t ? { lineCount: t.lineCount, rows: t.rows, scrollbackLength: t.scrollbackLength } : null;
    },
    // The overlay tables' own commands do nothing from the palette: it does not offer them.
    paletteItems: () =>
      ctx.commands
        .list()
        .filter((c) => !OVERLAY_COMMANDS.has(c.id))
        .map((c) => {
          // (the older ids of a verb's command find it too: `app.quit` finds client.quit)
          const older = olderIds(c.id);
          return { id: c.id, description: c.description, ...(older.length ? { older } : {}) };
        }),
  };
}

/** The handler a built-in command runs: its requests (commands/builtin-requests.ts), carried out. */
export function builtinHandler(
  requests: (arg: unknown) => readonly Request[],
): CommandHandler<RequestContext> {
  return (ctx, arg, depth = 0, improvement, by) =>
    applyRequests(ctx, requests(arg), {
      source: BUILTIN_SOURCE,
      depth,
      improvement,
      ...(by ? { by } : {}),
      run: (id, a) => ctx.runner.runCommand(id, a, BUILTIN_SOURCE, depth + 1, undefined, improvement, by),
    });
}
