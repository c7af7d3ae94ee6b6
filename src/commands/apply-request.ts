import { BUILTIN_SOURCE, OVERLAY_COMMANDS } from './builtin-commands.js';
import type { CommandHandler } from './registry.js';
import type { Request } from '../hub/requests.js';
import { compareTarget, pageSize, reviewTarget } from './hub-scroll.js';
import { resolveRequest, type RequestFacts } from '../hub/resolve-request.js';
import { keysFor } from '../keys/table-hints.js';
import type { RequestContext } from './ports.js';
import type { RequestOrigin } from './request-origin.js';
import { notGranted } from '../plugins/capabilities.js';
import { driveRefusal, principalOfOwner, refusal, type AgentPrincipal } from '../hub/principal.js';
import { WHO_MAY, mayAtKeys, requestWords } from '../hub/who-may.js';
import { targetOf } from './request-target.js';
import { typingRefusal } from './focus-rule.js';
import { luaDriveRefused } from './lua-drive.js';
import { actionOf } from './actions/table.js';
import type { Applied, RequestAnswer } from '../hub/request-answers.js';
import { reportSaid } from './run-outcome.js';

/**
 * Carries out one request (hub/requests.ts), whoever asked: a key's command, Lua's app:* or the
 * control socket. The reducer's intents go to dispatch with what only the host knows added (scroll
 * limits, page sizes, the dialog a palette answers); the rest start the hub's actions
 * (commands/actions/). Resolves with the action's answer, typed by the request's type
 * (hub/request-answers.ts), or `{ refused }` when who asked may not (said on screen too).
 */
export function applyRequest<T extends Request['type']>(
  ctx: RequestContext,
  r: Request & { type: T },
  from: RequestOrigin,
): Promise<Applied<T>> {
  // What a request dispatches may run a command or answer a dialog at once (the reducer's effects):
  // that is part of the chain too.
  return from.improvement
    ? ctx.runner.within(from.improvement, () => apply<T>(ctx, r, from))
    : apply<T>(ctx, r, from);
}

/**
 * Why `asked` (an improvement, a project or a plugin; absent: you) may not make request `r`, from
 * the one table of who may ask (hub/who-may.ts); null: it may.
 */
function refused(ctx: RequestContext, asked: string | undefined, r: Request, source: string): string | null {
  const p = principalOfOwner(asked);
  if (p.kind === 'plugin') {
    const what = r.type === 'run' ? `running ${r.id}` : r.type.replace(/_/g, ' ');
    const no = refusal(p, WHO_MAY.request[r.type], what, (name) => ctx.plugins.granted(name));
    return no && (no.capability ? notGranted(p.name, what, no.capability) : no.why);
  }
  // Only the user answers improvements: one improvement must not wave another through.
  if (r.type === 'run' && p.kind !== 'user' && r.id.startsWith('improvements.'))
    return `${p.kind === 'improvement' ? `improvement ${p.name}` : 'a project'} cannot run ${r.id}: only you answer improvements`;
  const no = refusal(p, WHO_MAY.request[r.type], requestWords(r));
  return no && (p.kind === 'improvement' ? `${no.why} (${source})` : no.why);
}

/**
 * Why the agent whose script asked (`botster-tui run` from inside it) or whose keys were pressed
 * (`snapshot --live --keys`, `atKeys`) may not make request `r`; null: it may. Closed by default (hub/who-may.ts lists what an agent may ask for); what acts
 * on an agent it did not start asks the user once for the pair (lifecycle/agent-drive.ts).
 */
async function agentRefused(
  ctx: RequestContext,
  p: AgentPrincipal,
  r: Request,
  atKeys: boolean,
): Promise<string | null> {
  const no = refusal(p, atKeys ? mayAtKeys(r.type) : WHO_MAY.request[r.type], requestWords(r));
  if (no) return no.why;
  const target = targetOf(ctx, r);
  if (target && !(await ctx.drive.ask(p.id, target.agent.id, target.what)))
    return driveRefusal(
      p.id,
      { id: target.agent.id, name: target.agent.info.name },
      target.what,
      ctx.drive.verdict(p.id, target.agent.id) === false ? 'refused' : undefined,
    );
  return null;
}

async function apply<T extends Request['type']>(
  ctx: RequestContext,
  r: Request & { type: T },
  from: RequestOrigin,
): Promise<Applied<T>> {
  const asked = from.owner ?? from.improvement;
  // An agent's script, or keys an agent presses (snapshot --live --keys): judged as that agent's.
  const keys = from.by === 'user' ? ctx.keysOf() : undefined;
  const agent = typeof from.by === 'object' ? from.by : keys;
  const no = refused(ctx, asked, r, from.source);
  if (no) {
    ctx.notify(no);
    return { refused: no };
  }
  // A view you type in is moved only by you, whatever door the focus came through.
  const typing = typingRefusal(ctx, r, from, asked, agent);
  if (typing) {
    ctx.runner.refuse(typing);
    return { refused: typing };
  }
  // (Only a request an improvement makes on an agent waits here: anything else goes on in the same
  // turn, inside the improvement's chain (HubRunner.within), which an await would leave.)
  const lua = luaDriveRefused(ctx, asked, r, from.by);
  if (lua) {
    const why = await lua;
    if (why) {
      ctx.runner.refuse(why);
      return { refused: why };
    }
    if (from.improvement) {
      const chain = from.improvement;
      return ctx.runner.within(chain, () => carryOut<T>(ctx, r, from, asked, agent, keys));
    }
  }
  return carryOut<T>(ctx, r, from, asked, agent, keys);
}

/** A request its asker may make (Lua's checks done): an agent's still judged, then carried out. */
async function carryOut<T extends Request['type']>(
  ctx: RequestContext,
  r: Request & { type: T },
  from: RequestOrigin,
  asked: string | undefined,
  agent: AgentPrincipal | undefined,
  keys: AgentPrincipal | undefined,
): Promise<Applied<T>> {
  const agentNo = agent ? await agentRefused(ctx, agent, r, keys !== undefined) : null;
  if (agentNo) {
    ctx.runner.refuse(agentNo);
    return { refused: agentNo };
  }
  const intents = resolveRequest(r, requestFacts(ctx), from);
  if (intents) {
    // What Lua asked for is applied at the time it asked (see LuaHost.luaRun): the worker's reducer
    // drew the frame it causes with that time (src/worker/predict.ts).
    for (const i of intents) {
      ctx.store.dispatch(i, from.now);
      // What a command says (app:notify, a built-in's notice) is its words to the run it is part of.
      if (i.type === 'notify') reportSaid(i.text, i.level);
    }
    return undefined as RequestAnswer<T>;
  }
  const action = actionOf(r.type);
  if (!action) throw new Error(`no action for request ${r.type}`);
  return action(ctx, r as Parameters<typeof action>[1], from, { lua: asked, agent });
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
        .map((c) => ({ id: c.id, description: c.description })),
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
