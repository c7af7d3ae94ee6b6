import type { TerminalSource } from '../ui/paint/terminal-source.js';
import type { SelectionState } from '../hub/state.js';
import { highlightRow } from '../hub/scroll-search.js';
import type { AgentLookup } from '../agents/agent-lookup.js';
import type { StateReader } from '../hub/store.js';

/** An agent's screen as the painter reads it for one client: the hub's scroll offset and search hits, and that client's selection, applied. */
export function terminalSource(
  agents: AgentLookup,
  store: StateReader,
  id: string,
  sel: SelectionState | null,
): TerminalSource | undefined {
  const agent = agents.get(id);
  if (!agent) return undefined;
  const term = agent.terminal;
  return {
    get cols() {
      return term.cols;
    },
    get rows() {
      return term.rows;
    },
    // A layout's own scroll wins; otherwise the hub's (wheel, scroll.* commands, search).
    readRow: (y, scroll) => {
      const s = store.state;
      const offset = scroll || s.scroll[id] || 0;
      const runs = term.readRow(y, offset);
      const q = s.search;
      if ((!q || q.agentId !== id) && (!sel || sel.agentId !== id)) return runs;
      const line = Math.max(0, term.lineCount - term.rows - Math.min(offset, term.scrollbackLength)) + y;
      if (sel && sel.agentId === id) {
        const lo = Math.min(sel.anchor ?? sel.cursor, sel.cursor);
        const hi = Math.max(sel.anchor ?? sel.cursor, sel.cursor);
        if (line >= lo && line <= hi) return highlightRow(runs, [[0, term.cols]]);
      }
      if (!q || q.agentId !== id) return runs;
      const ranges = q.matches
        .filter((m) => m.line === line)
        .map((m): [number, number] => [m.col, m.col + m.length]);
      return highlightRow(runs, ranges);
    },
    cursor: () => term.cursor(),
    version: () => term.screenVersion,
    // Scrolled back, new output moves every row of the view.
    changedRows: (v) => (store.state.scroll[id] ? 'all' : term.changedRows(v)),
    // (Highlights painted over rows, a selection or search hits: those rows are painted again.)
    movedRows: (v) => {
      const s = store.state;
      const lit = (s.search && s.search.agentId === id) || (sel && sel.agentId === id);
      return s.scroll[id] || lit ? null : term.movedRows(v);
    },
    scrolled: () => term.scrolled,
  };
}

/**
 * One frame's terminal sources: a frame asks for each panel's source several times (an echo's
 * repaint, its version, the cursor), and the same agent with the same selection keeps its source.
 */
export function terminalSources(
  agents: AgentLookup,
  store: StateReader,
): (id: string, sel: SelectionState | null) => TerminalSource | undefined {
  const kept = new WeakMap<object, { sel: SelectionState | null; src: TerminalSource }>();
  return (id, sel) => {
    const agent = agents.get(id);
    if (!agent) return undefined;
    const k = kept.get(agent);
    if (k && k.sel === sel) return k.src;
    const src = terminalSource(agents, store, id, sel);
    if (src) kept.set(agent, { sel, src });
    return src;
  };
}
