// The state a Lua command's requests lead to, worked out in the worker with the hub's own reducer
// (src/hub/reduce.ts), so the worker can render the frame a key causes in the key's round trip. A
// request whose outcome needs what only the hub has (an agent's terminal, a page's height, the
// commands on offer) or that is a verb (an act: agent.kill, run, ...) is not predicted.
// The hub takes the frame only if it dispatched exactly these intents at this time
// (HubFrame.offerTree): the same reducer from the same state gives the same state.
import { type LuaRequest } from '../hub/requests.js';
import { fromLua } from '../hub/requests-from-lua.js';
import { resolveRequest, type RequestFacts } from '../hub/resolve-request.js';
import { reduce } from '../hub/reduce.js';
import type { Intent } from '../hub/intents.js';
import type { HubState } from '../hub/state.js';

class NotHere extends Error {}
const notHere = (): never => {
  throw new NotHere();
};

/** The state after `requests` (applied at `now`, the hub's clock) and the intents that led there; null: not known here. */
export function predict(
  state: HubState,
  requests: LuaRequest[],
  now: number,
): { state: HubState; intents: Intent[] } | null {
  if (requests.length === 0) return null;
  let s = state;
  const intents: Intent[] = [];
  for (const raw of requests) {
    const r = fromLua(raw);
    if (!r) return null;
    const facts: RequestFacts = {
      state: s,
      review: notHere,
      compare: notHere,
      page: notHere,
      term: notHere,
      paletteItems: notHere,
      keyFor: notHere,
    };
    let resolved: Intent[] | null;
    try {
      resolved = resolveRequest(r, facts);
    } catch (err) {
      if (err instanceof NotHere) return null;
      throw err;
    }
    if (!resolved) return null;
    for (const i of resolved) {
      s = reduce(s, i, now).state;
      intents.push(i);
    }
  }
  return { state: s, intents };
}
