import { LuaStalledError } from '../worker/lua-host.js';
import type { WidgetNode } from '../tree/types.js';
import type { AppData } from '../hub/self.js';
import { visibleSize } from '../ui/paint/visible-size.js';
import type { ClientState, HubState } from '../hub/state.js';
import { dirtyViews, viewsByKey } from '../hub/reduce-clients.js';
import { treeToShow } from './fallback-tree.js';
import { withOverlay } from './overlays.js';
import { overlayNode } from './overlay-view.js';
import { ClientFrame } from './client-frame.js';
import { terminalSources } from './terminal-view.js';
import { DIFF_PREFIX, diffSource } from './diff-view.js';
import { appData } from '../hub/app-data.js';
import type { TreeOffer } from '../commands/ports.js';
import { equal } from '../hub/facts.js';
import type { FrameDeps } from './ports.js';
import type { Configuration } from '../hub/configuration.js';
import { trace } from '../trace/trace.js';
import type { Agent } from '../agents/agent.js';
import { GitBranches } from '../agents/git-branch.js';
import { withoutColors } from '../ui/paint/no-color.js';
import type { EchoRun } from '../ui/paint/terminal-source.js';
import type { Screen } from '../ui/screen/screen.js';
import { readerScreen } from './reader-frame.js';
import { FrameFacts } from './frame-facts.js';

// Output that arrives this soon after a key is the key's echo: draw it without waiting.
const INPUT_ECHO_WINDOW_MS = 100;

/**
 * The frames: one per attached client (its view, its size, its own diff state), or one for the
 * view of no client. Each is Lua's tree for that view (when dirty), layout with overlays and error
 * bar, paint, diff, written to that client only. The PTYs follow the served client's panels.
 */
export class HubFrame {
  /** What the frames show, as facts of the state (./frame-facts.ts). */
  private readonly facts: FrameFacts;
  /** By view key: the client id, '' for the view of no client. */
  private readonly frames = new Map<string, ClientFrame>();
  /** The size each agent's PTY was last given. */
  private readonly sized = new Map<string, string>();
  /** The layout the PTYs were last fitted to. */
  private fitted: { frame: ClientFrame | null; seq: number } = { frame: null, seq: -1 };
  /** A configuration just went live: its frame is traced (BOTSTER_TRACE), start and write. */
  private traceNext = false;
  /** Until when agent output counts as the echo of a key (drawn without waiting). */
  private inputUntil = 0;
  /** When any agent last produced output (snapshots wait for quiet). */
  lastOutputAt = performance.now();

  constructor(private readonly deps: FrameDeps) {
    this.facts = new FrameFacts(
      deps,
      () => this.frames.values(),
      (key) => this.viewOf(key),
    );
    this.frames.set('', this.newFrame('', deps.cols, deps.rows, null));
  }

  /** The served client's frame (the one keys act on, snapshots show and the PTYs follow). */
  get active(): ClientFrame {
    return this.frames.get(this.deps.store.state.clientId ?? '')!;
  }

  /** `self` as Lua sees it for one client's view (the served one by default): a projection of the state. */
  appData(view?: ClientState): AppData {
    return appData(this.deps.store.state, view);
  }

  /** The git branch in each agent's folder (read from HEAD, watched): `git_branch`, reported before each frame. */
  get gitBranches(): GitBranches {
    return this.facts.gitBranches;
  }

  /** Agents another hub shows in a panel (its settings.machines link), by how many: they are seen. */
  get watched(): Map<string, number> {
    return this.facts.watched;
  }

  /** Whether an attached client's screen shows this agent now: a turn it finishes there has been seen. */
  seen(agentId: string): boolean {
    return this.facts.seen(agentId);
  }

  /** Whether any client's frame shows this agent (output of agents nobody sees costs nothing). */
  shows(agentId: string): boolean {
    return this.facts.shows(agentId);
  }

  /** The served client's frame drawn for a caller that reads only the agents `reads` accepts (null: it reads all). */
  reader(reads: (agent: string) => boolean): Promise<Screen | null> {
    return readerScreen(this.deps, this.deps.store.state.clientId ?? '', reads);
  }

  /** Its last good tree (what a broken layout falls back to). */
  get lastGoodTree(): WidgetNode | null {
    return this.active.lastGoodTree;
  }

