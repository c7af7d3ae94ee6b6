import type { Hub } from '../app/hub.js';
import type { AttachServer } from '../server/attach-server.js';
import type { ClientView } from '../wire/protocol.js';

// What each attached client shows (its agent, mode and scroll): told to it as it changes (VIEW), so
// a client that reattaches after an upgrade, a crash or a kill -9 comes back to it (restoreView).

/** The views the clients were told last: each is told again only when its view changed. */
export class ClientViews {
  private readonly told = new Map<string, string>();

  constructor(private readonly attach: Pick<AttachServer, 'list' | 'view'>) {}

  /** A client left: the next one of that id is told afresh. */
  forget(id: string): void {
    this.told.delete(id);
  }

  /** Tells each client (or only `only`) its view, where it changed since it was told. */
  tell(h: Hub, only?: string): void {
    const s = h.state;
    for (const c of this.attach.list()) {
      if (only !== undefined && c.id !== only) continue;
      const v = c.id === s.clientId ? s.client : s.views[c.id];
      if (!v) continue;
      const focus = v.focus;
      const view: ClientView = {
        agent: focus,
        ...(focus ? { name: h.agents.get(focus)?.info.name } : {}),
        mode: v.mode,
        ...(focus && s.scroll[focus] ? { scroll: s.scroll[focus] } : {}),
      };
      const said = JSON.stringify(view);
      if (this.told.get(c.id) === said) continue;
      this.told.set(c.id, said);
      this.attach.view(c.id, view);
    }
  }
}

/**
 * Shows client `id` what it showed before its server was lost or handed over: the agent (by its id,
 * else by its name: a new numbering), the mode (if the keymap has it), the scroll. Keys act on the
 * client served, so it is served first (it just attached: it is anyway, unless another typed since).
 */
export function restoreView(h: Hub, id: string, view: ClientView): void {
  if (!h.clients.activate(id)) return;
  const agents = h.agents.list();
  // The same id and name first: a new server may number the agents it adopted otherwise.
  const agent =
    agents.find((a) => a.id === view.agent && (!view.name || a.info.name === view.name)) ??
    (view.name ? agents.find((a) => a.info.name === view.name) : undefined) ??
    agents.find((a) => a.id === view.agent);
  const store = h.hubStore;
  if (agent && store.state.client.focus !== agent.id) store.dispatch({ type: 'focus', id: agent.id });
  if (store.state.modes.includes(view.mode)) store.dispatch({ type: 'set_mode', mode: view.mode });
  if (agent && view.scroll)
    store.dispatch({
      type: 'scroll_view',
      id: agent.id,
      lines: view.scroll - (store.state.scroll[agent.id] ?? 0),
      max: agent.terminal.scrollbackLength,
    });
}
