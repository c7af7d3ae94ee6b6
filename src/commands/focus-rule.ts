import type { Request } from '../hub/requests.js';
import type { HubState } from '../hub/state.js';
import type { RequestOrigin } from './request-origin.js';
import type { RequestContext } from './ports.js';
import { describePrincipal, principalOfOwner, type AgentPrincipal } from '../hub/principal.js';

// One rule for a focus, whatever door carries it (`focus`, `run --agent`, `run agent.next`, MCP,
// keys an agent presses, an improvement's or a plugin's timer or hook): a view the user is typing
// in (a passthrough mode) is moved only by the user, as their next keys would go where it shows.
// Whether who asked may act on the agent it shows is the drive rules' (request-target.ts).

type FocusRequest = Extract<Request, { type: 'focus' | 'focus_next' | 'focus_index' }>;

/** Whether `r` moves the view. */
export function isFocusMove(r: Request): r is FocusRequest {
  return r.type === 'focus' || r.type === 'focus_next' || r.type === 'focus_index';
}

/** The agent a focus request would show (as the reducer picks it), or undefined: none. */
export function focusTargetOf(s: HubState, r: FocusRequest): string | undefined {
  if (r.type === 'focus') return s.agents.includes(r.id) ? r.id : undefined;
  if (r.type === 'focus_index') return s.agents[r.index];
  if (s.agents.length === 0) return undefined;
  const at = s.agents.indexOf(s.client.focus ?? '');
  const n = s.agents.length;
  return s.agents[(((at + r.delta) % n) + n) % n];
}

/**
 * Who asked for `r` when it is not the user at their own keys or scripts: an agent (its `run`, its
 * keys), or Lua that is not the user's acting by itself (a timer or hook; an improvement's key the
 * user pressed is the user's). Null: the user.
 */
export function foreignAsker(
  asked: string | undefined,
  from: RequestOrigin,
  agent: AgentPrincipal | undefined,
): string | null {
  if (agent) return describePrincipal({ kind: 'agent', id: agent.id });
  const lua = principalOfOwner(asked);
  if (lua.kind !== 'user' && from.by !== 'user') return describePrincipal(lua);
  return null;
}

/**
 * Why `r` may not move the view now (null: it may): someone other than the user asks while the user
 * types into another agent.
 */
export function typingRefusal(
  ctx: RequestContext,
  r: Request,
  from: RequestOrigin,
  asked: string | undefined,
  agent: AgentPrincipal | undefined,
): string | null {
  if (!isFocusMove(r)) return null;
  const typing = ctx.typingIn();
  if (typing === null) return null;
  const target = focusTargetOf(ctx.store.state, r);
  if (target === undefined || target === typing) return null;
  const who = foreignAsker(asked, from, agent);
  if (who === null) return null;
  const name = ctx.agents.get(typing)?.info.name ?? typing;
  return `you are typing into agent ${name} (${ctx.store.state.client.mode} mode): ${who} does not move that view (it would take your next keys)`;
}
