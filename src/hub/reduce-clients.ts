// Several clients attached at once, each with its own view (focus, mode, overlay, size). The view
// of the client served now is `client`, so the rest of the reducer acts on it; the others wait in
// `views` until their client types (tmux's "latest client").
import type { Intent } from './intents.js';
import type { ClientState, HubState } from './state.js';
import type { Effect } from './effect.js';
import { changed, same, type Result } from './result.js';
import { leftOpen } from './reduce-overlay.js';

/** How many clients are attached in this state. */
const clientCount = (s: HubState): number => (s.clientId === null ? 0 : 1) + Object.keys(s.views).length;

/** Lua hears a client come and go (`client_attached`, `client_detached`), with how many are left. */
const clientEvent = (
  event: 'client_attached' | 'client_detached',
  id: string,
  next: HubState,
  extra = {},
): Effect => ({
  type: 'emit',
  event,
  payload: { client: id, clients: clientCount(next), ...extra },
});

/** A result with the client's event added to its effects. */
function withEvent(r: Result, event: 'client_attached' | 'client_detached', id: string, extra = {}): Result {
  return { ...r, effects: [...r.effects, clientEvent(event, id, r.state, extra)] };
}

export function reduceClients(s: HubState, i: Intent): Result | null {
  const r = reduceClientsOnly(s, i);
  if (!r || r.state === s) return r;
  if (i.type === 'client_attached') return withEvent(r, i.type, i.id, { cols: i.cols, rows: i.rows });
  if (i.type === 'client_detached') return withEvent(r, i.type, i.id);
  return r;
}

function reduceClientsOnly(s: HubState, i: Intent): Result | null {
  switch (i.type) {
    case 'resize': {
      if (i.id === undefined || i.id === s.clientId) {
        if (i.cols === s.client.cols && i.rows === s.client.rows) return same(s);
        return changed({ ...s, client: { ...s.client, cols: i.cols, rows: i.rows } });
      }
      const v = s.views[i.id];
      if (!v || (v.cols === i.cols && v.rows === i.rows)) return same(s);
      return changed({ ...s, views: { ...s.views, [i.id]: { ...v, cols: i.cols, rows: i.rows } } });
    }
    case 'client_attached': {
      if (i.id === s.clientId || i.id in s.views) return same(s);
      // The only client takes over the view the last one left (coming back finds it as it was; at
      // the same size its tree is still good: the frame is repainted, Lua is not asked again).
      if (s.clientId === null) {
        const same = s.client.cols === i.cols && s.client.rows === i.rows && s.client.machine === i.machine;
        const { machine: _left, ...view } = s.client;
        return changed({
          ...s,
          clientId: i.id,
          client: same
            ? s.client
            : { ...view, cols: i.cols, rows: i.rows, ...(i.machine ? { machine: i.machine } : {}) },
        });
      }
      // Another one starts on the agent the client served now shows, in insert mode, nothing open.
      const view: ClientState = {
        cols: i.cols,
        rows: i.rows,
        ...(i.machine ? { machine: i.machine } : {}),
        focus: s.client.focus,
        mode: 'insert',
        prevMode: 'insert',
        overlay: null,
        selection: null,
      };
      return changed({ ...s, clientId: i.id, client: view, views: { ...s.views, [s.clientId]: s.client } });
    }
    case 'client_detached': {
      // The view stays as the one the next client takes over (or another client is made active),
      // typing to its agent again: a detach went through the hub's keys, and the first words
      // typed after coming back must not run them (r restarts, x stops...).
      // Nor may a dialog left open take them: a question goes back to the list (the next client,
      // or this one back, opens it when it chooses), another dialog hears nil.
      if (i.id === s.clientId) {
        const c = s.client;
        if (c.mode === 'insert' && !c.overlay && !c.queued)
          return changed({ ...s, clientId: null }, [], false);
        const left = leftOpen(s, [c.overlay, ...(c.queued ?? [])]);
        const { queued: _queued, ...rest } = c;
        return changed(
          {
            ...s,
            clientId: null,
            questions: left.questions,
            client: { ...rest, mode: 'insert', prevMode: 'insert', overlay: null },
          },
          left.effects,
          false,
        );
      }
      if (!(i.id in s.views)) return same(s);
      const { [i.id]: gone, ...views } = s.views;
      const left = leftOpen(s, [gone.overlay, ...(gone.queued ?? [])]);
      return changed({ ...s, views, questions: left.questions }, left.effects, false);
    }
    case 'client_active': {
      const view = s.views[i.id];
      if (i.id === s.clientId || !view) return same(s);
      const { [i.id]: _now, ...rest } = s.views;
      // With none served (the last one served detached), the view it left goes.
      const views = s.clientId === null ? rest : { ...rest, [s.clientId]: s.client };
      return changed({ ...s, clientId: i.id, client: view, views });
    }
    default:
      return null;
  }
}

/** Every view (the one served now and the others) through `f`; views `f` returns as they were keep their identity. */
export function mapViews(s: HubState, f: (v: ClientState) => ClientState): HubState {
  const client = f(s.client);
  let views = s.views;
  for (const [id, v] of Object.entries(s.views)) {
    const n = f(v);
    if (n === v) continue;
    if (views === s.views) views = { ...s.views };
    views[id] = n;
  }
  return client === s.client && views === s.views ? s : { ...s, client, views };
}

/** Whether any client shows this agent focused. */
export function focusedAnywhere(s: HubState, id: string): boolean {
  return s.client.focus === id || Object.values(s.views).some((v) => v.focus === id);
}

/** The key of each view: the client id, '' for the view of no client (a hub without clients). */
export function viewsByKey(s: HubState): Map<string, ClientState> {
  const m = new Map<string, ClientState>([[s.clientId ?? '', s.client]]);
  for (const [id, v] of Object.entries(s.views)) m.set(id, v);
  return m;
}

/**
 * Which views a state change needs drawn again: all of them when something they share changed
 * (agents, notices, errors, attention), else only those whose own view changed.
 */
export function dirtyViews(prev: HubState, next: HubState): 'all' | string[] {
  for (const k of Object.keys(next) as Array<keyof HubState>) {
    if (k !== 'client' && k !== 'clientId' && k !== 'views' && prev[k] !== next[k]) return 'all';
  }
  // A view is the same object under another key when a client took over the view of no client.
  const before = new Set(viewsByKey(prev).values());
  const out: string[] = [];
  for (const [key, v] of viewsByKey(next)) if (!before.has(v)) out.push(key);
  // Nothing told apart (the same state again): draw all, as a change always did.
  return out.length === 0 && prev.clientId === next.clientId && prev.views === next.views ? 'all' : out;
}
