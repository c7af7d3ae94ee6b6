import { findMatches, offsetFor } from '../hub/scroll-search.js';
import type { Hub } from '../app/hub.js';
import { copyHint } from '../keys/table-hints.js';

/** scroll.search: a prompt; enter scans the focused agent's scrollback. */
export function openSearch(hub: Hub): void {
  if (!hub.focused) return hub.notify('no agent to search');
  hub.dispatch({ type: 'palette_open', title: 'Search scrollback', items: [], action: { kind: 'search' }, prompt: true });
}

/** Finds `query` in the focused agent's scrollback (the scan stays in TypeScript: it runs per line). */
export function search(hub: Hub, query: string): void {
  const agent = hub.focused;
  if (!agent || !query) return;
  const t = agent.terminal;
  const matches = findMatches(t, query).map((m) => ({ ...m, offset: offsetFor(t, m.line) }));
  hub.dispatch({ type: 'search_found', agentId: agent.info.id, query, matches });
}

/** scroll.copy: select lines with the keyboard, starting on the last line with text in view (or the search match). */
export function startSelection(hub: Hub): void {
  const agent = hub.focused;
  if (!agent) return hub.notify('no agent to copy from');
  const t = agent.terminal;
  const s = hub.state;
  const offset = s.scroll[agent.info.id] ?? 0;
  const match = s.search?.agentId === agent.info.id ? s.search.matches[s.search.index]?.line : undefined;
  let bottom = Math.max(0, t.lineCount - 1 - offset);
  while (bottom > 0 && t.lineText(bottom).trim() === '') bottom--;
  hub.dispatch({ type: 'select_start', agentId: agent.info.id, cursor: match ?? bottom, hint: copyHint(hub.inputCtl.bindingsFor('copy'), hub.inputCtl.wayOut) });
}

/** Scrolls an agent's view (positive = up into scrollback), clamped to what it holds. */
export function scrollAgent(hub: Hub, id: string, lines: number): void {
  const agent = hub.agents.get(id);
  if (agent) hub.dispatch({ type: 'scroll', id, lines, max: agent.terminal.scrollbackLength });
}

/** Scrolls the focused agent's view (positive = up into scrollback). */
export function scrollBy(hub: Hub, lines: number): void {
  if (hub.state.client.focus) scrollAgent(hub, hub.state.client.focus, lines);
}

/** A page of the focused agent's panel: its height less one line of context. */
export function pageSize(hub: Hub): number {
  const rect = hub.state.client.focus ? hub.panelOf(hub.state.client.focus) : null;
  return Math.max(1, (rect?.h ?? hub.state.client.rows) - 1);
}