  /** Every frame draws again next time: Lua's tree too when `tree`. */
  invalidate(tree: boolean): void {
    for (const f of this.frames.values()) {
      f.layoutDirty = true;
      if (tree) f.treeDirty = true;
    }
  }

  /**
   * The agents the start planned are running: the planned frame stays as it is when it shows them
   * so (`asPlanned`), else every frame draws again (an agent that did not start is still in it).
   */
  started(asPlanned: boolean): void {
    if (!asPlanned) return this.invalidate(true);
    this.active.treeDirty = false;
    this.active.layoutDirty = false;
  }

  /** Paints a client's whole frame next time (it attached, resumed or drained); the served one without a key. */
  redraw(key?: string): void {
    const f = key === undefined ? this.active : this.frames.get(key);
    if (!f) return;
    f.invalidate();
    f.treeDirty = true;
  }

  /** The user typed into an agent: output in the next moment is the echo, drawn without waiting. */
  expectEcho(): void {
    this.inputUntil = performance.now() + INPUT_ECHO_WINDOW_MS;
  }

  /** An agent printed: a frame if some client shows it (at once when it echoes a key). */
  agentOutput(agent: Agent): void {
    this.lastOutputAt = performance.now();
    this.deps.outputEvent(agent);
    // Agents that are not on screen cost nothing per chunk (and parse in batches).
    if (!this.shows(agent.id)) return agent.terminal.hide();
    const echo = performance.now() < this.inputUntil;
    this.deps.scheduler.request(echo, echo);
  }

  /**
   * A key's echo, before the agent's terminal parsed it: drawn at once on every client's terminal
   * whose frame shows it plainly (not scrolled, searched or selected in; see Compositor.echo). The
   * frame that follows the parse finds it drawn.
   */
  echo(agentId: string, run: EchoRun): void {
    const s = this.deps.store.state;
    if (this.deps.disposed() || s.scroll[agentId] || s.search?.agentId === agentId) return;
    for (const f of this.frames.values()) {
      if (f.stalled || f.gone || !this.facts.viewer(f)) continue;
      const view = this.viewOf(f.key);
      if (!view || view.selection?.agentId === agentId) continue;
      const bytes = f.compositor.echo(agentId, view.focus, run);
      // A client that is not reading drops the frame: it gets a whole one once it drains.
      if (bytes && this.deps.write(bytes, f.key || undefined) === false) f.stalled = true;
    }
  }

  /** Renders the served client's whole frame now (Lua, layout, paint), optionally focusing an agent first. */
  async now(focusId?: string): Promise<void> {
    if (focusId) this.deps.store.dispatch({ type: 'focus', id: focusId });
    this.active.treeDirty = true;
    await this.render();
  }

  /** After a state change: frames for clients that came and went, and which views draw again. */
  stateChanged(prev: HubState, next: HubState, tree: boolean): void {
    if (prev.clientId !== next.clientId || prev.views !== next.views) this.sync(prev, next);
    if (!tree) return;
    const dirty = dirtyViews(prev, next);
    if (dirty === 'all') this.invalidate(true);
    else for (const key of dirty) this.frames.get(key)?.dirtyTree();
  }

  private sync(prev: HubState, next: HubState): void {
    const keys = viewsByKey(next);
    // The last client left: its view (and frame) is the view of no client now; a client that
    // attaches to that takes it over, with a whole frame.
    if (prev.clientId !== null && next.clientId === null && !keys.has(prev.clientId))
      this.rekey(prev.clientId, '');
    else if (prev.clientId === null && next.clientId !== null && !(next.clientId in prev.views)) {
      // Its terminal shows nothing of ours yet: every cell (the tree is Lua's if the view changed).
      this.rekey('', next.clientId)?.invalidate();
    }
    for (const [key, f] of this.frames) {
      if (keys.has(key)) continue;
      f.gone = true;
      this.frames.delete(key);
    }
    const tree = this.frames.get(prev.clientId ?? '')?.lastGoodTree ?? null;
    for (const [key, v] of keys)
      if (!this.frames.has(key)) this.frames.set(key, this.newFrame(key, v.cols, v.rows, tree));
  }

