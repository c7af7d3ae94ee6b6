import type { Request } from '../hub/requests.js';
import type { RequestContext } from './ports.js';
import type { Answerer } from '../hub/state.js';
import { describePrincipal, luaDriveRefusal, principalOfOwner, type Principal } from '../hub/principal.js';
import { notGranted } from '../plugins/capabilities.js';
import { targetOf } from './request-target.js';
import { isFocusMove } from './focus-rule.js';

// Lua that is not yours acts on agents only as far as its owner may: an improvement as the agent
// that pushed it (lifecycle/agent-drive.ts AgentDrive.luaMay), and what it starts is that agent's.

/**
 * Why an improvement's request on an agent (its hooks', its bindings', a command it ran) is refused:
 * it drives only the agents it started and those the agent that pushed it may (asking you for the
 * pair as that agent's own request would). Moving the view at your own key is yours. Null: it may.
 */
export function luaDriveRefused(
  ctx: RequestContext,
  asked: string | undefined,
  r: Request,
  by: Answerer | undefined,
): Promise<string | null> | null {
  const p = principalOfOwner(asked);
  // Moving the view at your own key is yours (an improvement's or a plugin's binding you pressed).
  if (p.kind === 'user' || (isFocusMove(r) && by === 'user')) return null;
  if (p.kind !== 'improvement') return isFocusMove(r) ? luaFocusRefused(ctx, p, r) : null;
  const target = targetOf(ctx, r);
  if (!target) return null;
  const lua = describePrincipal(p);
  const to = { id: target.agent.id, name: target.agent.info.name };
  const pusher = ctx.improvementPusher(p.name);
  return ctx.drive
    .luaMay(lua, pusher, to.id, target.what)
    .then((may) => (may ? null : luaDriveRefusal(p.name, pusher, to, target.what)));
}

/**
 * A plugin's or an untrusted project's focus by itself (a timer, a hook): it shows an agent as far
 * as it drives agents, a plugin granted `spawn` (hub/who-may.ts), a project not at all.
 */
function luaFocusRefused(ctx: RequestContext, p: Principal, r: Request): Promise<string | null> | null {
  const target = targetOf(ctx, r);
  if (!target) return null;
  const to = `agent ${target.agent.info.name} (id:${target.agent.id})`;
  if (p.kind === 'plugin' && ctx.plugins.granted(p.name).includes('spawn')) return null;
  return Promise.resolve(
    p.kind === 'plugin'
      ? notGranted(p.name, `focusing ${to} by itself`, 'spawn')
      : `${describePrincipal(p)} may not focus ${to} by itself: only at your keys`,
  );
}

/**
 * Agent `id` was started by sandboxed Lua `lua`: it is that Lua's, and an improvement's is also the
 * agent's that pushed it (it reads and drives what its improvement started).
 */
export function luaStarted(ctx: RequestContext, asked: string | undefined, lua: string, id: string): void {
  const p = principalOfOwner(asked);
  const pusher = p.kind === 'improvement' ? ctx.improvementPusher(p.name) : undefined;
  if (pusher) ctx.drive.started(id, pusher);
  ctx.drive.startedByLua(id, lua);
}
