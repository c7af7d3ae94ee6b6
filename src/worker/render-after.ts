import type { ConfigRuntime } from '../lua/runtime/config-runtime.js';
import { appData } from '../hub/app-data.js';
import type { HubState } from '../hub/state.js';
import type { LuaRequest } from '../hub/requests.js';
import { predict } from './predict.js';

/** What Lua code the hub hands over is given: the hub's state (its projection is `self`), and whether to draw. */
export interface RenderParams {
  state: HubState;
  render?: boolean;
  /** When the hub applies the requests (the hub's clock). */
  now?: number;
}

/**
 * Folds the render a command causes into the command's round trip: App:render of the state the
 * requests lead to, worked out with the hub's own reducer (when that can be known here, see
 * predict.ts). A render error is left to the hub's own render, which reports it the usual way.
 */
export function withRender(rt: ConfigRuntime, params: RenderParams, requests: LuaRequest[]) {
  // Nothing asked for: the state is the same, but Lua's own tables may have changed (the hub takes
  // the tree only when it differs from the one on screen, HubFrame.stateOnly).
  const next =
    params.render && params.now !== undefined
      ? requests.length === 0
        ? { state: params.state, intents: [] }
        : predict(params.state, requests, params.now)
      : null;
  if (!next) return { requests };
  try {
    return { requests, intents: next.intents, tree: rt.render(appData(next.state)) };
  } catch {
    return { requests };
  }
}