  private rekey(from: string, to: string): ClientFrame | undefined {
    const f = this.frames.get(from);
    if (!f) return undefined;
    this.frames.delete(from);
    f.key = to;
    this.frames.set(to, f);
    return f;
  }

  private newFrame(key: string, cols: number, rows: number, tree: WidgetNode | null): ClientFrame {
    const sources = terminalSources(this.deps.agents, this.deps.store);
    const f: ClientFrame = new ClientFrame(
      key,
      cols,
      rows,
      (id, slot) =>
        slot?.diff || id.startsWith(DIFF_PREFIX)
          ? diffSource(this.deps.reviews, id, slot?.diff, this.viewOf(f.key), slot?.top)
          : sources(id, this.viewOf(f.key)?.selection ?? null),
      tree,
    );
    return f;
  }

  private viewOf(key: string): ClientState | undefined {
    const s = this.deps.store.state;
    return key === (s.clientId ?? '') ? s.client : s.views[key];
  }

  /**
   * A configuration went live: its trial render's tree is the last good one (what a broken layout
   * falls back to). Drawing again is the state's business: its generation changed.
   */
  configured(config: Configuration): void {
    this.traceNext = true;
    if (config.tree) this.acceptTree(config.tree);
  }

  /** A tree Lua rendered for the served client's view outside the frame loop (the configuration's trial render). */
  acceptTree(tree: WidgetNode): void {
    const active = this.active;
    active.treeSeq++;
    active.lastGoodTree = tree;
    // The other clients' trees came from the configuration before.
    for (const f of this.frames.values()) if (f !== active) f.treeDirty = true;
    if (this.deps.store.state.renderError) this.deps.store.dispatch({ type: 'rendered', error: null });
  }

  /**
   * A tree the worker rendered right after a Lua command (the command and its frame in one round
   * trip), from the state its reducer reached (src/worker/predict.ts). Taken only when the hub
   * dispatched exactly those intents at that time since the state the worker was given (the same
   * reducer from the same state reaches the same state), under the live configuration; otherwise
   * the next frame renders as usual.
   */
  offerTree(offer: TreeOffer): void {
    const { store, lua, dispatches } = this.deps;
    const f = this.active;
    if (this.deps.disposed() || offer.generation !== lua.generation) return;
    if (!f.treeDirty) return this.stateOnly(offer);
    const took = dispatches.since(offer.rev);
    if (
      !took ||
      took.length !== offer.intents.length ||
      !took.every((d, i) => d.now === offer.now && equal(d.intent, offer.intents[i]))
    )
      return;
    const tree = offer.tree;
    f.treeDirty = false;
    f.layoutDirty = true;
    f.treeSeq++;
    f.lastGoodTree = tree;
    store.dispatch({ type: 'rendered', error: null });
  }

  /**
   * A command that asked for nothing but changed Lua's own tables (`state.get`: the grid's
   * selection) draws no frame by itself, since no fact changed: its tree is taken when it differs.
   */
  private stateOnly(offer: TreeOffer): void {
    const f = this.active;
    const took = this.deps.dispatches.since(offer.rev);
    if (!took || took.length > 0 || offer.intents.length > 0 || equal(f.lastGoodTree, offer.tree)) return;
    f.layoutDirty = true;
    f.treeSeq++;
    f.lastGoodTree = offer.tree;
    this.deps.scheduler.request(true);
  }

  /** Lays out the trial tree (made with the planned agents); returns the focused panel's size. */
  plannedLayout(): { w: number; h: number } | null {
    const { store, renderer } = this.deps;
    const f = this.active;
    const { focus, cols, rows } = store.state.client;
    if (!f.lastGoodTree || !focus) return null;
    renderer.resize(cols, rows);
    const list = renderer.render(withOverlay(f.lastGoodTree, null));
    f.compositor.setDisplayList(this.deps.noColor(f.key || undefined) ? withoutColors(list) : list);
    const slot = list.slots.find((s) => s.slot.agent === focus);
    const size = slot ? visibleSize(slot) : null;
    return size && size.cols > 0 && size.rows > 0 ? { w: size.cols, h: size.rows } : null;
  }

