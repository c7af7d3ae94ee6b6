import { findMatches, offsetFor } from '../hub/scroll-search.js';
import type { ScrollContext } from './ports.js';
import { copyHint } from '../keys/table-hints.js';

/** scroll.search: a prompt; enter scans the focused agent's scrollback. */
export function openSearch(ctx: ScrollContext): void {
  if (!ctx.focused()) return ctx.notify('no agent to search');
  ctx.store.dispatch({ type: 'palette_open', title: 'Search scrollback', items: [], action: { kind: 'search' }, prompt: true });
}

/** Finds `query` in the focused agent's scrollback (the scan stays in TypeScript: it runs per line). */
export function search(ctx: ScrollContext, query: string): void {
  const agent = ctx.focused();
  if (!agent || !query) return;
  const t = agent.terminal;
  const matches = findMatches(t, query).map((m) => ({ ...m, offset: offsetFor(t, m.line) }));
  ctx.store.dispatch({ type: 'search_found', agentId: agent.info.id, query, matches });
}

/** scroll.copy: select lines with the keyboard, starting on the last line with text in view (or the search match). */
export function startSelection(ctx: ScrollContext): void {
  const agent = ctx.focused();
  if (!agent) return ctx.notify('no agent to copy from');
  const t = agent.terminal;
  const s = ctx.store.state;
  const offset = s.scroll[agent.info.id] ?? 0;
  const match = s.search?.agentId === agent.info.id ? s.search.matches[s.search.index]?.line : undefined;
  let bottom = Math.max(0, t.lineCount - 1 - offset);
  while (bottom > 0 && t.lineText(bottom).trim() === '') bottom--;
  ctx.store.dispatch({ type: 'select_start', agentId: agent.info.id, cursor: match ?? bottom, hint: copyHint(ctx.keymap.bindingsFor('copy'), ctx.keymap.wayOut) });
}

/** Scrolls an agent's view (positive = up into scrollback), clamped to what it holds. */
export function scrollAgent(ctx: Pick<ScrollContext, 'store' | 'agents'>, id: string, lines: number): void {
  const agent = ctx.agents.get(id);
  if (agent) ctx.store.dispatch({ type: 'scroll', id, lines, max: agent.terminal.scrollbackLength });
}

/** Scrolls the focused agent's view (positive = up into scrollback). */
export function scrollBy(ctx: ScrollContext, lines: number): void {
  if (ctx.store.state.client.focus) scrollAgent(ctx, ctx.store.state.client.focus, lines);
}

/** A page of the focused agent's panel: its height less one line of context. */
export function pageSize(ctx: ScrollContext): number {
  const rect = ctx.store.state.client.focus ? ctx.panelOf(ctx.store.state.client.focus) : null;
  return Math.max(1, (rect?.h ?? ctx.store.state.client.rows) - 1);
}
