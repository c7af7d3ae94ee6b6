import { LuaStalledError } from '../lua/lua-host.js';
import type { WidgetNode } from '../tree/types.js';
import type { AppData } from '../lua/runtime/config-file.js';
import type { TerminalSource } from '../ui/paint/terminal-source.js';
import { visibleSize } from '../ui/paint/visible-size.js';
import { shownError } from '../hub/state.js';
import { treeMentions, withErrorBar } from './fallback-tree.js';
import { withOverlay } from './overlays.js';
import { overlayNode } from './overlay-view.js';
import { highlightRow } from './scroll-search.js';
import { trace } from './trace.js';
import type { Hub } from './hub.js';

/** One frame: Lua's tree (when dirty), layout with overlays and error bar, paint, diff. */
export class HubFrame {
  treeDirty = true;
  layoutDirty = false;
  lastGoodTree: WidgetNode | null = null;
  /** Counts trees taken: a render that was on its way while a newer tree came in is dropped. */
  private treeSeq = 0;
  /** The size each agent's PTY was last given. */
  private readonly sized = new Map<string, string>();

  constructor(private readonly hub: Hub) {}

  acceptTree(tree: WidgetNode): void {
    this.treeSeq++;
    this.lastGoodTree = tree;
    if (this.hub.state.renderError) this.hub.dispatch({ type: 'rendered', error: null });
  }

  /**
   * A tree the worker rendered right after a Lua command (the command and its frame in one round
   * trip). Taken only when it was rendered from exactly the view the hub has now, under the live
   * configuration; otherwise the next frame renders as usual.
   */
  offerTree(view: AppData, tree: WidgetNode, generation: number): void {
    const hub = this.hub;
    if (hub.disposed || !this.treeDirty || generation !== hub.lua.generation) return;
    if (JSON.stringify(hub.appData()) !== JSON.stringify(view)) return;
    this.treeDirty = false;
    this.layoutDirty = true;
    this.treeSeq++;
    this.lastGoodTree = tree;
    hub.dispatch({ type: 'rendered', error: null });
  }

  /** Lays out the trial tree (made with the planned agents); returns the focused panel's size. */
  plannedLayout(): { w: number; h: number } | null {
    const hub = this.hub;
    const focus = hub.state.client.focus;
    if (!this.lastGoodTree || !focus) return null;
    const list = hub.renderer.render(withOverlay(this.lastGoodTree, null));
    hub.compositor.setDisplayList(list);
    const slot = list.slots.find((s) => s.slot.agent === focus);
    const size = slot ? visibleSize(slot) : null;
    return size && size.cols > 0 && size.rows > 0 ? { w: size.cols, h: size.rows } : null;
  }

  async render(): Promise<void> {
    const hub = this.hub;
    if (hub.disposed) return;
    if (hub.scheduler.frames === 0) trace(`hub: first frame: start (tree ${this.treeDirty}, layout ${this.layoutDirty})`);
    const stats = hub.stats;
    let t = stats ? performance.now() : 0;
    const lap = (into: number[]) => {
      const now = performance.now();
      into.push(now - t);
      t = now;
    };
    if (this.treeDirty) {
      this.treeDirty = false;
      if (performance.now() >= hub.state.lua.pausedUntil) {
        const seq = ++this.treeSeq;
        try {
          const tree = await hub.lua.render(hub.appData());
          // A command's tree (offerTree) that came in meanwhile shows a newer view: keep that one.
          if (seq === this.treeSeq) this.lastGoodTree = tree;
          hub.dispatch({ type: 'rendered', error: null });
        } catch (err) {
          hub.dispatch({ type: 'rendered', error: (err as Error).message });
          if (err instanceof LuaStalledError) hub.dispatch({ type: 'lua_stalled', now: performance.now() });
        }
      }
      if (hub.disposed) return;
      if (stats) lap(stats.lua);
      this.layoutDirty = true;
    }
    if (this.layoutDirty) {
      this.layoutDirty = false;
      const s = hub.state;
      // Errors always reach the screen: if the layout does not show self.error, the hub does.
      const shown = shownError(s);
      const error = s.renderError ?? (this.lastGoodTree ? null : 'no layout') ?? (shown && !treeMentions(this.lastGoodTree!, shown) ? shown : null);
      // So do info notices (dimmer), for layouts that do not draw self.notice.
      const notice = !error && s.notice?.level === 'info' && this.lastGoodTree && !treeMentions(this.lastGoodTree, s.notice.text) ? s.notice.text : null;
      const base = error ? withErrorBar(this.lastGoodTree, s.client.focus, error) : notice ? withErrorBar(this.lastGoodTree, s.client.focus, notice, 'notice') : this.lastGoodTree!;
      const tree = withOverlay(base, overlayNode(hub));
      hub.compositor.setDisplayList(hub.renderer.render(tree));
      this.fitAgentsToPanels();
      if (stats) lap(stats.layout);
    }
    const bytes = hub.compositor.frame(hub.state.client.focus);
    if (bytes) hub.opts.write(bytes);
    if (hub.scheduler.frames === 0) trace('hub: first frame written');
    if (stats) lap(stats.paint);
  }

  /** PTYs follow the size of the panel that shows them; agents off screen keep their size. */
  private fitAgentsToPanels(): void {
    const seen = new Set<string>();
    for (const p of this.hub.compositor.slots) {
      if (seen.has(p.slot.agent)) continue;
      seen.add(p.slot.agent);
      const agent = this.hub.agents.get(p.slot.agent);
      const { cols, rows } = visibleSize(p);
      if (!agent || cols < 1 || rows < 1) continue;
      const key = `${cols}x${rows}`;
      if (this.sized.get(agent.info.id) === key) continue;
      this.sized.set(agent.info.id, key);
      agent.resize(cols, rows);
    }
  }

  terminalSource(id: string): TerminalSource | undefined {
    const hub = this.hub;
    const agent = hub.agents.get(id);
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
        const s = hub.state;
        const offset = scroll || s.scroll[id] || 0;
        const runs = term.readRow(y, offset);
        const q = s.search;
        const sel = s.selection;
        if ((!q || q.agentId !== id) && (!sel || sel.agentId !== id)) return runs;
        const line = Math.max(0, term.lineCount - term.rows - Math.min(offset, term.scrollbackLength)) + y;
        if (sel && sel.agentId === id) {
          const lo = Math.min(sel.anchor ?? sel.cursor, sel.cursor);
          const hi = Math.max(sel.anchor ?? sel.cursor, sel.cursor);
          if (line >= lo && line <= hi) return highlightRow(runs, [[0, term.cols]]);
        }
        if (!q || q.agentId !== id) return runs;
        const ranges = q.matches.filter((m) => m.line === line).map((m): [number, number] => [m.col, m.col + m.length]);
        return highlightRow(runs, ranges);
      },
      cursor: () => term.cursor(),
      version: () => term.screenVersion,
      // Scrolled back, new output moves every row of the view.
      changedRows: (v) => (hub.state.scroll[id] ? 'all' : term.changedRows(v)),
    };
  }
}