  /** Draws every client's frame that needs it: the served client's first (it carries the echo of its keys). */
  async render(): Promise<void> {
    if (this.deps.disposed()) return;
    this.facts.report();
    const first = this.active;
    await this.renderFrame(first);
    if (this.frames.size > 1)
      for (const f of [...this.frames.values()]) if (f !== first) await this.renderFrame(f);
    // Another client became the served one without a new layout: the PTYs follow its panels now.
    this.fitAgents();
    // Other machines' agents on screen now get their screens over their links; the others, states only.
    this.deps.machines.follow();
  }

  /** PTYs follow the size of the panel that shows them in the served client; agents off its screen keep their size. */
  fitAgents(): void {
    const f = this.active;
    if (!f || (f === this.fitted.frame && f.layoutSeq === this.fitted.seq)) return;
    this.fitted = { frame: f, seq: f.layoutSeq };
    const seen = new Set<string>();
    for (const p of f.compositor.slots) {
      if (seen.has(p.slot.agent)) continue;
      seen.add(p.slot.agent);
      const agent = this.deps.agents.get(p.slot.agent);
      const { cols, rows } = visibleSize(p);
      if (!agent || cols < 1 || rows < 1) continue;
      const key = `${cols}x${rows}`;
      if (this.sized.get(agent.id) === key) continue;
      this.sized.set(agent.id, key);
      agent.resize(cols, rows);
    }
  }

  private async renderFrame(f: ClientFrame): Promise<void> {
    const { store, lua, scheduler, stats } = this.deps;
    if (f.stalled || f.gone) return;
    if (scheduler.frames === 0 || this.traceNext)
      trace(`hub: frame start (tree ${f.treeDirty}, layout ${f.layoutDirty})`);
    let t = stats ? performance.now() : 0;
    const lap = (into: number[]) => {
      const now = performance.now();
      into.push(now - t);
      t = now;
    };
    if (f.treeDirty) {
      f.treeDirty = false;
      const view = this.viewOf(f.key);
      if (view && this.deps.clock.now() >= store.state.lua.pausedUntil) {
        const seq = ++f.treeSeq;
        try {
          const tree = await lua.render(this.appData(view));
          // A command's tree (offerTree) that came in meanwhile shows a newer view: keep that one.
          if (seq === f.treeSeq) f.lastGoodTree = tree;
          store.dispatch({ type: 'rendered', error: null });
        } catch (err) {
          store.dispatch({ type: 'rendered', error: (err as Error).message });
          if (err instanceof LuaStalledError)
            store.dispatch({ type: 'lua_stalled', now: this.deps.clock.now() });
        }
      }
      if (this.deps.disposed() || f.gone) return;
      if (stats) lap(stats.lua);
      f.layoutDirty = true;
    }
    const view = this.viewOf(f.key);
    if (!view) return;
    if (f.layoutDirty) {
      f.layoutDirty = false;
      this.layout(f, view);
      this.fitAgents();
      if (stats) lap(stats.layout);
    }
    const bytes = f.compositor.frame(view.focus);
    // A client that is not reading drops the frame: it gets a whole one once it drains.
    if (bytes && this.deps.write(bytes, f.key || undefined) === false) f.stalled = true;
    if (this.facts.viewer(f)) this.facts.markSeen(f);
    this.facts.reportOnScreen();
    if (scheduler.frames === 0 || this.traceNext) trace(`hub: frame written (${bytes?.length ?? 0} chars)`);
    this.traceNext = false;
    if (stats) lap(stats.paint);
  }

  private layout(f: ClientFrame, view: ClientState): void {
    const { store, renderer, keymap } = this.deps;
    const tree = withOverlay(treeToShow(store.state, f.lastGoodTree, view.focus), overlayNode(keymap, view));
    renderer.resize(view.cols, view.rows);
    f.compositor.fitTo(view.cols, view.rows);
    const noColor = this.deps.noColor(f.key || undefined);
    const list = renderer.render(tree, !noColor);
    const { search, scroll } = store.state;
    const shown = noColor ? withoutColors(list) : list;
    f.takeList(shown, [view.selection, view.focus, view.mode, search, scroll]);
    f.layoutSeq++;
    this.facts.keepShownDiffs();
  }

  dispose(): void {
    this.facts.dispose();
  }
}
