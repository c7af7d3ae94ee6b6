import type { Request } from '../hub/requests.js';
import type { HubState } from '../hub/state.js';
import type { RequestOrigin } from './request-origin.js';
import type { RequestContext } from './ports.js';
import { describePrincipal, type AgentPrincipal, type Principal } from '../hub/principal.js';
import { driveRefused } from '../hub/drive-rule.js';

// One rule for a focus, whatever door carries it (`focus`, `run --agent`, `run agent.next`, MCP,
// keys an agent presses, an improvement's or a plugin's timer or hook): a view the user is typing
// in (a passthrough mode) is moved only by the user, as their next keys would go where it shows;
// and who shows an agent acts on it, so an agent or an improvement is held to the one drive rule
// (hub/drive-rule.ts) for the agent it would show, unless you pressed its key.

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
function foreignAsker(lua: Principal, from: RequestOrigin, agent: AgentPrincipal | undefined): string | null {
  if (agent) return describePrincipal({ kind: 'agent', id: agent.id });
  if (lua.kind !== 'user' && from.by !== 'user') return describePrincipal(lua);
  return null;
}

/**
 * Why `r` may not move the view now (null: it may, or it is no focus move): someone other than the
 * user asks while the user types into another agent; or the Lua that asked by itself, or the
 * agent whose script or keys asked, may not act on the agent it would show.
 */
export function focusRefused(
  ctx: RequestContext,
  r: Request,
  from: RequestOrigin,
  lua: Principal,
  agent: AgentPrincipal | undefined,
): string | null | Promise<string | null> {
  if (!isFocusMove(r)) return null;
  const s = ctx.store.state;
  const target = focusTargetOf(s, r);
  // Showing the agent already shown moves nothing.
  if (target === undefined || target === s.client.focus) return null;
  const typing = ctx.typingIn();
  const who = foreignAsker(lua, from, agent);
  if (typing !== null && target !== typing && who !== null) {
    const name = ctx.agents.get(typing)?.info.name ?? typing;
    return `you are typing into agent ${name} (${s.client.mode} mode): ${who} does not move that view (it would take your next keys)`;
  }
  const shown = ctx.agents.get(target);
  // An improvement's key you pressed moves your view as yours.
  const improvement = lua.kind === 'improvement' && from.by !== 'user' ? lua : null;
  if (!shown || (!improvement && !agent)) return null;
  const to = { id: shown.id, name: shown.info.name };
  return (async () => {
    if (improvement) {
      const pusher = ctx.improvementPusher(improvement.name);
      const no = await driveRefused(ctx.drive, improvement, to, 'focus', { pusher });
      if (no) return no;
    }
    return agent ? driveRefused(ctx.drive, agent, to, 'focus') : null;
  })();
}
