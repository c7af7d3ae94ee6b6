// One action per request type that is not the reducer's own (start_agent, run, quit, ...): each
// answers as src/hub/request-answers.ts declares for its type, and ./table.ts lists them. apply-request.ts judges
// who asks first, then hands the request to its action here.
import type { AgentPrincipal } from '../../hub/principal.js';
import { describePrincipal, principalOfOwner } from '../../hub/principal.js';
import type { Request } from '../../hub/requests.js';
import type { RequestContext } from '../ports.js';
import type { RequestOrigin } from '../request-origin.js';
import type { RequestAnswer, RequestOf } from '../../hub/request-answers.js';
import { quotedAgents } from '../../hub/quoted-agents.js';

/** Who asked, as apply-request.ts judged it. */
export interface Asked {
  /** The Lua state that asked (an improvement's, a project's, a plugin's); absent: yours. */
  lua: string | undefined;
  /** The agent whose script or keys asked. */
  agent: AgentPrincipal | undefined;
}

export type Action<T extends Request['type']> = (
  ctx: RequestContext,
  r: RequestOf<T>,
  from: RequestOrigin,
  who: Asked,
) => RequestAnswer<T> | Promise<RequestAnswer<T>>;

/** Actions by request type (a part of the table). */
export type Actions = { [T in Request['type']]?: Action<T> };

/**
 * Who a plugin's, an improvement's or an untrusted project's Lua is, when one asked ("plugin
 * NAME"): the agents it starts are held apart (no web: server/web-control.ts). Undefined: yours.
 */
export function luaStarter(asked: string | undefined): string | undefined {
  const p = principalOfOwner(asked);
  return p.kind === 'user' ? undefined : describePrincipal(p);
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
