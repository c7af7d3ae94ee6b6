import type { LuaHost } from './lua-host.js';
import type { HubState } from '../hub/state.js';
import type { LuaRequest } from '../hub/requests.js';

// The web's calls into the Lua worker: a route for a request (lua/core/web.lua's
// __botster.web_dispatch, under a command's budget), and web.turbo_stream's notices.

export interface WebRouteRun {
  answer?: unknown;
  requests?: LuaRequest[];
  /** Where the route is defined ("user/routes.lua:3"). */
  source?: string;
  missing?: boolean;
  /** A plugin's route ("plugin:NAME"): its requests are held to its grants. */
  owner?: string;
  /** The verb the route waits for (app:call): run it, then webResume with its answer and `token`. */
  wait?: { name: string; args?: Record<string, unknown> };
  token?: number;
}

export function webRoute(host: LuaHost, req: unknown, state: HubState): Promise<WebRouteRun> {
  const r = req as { method?: string; path?: string };
  return host.call<WebRouteRun>('webRoute', { req, state }, `web route ${r.method} ${r.path}`);
}

/** The route that waited (`run.wait`) goes on with the verb's answer: its answer, or another wait. */
export function webResume(
  host: LuaHost,
  run: WebRouteRun,
  answer: unknown,
  state: HubState,
): Promise<WebRouteRun> {
  const params = { token: run.token, answer, state, ...(run.owner ? { owner: run.owner } : {}) };
  return host.call<WebRouteRun>(
    'webResume',
    params,
    `web route ${run.source ?? ''} (verb ${run.wait?.name})`,
  );
}

/**
 * A route whose configuration reloaded while it waited for `verb` (the verb reloaded it, say): its
 * waiting Lua went with the old configuration; the new one answers the page, saying the answer.
 */
export function webReloaded(host: LuaHost, verb: string, answer: unknown): Promise<WebRouteRun> {
  return host.call<WebRouteRun>('webReloaded', { verb, answer }, `web route (verb ${verb}, reloaded)`);
}

/** web.turbo_stream(action, target, html) of any Lua hook. */
export function onWebStream(host: LuaHost, cb: (push: unknown) => void): () => void {
  return host.onNotify((name, payload) => {
    if (name === 'web_stream') cb(payload);
  });
}
