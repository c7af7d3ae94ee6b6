import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { AgentManager } from '../agents/agent-manager.js';
import type { Agent } from '../agents/agent.js';
import type { AgentSpec } from '../agents/types.js';
import { KeyParser } from '../keys/parse-keys.js';
import type { KeyEvent } from '../keys/key-event.js';
import { encodeForPty } from '../keys/encode-key.js';
import { LuaHost, LuaStalledError, type ConfigureResult } from '../lua/lua-host.js';
import type { AppData, ConfigFile, Effect } from '../lua/runtime/config-file.js';
import type { WidgetNode } from '../tree/types.js';
import { Compositor } from '../ui/compositor.js';
import { FrameRenderer } from '../ui/frame-renderer.js';
import type { TerminalSource } from '../ui/paint/terminal-source.js';
import type { Screen } from '../ui/screen/screen.js';
import { readConfigFiles, takeDroppedImprovements, withoutUserFiles, type ConfigSources } from './config-files.js';
import { treeMentions, withErrorBar } from './fallback-tree.js';
import { EventBridge, agentPayload } from './hub-events.js';
import { StateStore } from './state-store.js';
import { resolveSocketPath } from '../improvements/socket-path.js';
import { FrameScheduler } from './frame-scheduler.js';
import { FrameStats } from './frame-stats.js';
import { HubLog } from './hub-log.js';
import { trace } from './trace.js';
import { ConfigWatcher } from '../reload/config-watcher.js';
import { configWatchRoots } from '../reload/watch-roots.js';
import { PACKAGE_ROOT, displayPath, expandTilde } from './paths.js';
import { INSERT_HINT, plannedAgent } from './initial-app.js';
import { InputController, type InputHost } from './input-controller.js';
import { CommandRegistry, type CommandInfo } from '../commands/registry.js';
import { BUILTIN_COMMANDS, registerBuiltinCommands } from '../commands/builtin-commands.js';
import { builtinHandlers } from './hub-commands.js';
import type { Binding } from '../keys/keymap.js';
import { withOverlay } from './overlays.js';
import { encodeMouse } from './mouse.js';
import { findMatches, highlightRow, offsetFor, type SearchMatch } from './scroll-search.js';
import { createWorktree, removeWorktree, worktreeClean, type Worktree } from '../agents/worktree.js';
import { OverlayController } from './overlay-controller.js';
import { ImprovementsService } from './improvements-service.js';
import { sameAgents, spawnPayload, specFromPayload } from './spawn-spec.js';
import { recentlyWritten, userFilesChangedSince } from './file-changes.js';
import { canonicalKey, formatKeyForDisplay } from '../keys/key-spec.js';

// How long after its last write a file with an error may still be being written.
const HALF_WRITTEN_MS = 120;
// How long a notice stays on screen.
const NOTICE_MS = 15000;

export interface HubOptions extends ConfigSources {
  agents: AgentSpec[];
  cols: number;
  rows: number;
  /** Where frames go (the real terminal, or nowhere for snapshots). */
  write: (data: string) => void;
  scrollback?: number;
  env?: Record<string, string>;
  /** Called when the user quits from inside the hub. */
  onQuit?: () => void;
  luaWorkerScript?: string;
  /** A Lua host started early (the CLI boots the worker before loading the UI). */
  lua?: LuaHost;
  /** How long a push waits for the user's answer when the policy says "collaborative". */
  collaborativeWaitMs?: number;
  /** Record per-stage frame timings in `hub.stats` (benchmarks). */
  collectStats?: boolean;
}

// Output that arrives this soon after a key is the key's echo: draw it without waiting.
const INPUT_ECHO_WINDOW_MS = 100;

/**
 * The composition root of a running hub: agents, the Lua configuration, the frame pipeline and
 * input. Everything it owns is torn down by dispose().
 */
export class Hub {
  readonly agents: AgentManager;
  readonly log: HubLog;
  readonly stats: FrameStats | null;
  private readonly lua: LuaHost;
  private readonly renderer: FrameRenderer;
  private readonly compositor: Compositor;
  private readonly scheduler: FrameScheduler;
  private readonly parser: KeyParser;
  private readonly disposers: Array<() => void> = [];
  private cols: number;
  private rows: number;
  private focusedId: string | null = null;
  private mode = 'insert';
  private prevMode = 'insert';
  private readonly scroll = new Map<string, number>();
  /** Agents the status adapters found waiting for the user (until they print again). */
  private readonly waiting = new Set<string>();
  /** Agents that started waiting or rang the bell while not focused. */
  private readonly attention = new Set<string>();
  /** When each agent last rang the bell. */
  private readonly bellAt = new Map<string, number>();
  private readonly commands = new CommandRegistry<Hub>();
  private luaCommands = new Map<string, CommandInfo & { owner?: string }>();
  private readonly inputCtl: InputController;
  readonly events: EventBridge;
  readonly improvements: ImprovementsService;
  private readonly store: StateStore;
  private saveTimer: NodeJS.Timeout | null = null;
  private readonly agentWatches = new Map<string, () => void>();
  private treeDirty = true;
  private layoutDirty = false;
  private lastGoodTree: WidgetNode | null = null;
  private configError: string | null = null;
  private renderError: string | null = null;
  private inputUntil = 0;
  // After Lua had to be killed, stop asking it to render for a while (doubling, capped).
  private luaBackoffMs = 0;
  private luaPausedUntil = 0;
  private luaRetryTimer: NodeJS.Timeout | null = null;
  /** When any agent last produced output (snapshots wait for quiet). */
  lastOutputAt = performance.now();
  private disposed = false;
  private readonly sized = new Map<string, string>();

  private constructor(private readonly opts: HubOptions) {
    this.cols = opts.cols;
    this.rows = opts.rows;
    this.log = new HubLog(opts.home);
    this.stats = opts.collectStats ? new FrameStats() : null;
    this.agents = new AgentManager({
      env: { BOTSTER_HOME: opts.home, BOTSTER_SOCKET: resolveSocketPath(process.env, opts.home), ...opts.env },
      scrollback: opts.scrollback,
      defaultSize: { cols: Math.max(20, opts.cols - 2), rows: Math.max(5, opts.rows - 4) },
      onError: (err) => this.log.write('error', `agent: ${(err as Error)?.stack ?? err}`),
    });
    this.lua = opts.lua ?? new LuaHost(opts.luaWorkerScript);
    this.renderer = new FrameRenderer(this.cols, this.rows);
    this.compositor = new Compositor(this.cols, this.rows, (id) => this.terminalSource(id));
    this.scheduler = new FrameScheduler(() => this.renderFrame());
    this.parser = new KeyParser((ev) => this.key(ev));
    this.inputCtl = new InputController(this.inputHost);
    this.store = new StateStore(opts.home);
    this.lua.restored = this.store.load((msg) => this.log.write('error', msg));
    this.events = new EventBridge(this.lua, (note) => this.notifyError(note), (msg) => this.log.write('error', msg), () => this.scheduleStateSave());
    registerBuiltinCommands(this.commands, builtinHandlers());
    this.improvements = new ImprovementsService({
      home: opts.home,
      lua: this.lua,
      bindings: () => this.inputCtl.bindings,
      reload: async (file) => {
        await this.reload([file]);
        return this.configError;
      },
      notify: (message) => this.notifyError(message),
      log: (level, message) => this.log.write(level, message),
      collaborativeWaitMs: opts.collaborativeWaitMs,
    });
    this.lua.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);

    this.disposers.push(
      this.agents.onAdded((agent) => {
        const offBell = agent.terminal.onBell(() => {
          this.bellAt.set(agent.info.id, performance.now());
          this.needsAttention(agent.info.id);
          this.notifyTerminal(agent, 'rang the bell');
        });
        const offEvents = this.events.watchAgent(agent);
        this.agentWatches.set(agent.info.id, () => {
          offBell();
          offEvents();
        });
        void this.events.emit('agent_spawned', { agent: agentPayload(agent.info) }, agent.info.name);
        this.invalidateTree();
      }),
      this.agents.onChange((agent, info) => {
        if (info.status !== 'idle') this.waiting.delete(info.id);
        if (info.status === 'exited') this.offerWorktreeRemoval(info.id);
        this.events.agentChanged(info);
        if (info.status === 'idle') void this.detectWaiting(agent);
        this.invalidateTree();
      }),
      this.agents.onRemoved((agent) => {
        this.agentWatches.get(agent.info.id)?.();
        this.agentWatches.delete(agent.info.id);
        this.invalidateTree();
      }),
      this.agents.onOutput((agent) => this.onAgentOutput(agent)),
      this.lua.onLog((level, message) => this.log.write(level, `lua: ${message}`)),
      this.lua.onRestart((reason) => this.log.write('error', `lua worker restarted: ${reason}`)),
      this.lua.onRestored((res) => this.acceptKeymap(res)),
    );
  }

  static async start(opts: HubOptions): Promise<Hub> {
    trace('hub: start');
    const hub = new Hub(opts);
    trace('hub: constructed');
    // The worker boots while the UI warms up; both are on the way to the first frame.
    const luaReady = hub.lua.start();
    hub.renderer.warmUp();
    hub.compositor.warmUp();
    trace('hub: ui warmed up');
    await luaReady;
    trace('hub: lua worker ready');
    // Lay out once with the agents as they are about to be, so each PTY starts at the size of its
    // panel: a shell resized while it prints its first prompt garbles it.
    hub.planned = opts.agents.map((spec, i) => plannedAgent(spec, i));
    hub.focusedId = hub.planned[0]?.id ?? null;
    await hub.loadConfig();
    trace('hub: configured');
    const planned = hub.plannedLayout();
    if (planned) hub.agents.setDefaultSize(planned.w, planned.h);
    trace('hub: planned layout');
    const plan = hub.planned;
    // Show the planned frame now (agents listed, their screens still blank) and start the agents
    // right after: the first frame does not wait for the forks.
    if (planned) {
      hub.layoutDirty = false;
      hub.treeDirty = false;
      await hub.renderFrame();
      hub.scheduler.frames++;
    }
    hub.planned = null;
    for (const spec of opts.agents) await hub.spawnAgent(spec, { focus: false });
    hub.focusedId = hub.agents.list()[0]?.id ?? null;
    trace('hub: agents spawned');
    // The planned frame already shows these agents (same ids and names): paint it as it is
    // instead of asking Lua for the same tree again.
    const same = plan && planned && sameAgents(plan, hub.appData().agents) && !hub.configError;
    if (same) {
      hub.treeDirty = false;
      hub.layoutDirty = false;
    } else hub.invalidateTree(true);
    hub.scheduler.request(true);
    return hub;
  }

  private planned: AppData['agents'] | null = null;

  /** Lays out the trial tree (made with the planned agents); returns the focused panel's size. */
  private plannedLayout(): { w: number; h: number } | null {
    if (!this.lastGoodTree || !this.focusedId) return null;
    const list = this.renderer.render(withOverlay(this.lastGoodTree, null));
    this.compositor.setDisplayList(list);
    const rect = list.slots.find((s) => s.slot.agent === this.focusedId)?.rect;
    return rect && rect.w > 0 && rect.h > 0 ? { w: rect.w, h: rect.h } : null;
  }

  // ---- configuration -------------------------------------------------------------------

  /** Reads and evaluates every Lua file; a broken set leaves the last good one live. */
  async loadConfig(opts: { deferErrorsOf?: string[] } = {}): Promise<void> {
    const errorBefore = this.configError;
    let files: ConfigFile[];
    try {
      files = readConfigFiles(this.opts);
    } catch (err) {
      // A file vanished between listing and reading (an editor's rename): the next event retries.
      if (opts.deferErrorsOf && (err as NodeJS.ErrnoException).code === 'ENOENT') return this.retryReloadSoon();
      this.setConfigError(`cannot read configuration: ${(err as Error).message}`);
      return;
    }
    this.loadedAt = Date.now();
    this.loadedFiles = files.length;
    try {
      const res = await this.lua.configure(files, this.appData());
      this.setConfigError(null);
      this.acceptConfig(res);
      this.luaPausedUntil = 0;
      this.luaBackoffMs = 0;
      this.reloadRetries = 0;
    } catch (err) {
      // A file that was written a moment ago may be half-written: look again once it is still,
      // and only then show its error.
      if (opts.deferErrorsOf && this.reloadRetries < 3 && recentlyWritten(opts.deferErrorsOf, HALF_WRITTEN_MS)) {
        this.reloadRetries++;
        return this.retryReloadSoon(opts.deferErrorsOf);
      }
      this.reloadRetries = 0;
      this.setConfigError((err as Error).message);
      // Nothing live yet (first start): fall back to the shipped defaults.
      if (!this.lastGoodTree) {
        try {
          const res = await this.lua.configure(withoutUserFiles(files), this.appData());
          this.acceptConfig(res);
        } catch (err2) {
          this.log.write('error', `default configuration failed: ${(err2 as Error).message}`);
        }
      }
    }
    // The trial render's tree is current unless the error must now be shown in it.
    if (this.configError !== errorBefore || this.lastGoodTree === null) this.treeDirty = true;
    this.layoutDirty = true;
    this.scheduler.request(true);
  }

  private reloadRetries = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  private retryReloadSoon(paths: string[] = []): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reload(paths);
    }, HALF_WRITTEN_MS);
  }

  /** A configuration file changed: build the new configuration; it goes live only if it works. */
  async reload(paths: string[]): Promise<void> {
    if (this.disposed) return;
    trace(`reload: ${paths.length} file(s)`);
    await this.reviewDroppedImprovements();
    await this.loadConfig({ deferErrorsOf: paths });
    void this.events.emit('reload', { ok: this.configError === null, error: this.configError, files: paths.map((p) => displayPath(p)) });
    this.log.write('info', `reloaded (${paths.map((p) => displayPath(p)).join(', ')})${this.configError ? `: ${this.configError}` : ''}`);
  }

  /** A file dropped into improvements/ goes through the same review as a push. */
  async reviewDroppedImprovements(): Promise<void> {
    let dropped: Array<{ name: string; source: string }> = [];
    try {
      dropped = takeDroppedImprovements(this.opts.home);
    } catch (err) {
      this.log.write('error', `improvements/: ${(err as Error).message}`);
    }
    for (const d of dropped) {
      const res = await this.improvements.push({ name: d.name, source: d.source, agent_id: null });
      if (res.live !== true && res.waiting !== true) this.notifyError(`improvements/${d.name}.lua was not loaded (${String(res.decision)}): ${String(res.reasoning)}`);
    }
  }

  /** Starts watching the configuration (the hub, not snapshots). */
  async watchConfig(): Promise<void> {
    for (const dir of ['user', 'improvements']) fs.mkdirSync(path.join(this.opts.home, dir), { recursive: true });
    const roots = configWatchRoots({ home: this.opts.home, layoutFile: this.opts.layoutFile, packageRoot: PACKAGE_ROOT });
    this.watcher = new ConfigWatcher(roots, (ev) => this.reload(ev.paths));
    await this.watcher.ready();
    // A save between the first load and the watcher being ready would otherwise be missed.
    const changed = readConfigFiles(this.opts).length !== this.loadedFiles || userFilesChangedSince(this.opts, this.loadedAt);
    if (changed) await this.reload([]);
    trace('watch: ready');
  }

  private loadedAt = Date.now();
  private loadedFiles = 0;

  private watcher: ConfigWatcher | null = null;

  private acceptConfig(res: ConfigureResult): void {
    this.acceptTree(res.tree);
    this.acceptKeymap(res);
  }

  private profiles: ConfigureResult['keymap']['profiles'] = [];

  private acceptKeymap(res: ConfigureResult): void {
    this.profiles = res.keymap.profiles ?? [];
    this.events.setSubscribed(res.keymap.events);
    this.luaCommands = new Map(res.keymap.commands.map((c) => [c.id, { id: c.id, description: c.desc, category: c.category, source: c.source, owner: c.owner }]));
    this.inputCtl.load(res.keymap);
    if (!this.inputCtl.hasMode(this.mode)) this.mode = 'insert';
  }

  private setConfigError(error: string | null): void {
    if (error) this.log.write('error', error);
    this.configError = error;
  }

  // ---- state as Lua sees it ------------------------------------------------------------

  appData(): AppData {
    const agents =
      this.planned ??
      this.agents.list().map((a) => {
        const i = a.info;
        const status = this.waiting.has(i.id) && i.status === 'idle' ? 'waiting' : i.status;
        const branch = this.worktrees.get(i.id)?.branch;
        return { id: i.id, name: i.name, command: i.command, cwd: i.cwd, status, exit_code: i.exitCode, title: i.title, attention: this.attention.has(i.id), scroll: this.scroll.get(i.id) ?? 0, ...(branch ? { branch } : {}) };
      });
    const index = agents.findIndex((a) => a.id === this.focusedId);
    return {
      agents,
      focused_id: this.focusedId,
      selected: index >= 0 ? index + 1 : null,
      mode: this.mode,
      size: { width: this.cols, height: this.rows },
      error: this.shownError(),
      hint: this.hint(),
      overlay: this.overlays.current,
    };
  }

  get focused(): Agent | undefined {
    return this.focusedId ? this.agents.get(this.focusedId) : undefined;
  }

  /** Where an agent's terminal is drawn (content box), if it is on screen. */
  panelOf(agentId: string): { x: number; y: number; w: number; h: number } | null {
    return this.compositor.slots.find((s) => s.slot.agent === agentId)?.rect ?? null;
  }

  /** A short hint for the status bar, from the live keymap. */
  private hint(): string {
    if (this.mode === 'insert') return INSERT_HINT;
    const find = (id: string) => this.inputCtl.bindingsFor(this.mode).find((b) => b.action.kind === 'command' && b.action.id === id);
    const parts = [
      ['help.toggle', 'help'],
      ['palette.open', 'commands'],
      ['mode.insert', 'back to agent'],
      ['app.quit', 'quit'],
    ]
      .map(([id, label]) => {
        const b = find(id);
        return b ? `${formatKeyForDisplay(b.spec)}: ${label}` : null;
      })
      .filter(Boolean);
    return parts.join('  ');
  }

  get currentMode(): string {
    return this.mode;
  }

  get frames(): number {
    return this.scheduler.frames;
  }

  // ---- frames ----------------------------------------------------------------------------

  private invalidateTree(urgent = false): void {
    this.treeDirty = true;
    this.scheduler.request(urgent);
  }

  private onAgentOutput(agent: Agent): void {
    this.lastOutputAt = performance.now();
    this.events.agentOutput(agent);
    // Agents that are not on screen cost nothing per chunk.
    if (!this.compositor.slots.some((s) => s.slot.agent === agent.info.id)) return;
    this.scheduler.request(performance.now() < this.inputUntil);
  }

  private acceptTree(tree: WidgetNode): void {
    this.lastGoodTree = tree;
    this.renderError = null;
  }

  private async renderFrame(): Promise<void> {
    if (this.disposed) return;
    if (this.scheduler.frames === 0) trace(`hub: first frame: start (tree ${this.treeDirty}, layout ${this.layoutDirty})`);
    const stats = this.stats;
    let t = stats ? performance.now() : 0;
    const lap = (into: number[]) => {
      const now = performance.now();
      into.push(now - t);
      t = now;
    };
    if (this.treeDirty) {
      this.treeDirty = false;
      if (performance.now() >= this.luaPausedUntil) {
        try {
          this.acceptTree(await this.lua.render(this.appData()));
          this.luaBackoffMs = 0;
        } catch (err) {
          const message = (err as Error).message;
          if (message !== this.renderError) this.log.write('error', message);
          this.renderError = message;
          if (err instanceof LuaStalledError) this.pauseLua();
        }
      }
      if (this.disposed) return;
      if (stats) lap(stats.lua);
      this.layoutDirty = true;
    }
    if (this.layoutDirty) {
      this.layoutDirty = false;
      // Errors always reach the screen: if the layout does not show self.error, the hub does.
      const shown = this.shownError();
      const error = this.renderError ?? (this.lastGoodTree ? null : 'no layout') ?? (shown && !treeMentions(this.lastGoodTree!, shown) ? shown : null);
      const base = error ? withErrorBar(this.lastGoodTree, this.focusedId, error) : this.lastGoodTree!;
      const tree = withOverlay(base, this.overlays.node());
      this.compositor.setDisplayList(this.renderer.render(tree));
      this.fitAgentsToPanels();
      if (stats) lap(stats.layout);
    }
    const bytes = this.compositor.frame(this.focusedId);
    if (bytes) this.opts.write(bytes);
    if (this.scheduler.frames === 0) trace('hub: first frame written');
    if (stats) lap(stats.paint);
  }

  private pauseLua(): void {
    this.luaBackoffMs = Math.min(10000, Math.max(1000, this.luaBackoffMs * 2));
    this.luaPausedUntil = performance.now() + this.luaBackoffMs;
    if (this.luaRetryTimer) clearTimeout(this.luaRetryTimer);
    this.luaRetryTimer = setTimeout(() => {
      this.luaRetryTimer = null;
      this.invalidateTree();
    }, this.luaBackoffMs);
  }

  /** Renders a whole frame now (Lua, layout, paint), optionally focusing an agent first. */
  async frameNow(focusId?: string): Promise<void> {
    if (focusId && this.agents.get(focusId)) this.focusedId = focusId;
    this.treeDirty = true;
    await this.renderFrame();
  }

  /** PTYs follow the size of the panel that shows them; agents off screen keep their size. */
  private fitAgentsToPanels(): void {
    const seen = new Set<string>();
    for (const p of this.compositor.slots) {
      if (seen.has(p.slot.agent)) continue;
      seen.add(p.slot.agent);
      const agent = this.agents.get(p.slot.agent);
      if (!agent || p.rect.w < 1 || p.rect.h < 1) continue;
      const key = `${p.rect.w}x${p.rect.h}`;
      if (this.sized.get(agent.info.id) === key) continue;
      this.sized.set(agent.info.id, key);
      agent.resize(p.rect.w, p.rect.h);
    }
  }

  private terminalSource(id: string): TerminalSource | undefined {
    const agent = this.agents.get(id);
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
        const offset = scroll || this.scroll.get(id) || 0;
        const runs = term.readRow(y, offset);
        const s = this.search;
        const sel = this.selection;
        if ((!s || s.agentId !== id) && (!sel || sel.agentId !== id)) return runs;
        const line = Math.max(0, term.lineCount - term.rows - Math.min(offset, term.scrollbackLength)) + y;
        if (sel && sel.agentId === id) {
          const lo = Math.min(sel.anchor ?? sel.cursor, sel.cursor);
          const hi = Math.max(sel.anchor ?? sel.cursor, sel.cursor);
          if (line >= lo && line <= hi) return highlightRow(runs, [[0, term.cols]]);
        }
        if (!s || s.agentId !== id) return runs;
        const ranges = s.matches.filter((m) => m.line === line).map((m): [number, number] => [m.col, m.col + m.length]);
        return highlightRow(runs, ranges);
      },
      cursor: () => term.cursor(),
    };
  }

  resize(cols: number, rows: number): void {
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    this.renderer.resize(cols, rows);
    this.compositor.resize(cols, rows);
    this.invalidateTree(true);
  }

  /** Repaint everything on the next frame (e.g. after the terminal was cleared). */
  redraw(): void {
    this.compositor.invalidate();
    this.invalidateTree(true);
  }

  /** The last frame as a screen of cells (for snapshots and tests). */
  screen(): Screen {
    return this.compositor.current();
  }

  get busy(): boolean {
    return this.scheduler.busy;
  }

  /** Resolves once no key action is running and no frame is pending. */
  async whenIdle(): Promise<void> {
    while (this.actions.size > 0) await Promise.allSettled([...this.actions]);
    await this.scheduler.whenIdle();
  }

  private readonly actions = new Set<Promise<void>>();

  private track(p: Promise<void>): void {
    this.actions.add(p);
    void p.finally(() => this.actions.delete(p));
  }

  // ---- input -----------------------------------------------------------------------------

  input(data: Buffer | string): void {
    this.parser.feed(data);
  }

  /** Handles one parsed key (also used by `snapshot --keys`). */
  key(ev: KeyEvent): void {
    try {
      this.inputCtl.feed(ev);
    } catch (err) {
      this.log.write('error', `key ${ev.name}: ${(err as Error).stack ?? err}`);
    }
  }

  private readonly inputHost: InputHost = {
    mode: () => this.mode,
    previousMode: () => this.prevMode,
    setMode: (mode) => this.setMode(mode),
    passthrough: (ev) => {
      const agent = this.focused;
      if (!agent || agent.info.status === 'exited') return;
      const data = encodeForPty(ev, agent.terminal.modes);
      if (!data) return;
      this.inputUntil = performance.now() + INPUT_ECHO_WINDOW_MS;
      // typing to an agent brings its view back to the live bottom (and ends a search there)
      if (this.search?.agentId === agent.info.id) this.search = null;
      if (this.scroll.delete(agent.info.id)) this.invalidateTree(true);
      agent.write(data);
    },
    run: (binding) => {
      const action = binding.action;
      this.track(
        action.kind === 'function'
          ? this.runLua(() => this.lua.invokeBinding(binding.mode, binding.keys.join(' '), this.appData(), action.owner), binding.source)
          : this.runCommand(action.id, action.arg, binding.source),
      );
    },
    overlayKey: (ev) => this.selectionKey(ev) || this.overlays.key(ev),
    unhandled: (chord) => void this.events.emit('key_unhandled', { key: chord, mode: this.mode }),
    mouse: (ev) => this.mouse(ev),
    reportBindingError: (message) => this.setConfigError(message),
  };

  /** Runs a command by id: the hub's own, or one registered from Lua. */
  async runCommand(id: string, arg?: unknown, source = 'palette'): Promise<void> {
    try {
      if (this.commands.has(id)) await this.commands.run(id, this, arg);
      else if (this.luaCommands.has(id)) await this.runLua(() => this.lua.runCommand(id, this.appData(), arg, this.luaCommands.get(id)?.owner), source);
      else throw new Error(`unknown command "${id}"`);
    } catch (err) {
      this.notifyError(`${source}: ${(err as Error).message}`);
    }
  }

  /** Saves persisted state namespaces a moment after Lua code ran (one timer, only then). */
  private scheduleStateSave(): void {
    if (this.saveTimer || this.disposed) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.saveState();
    }, 1000);
  }

  async saveState(): Promise<void> {
    try {
      const ns = await this.lua.persistedNamespaces();
      for (const err of this.store.save(ns)) this.notifyError(err);
    } catch (err) {
      this.log.write('error', `saving state: ${(err as Error).message}`);
    }
  }

  private async runLua(call: () => Promise<Effect[]>, source: string): Promise<void> {
    this.scheduleStateSave();
    let effects: Effect[];
    try {
      effects = await call();
    } catch (err) {
      this.notifyError((err as Error).message);
      return;
    }
    for (const e of effects) await this.applyEffect(e, source);
  }

  private async applyEffect(e: Effect, source: string): Promise<void> {
    switch (e.op) {
      case 'focus':
        if (typeof e.target === 'number') this.focusIndex(e.target - 1);
        else this.focus(String(e.target));
        break;
      case 'spawn':
        await this.spawnAgent(e.spec);
        break;
      case 'kill': {
        const agent = typeof e.target === 'number' ? this.agents.list()[e.target - 1] : this.agents.get(e.target === undefined ? (this.focusedId ?? '') : String(e.target));
        if (agent) await this.killAgent(agent);
        break;
      }
      case 'mode':
        this.setMode(e.mode);
        break;
      case 'scroll':
        this.scrollBy(e.lines);
        break;
      case 'quit':
        await this.quit();
        break;
      case 'run':
        await this.runCommand(e.id, e.arg, source);
        break;
      case 'notify':
        this.log.write('info', `${source}: ${e.text}`);
        break;
    }
  }

  /**
   * A message for the user (a failed key action, a cancelled spawn, an improvement waiting). It is
   * shown like a configuration error (self.error) but is not one: a good reload does not clear
   * it; the next notice replaces it, and it goes away after a while.
   */
  notifyError(message: string): void {
    this.log.write('error', message);
    this.notice = message;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = null;
      this.notice = null;
      this.invalidateTree();
    }, NOTICE_MS);
    this.invalidateTree(true);
  }

  private notice: string | null = null;
  private noticeTimer: NodeJS.Timeout | null = null;

  /** What self.error shows: the configuration's error first, else the latest notice. */
  private shownError(): string | null {
    return this.configError ?? this.notice;
  }

  setMode(mode: string): void {
    if (mode === this.mode) return;
    if (!this.inputCtl.hasMode(mode)) {
      this.notifyError(`unknown mode "${mode}"`);
      return;
    }
    this.prevMode = this.mode;
    this.mode = mode;
    this.invalidateTree(true);
    void this.events.emit('mode_changed', { from: this.prevMode, to: mode });
  }

  focus(id: string): void {
    if (id === this.focusedId || !this.agents.get(id)) return;
    const from = this.focusedId;
    this.focusedId = id;
    this.attention.delete(id);
    this.invalidateTree(true);
    void this.events.emit('focus_changed', { from, to: id, agent: agentPayload(this.agents.get(id)!.info) });
  }

  focusNext(delta: number): void {
    const list = this.agents.list();
    if (list.length === 0) return;
    const i = list.findIndex((a) => a.info.id === this.focusedId);
    this.focus(list[(((i + delta) % list.length) + list.length) % list.length].info.id);
  }

  focusIndex(index: number): void {
    const agent = this.agents.list()[index];
    if (agent) this.focus(agent.info.id);
  }

  /** An agent went quiet: do the status adapters see it asking the user something? */
  private async detectWaiting(agent: Agent): Promise<void> {
    const id = agent.info.id;
    const lines = lastScreenLines(agent, 15);
    let verdict: { status: string; adapter: string } | null = null;
    try {
      const rang = (this.bellAt.get(id) ?? 0) > agent.lastOutputBeforeQuiet();
      verdict = await this.lua.detectStatus({ ...agentPayload(agent.info), at_prompt: agent.terminal.atPrompt, rang_bell: rang }, lines);
    } catch (err) {
      this.log.write('error', `status adapters: ${(err as Error).message}`);
      return;
    }
    // It may have printed (or gone) while the adapters were asked.
    if (this.agents.get(id)?.info.status !== 'idle') return;
    if (verdict?.status !== 'waiting' || this.waiting.has(id)) return;
    this.waiting.add(id);
    this.events.agentChanged({ ...agent.info, status: 'waiting' });
    this.needsAttention(id);
    this.notifyTerminal(agent, 'is waiting for you');
    this.invalidateTree();
  }

  /**
   * BOTSTER_NOTIFY=osc9 (or osc777) asks the terminal for a desktop notification when an agent
   * that is not focused starts waiting or rings the bell.
   */
  private notifyTerminal(agent: Agent, what: string): void {
    const kind = process.env.BOTSTER_NOTIFY;
    if (agent.info.id === this.focusedId || (kind !== 'osc9' && kind !== 'osc777')) return;
    const text = `${agent.info.name} ${what}`.replace(/[\x00-\x1f\x7f;]/g, ' ');
    this.opts.write(kind === 'osc9' ? `\x1b]9;${text}\x07` : `\x1b]777;notify;botster-tui;${text}\x07`);
  }

  private needsAttention(id: string): void {
    if (id === this.focusedId || this.attention.has(id)) return;
    this.attention.add(id);
    this.invalidateTree();
  }

  /** Focuses the next agent waiting for the user (after the focused one, wrapping). */
  focusNextWaiting(): void {
    const list = this.agents.list();
    const start = list.findIndex((a) => a.info.id === this.focusedId);
    for (let k = 1; k <= list.length; k++) {
      const a = list[(start + k) % list.length];
      if (this.waiting.has(a.info.id) && a.info.status === 'idle') return this.focus(a.info.id);
    }
    this.notifyError('no agent is waiting for you');
  }

  /**
   * The wheel scrolls the panel under the pointer, a click focuses it; a child that turned on mouse
   * tracking gets the event instead, at panel-local coordinates.
   */
  private mouse(ev: KeyEvent): void {
    const m = ev.mouse;
    if (!m) return;
    const slot = [...this.compositor.slots].reverse().find((p) => m.x >= p.clip.x1 && m.x < p.clip.x2 && m.y >= p.clip.y1 && m.y < p.clip.y2);
    const agent = slot ? this.agents.get(slot.slot.agent) : undefined;
    if (!slot || !agent) {
      // A click on an agent's row in the agent list focuses it.
      const row = this.compositor.targets.find((t) => m.x >= t.rect.x && m.x < t.rect.x + t.rect.w && m.y >= t.rect.y && m.y < t.rect.y + t.rect.h);
      if (row && m.action === 'press' && m.button === 'left') this.focus(row.agent);
      return;
    }
    const modes = agent.terminal.modes;
    if (modes.mouseTracking !== 'none' && !this.scroll.has(agent.info.id) && agent.info.status !== 'exited') {
      const data = encodeMouse(ev, m.x - slot.rect.x + 1, m.y - slot.rect.y + 1, (modes.mouseEncoding ?? '').toUpperCase().startsWith('SGR'));
      if (data) agent.write(data);
      if (m.action === 'press' && m.button === 'left') this.focus(agent.info.id);
      return;
    }
    if (m.button === 'wheelup' || m.button === 'wheeldown') this.scrollAgent(agent.info.id, m.button === 'wheelup' ? 3 : -3);
    else if (m.action === 'press') this.focus(agent.info.id);
  }

  private search: { agentId: string; query: string; matches: SearchMatch[]; index: number } | null = null;

  openSearch(): void {
    if (!this.focused) return this.notifyError('no agent to search');
    this.overlays.openPrompt('Search scrollback', (query) => this.runSearch(query));
  }

  /** Finds `query` in the focused agent's scrollback and shows the newest match. */
  runSearch(query: string): void {
    const agent = this.focused;
    if (!agent || !query) return;
    const matches = findMatches(agent.terminal, query);
    if (matches.length === 0) {
      this.search = null;
      this.notifyError(`"${query}" not found in ${agent.info.name}'s scrollback`);
      return;
    }
    this.search = { agentId: agent.info.id, query, matches, index: matches.length - 1 };
    this.showMatch();
  }

  /** n / N: older / newer match (wrapping). */
  searchStep(delta: number): void {
    const s = this.search;
    if (!s || s.agentId !== this.focusedId) return this.notifyError('no search (press / to search)');
    s.index = (s.index - delta + s.matches.length) % s.matches.length;
    this.showMatch();
  }

  private showMatch(): void {
    const s = this.search!;
    const agent = this.agents.get(s.agentId);
    if (!agent) return;
    const m = s.matches[s.index];
    const offset = offsetFor(agent.terminal, m.line);
    if (offset === 0) this.scroll.delete(s.agentId);
    else this.scroll.set(s.agentId, offset);
    this.notifyError(`"${s.query}": match ${s.matches.length - s.index} of ${s.matches.length} (n older, N newer)`);
    this.invalidateTree(true);
  }

  /** Line selection for copying: a cursor line and, once `v` is pressed, an anchor line. */
  private selection: { agentId: string; cursor: number; anchor: number | null } | null = null;

  /** scroll.copy: select lines with the keyboard (j/k, v, y or enter to copy, escape to cancel). */
  startSelection(): void {
    const agent = this.focused;
    if (!agent) return this.notifyError('no agent to copy from');
    const t = agent.terminal;
    const offset = this.scroll.get(agent.info.id) ?? 0;
    const match = this.search?.agentId === agent.info.id ? this.search.matches[this.search.index]?.line : undefined;
    // start on the last line with text in view (or on the current search match)
    let bottom = Math.max(0, t.lineCount - 1 - offset);
    while (bottom > 0 && t.lineText(bottom).trim() === '') bottom--;
    this.selection = { agentId: agent.info.id, cursor: match ?? bottom, anchor: null };
    this.notifyError('select: j/k move, v marks the start, y or enter copies, escape cancels');
  }

  private selectionKey(ev: KeyEvent): boolean {
    const sel = this.selection;
    if (!sel || ev.kind !== 'key') return false;
    const agent = this.agents.get(sel.agentId);
    if (!agent) {
      this.selection = null;
      return false;
    }
    const chord = canonicalKey(ev);
    const last = agent.terminal.lineCount - 1;
    if (chord === 'j' || chord === 'down') sel.cursor = Math.min(last, sel.cursor + 1);
    else if (chord === 'k' || chord === 'up') sel.cursor = Math.max(0, sel.cursor - 1);
    else if (chord === 'v' || chord === 'space') sel.anchor = sel.anchor === null ? sel.cursor : null;
    else if (chord === 'y' || chord === 'enter') {
      this.copyLines(agent, Math.min(sel.anchor ?? sel.cursor, sel.cursor), Math.max(sel.anchor ?? sel.cursor, sel.cursor));
      this.selection = null;
    } else if (chord === 'escape' || chord === 'ctrl+g' || chord === 'q') this.selection = null;
    else return true; // other keys do nothing while selecting
    if (this.selection) {
      // keep the cursor line in view
      const offset = offsetFor(agent.terminal, sel.cursor);
      const current = this.scroll.get(sel.agentId) ?? 0;
      const top = agent.terminal.lineCount - agent.terminal.rows - current;
      if (sel.cursor < top || sel.cursor >= top + agent.terminal.rows) {
        if (offset === 0) this.scroll.delete(sel.agentId);
        else this.scroll.set(sel.agentId, offset);
      }
    }
    this.invalidateTree(true);
    return true;
  }

  /** Copies lines to the clipboard: OSC 52 to the terminal, and $BOTSTER_COPY_COMMAND if set. */
  private copyLines(agent: Agent, from: number, to: number): void {
    const lines: string[] = [];
    for (let i = from; i <= to; i++) lines.push(agent.terminal.lineText(i));
    const text = lines.join('\n');
    this.opts.write(`\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`);
    const cmd = process.env.BOTSTER_COPY_COMMAND;
    if (cmd) {
      try {
        execFileSync('/bin/sh', ['-c', cmd], { input: text, stdio: ['pipe', 'ignore', 'ignore'], timeout: 2000 });
      } catch (err) {
        this.log.write('error', `copy command failed: ${(err as Error).message}`);
      }
    }
    this.copied = text;
    this.notifyError(`copied ${lines.length} line(s)`);
  }

  /** The last text copied (for tests and Lua). */
  copied = '';

  /** Scrolls an agent's view (positive = up into scrollback). */
  scrollAgent(id: string, lines: number): void {
    const agent = this.agents.get(id);
    if (!agent) return;
    const max = agent.terminal.scrollbackLength;
    const next = Math.max(0, Math.min(max, (this.scroll.get(id) ?? 0) + Math.trunc(lines)));
    if (next === 0) this.scroll.delete(id);
    else this.scroll.set(id, next);
    this.invalidateTree(true);
  }

  /** Scrolls the focused agent's view (positive = up into scrollback). */
  scrollBy(lines: number): void {
    if (this.focusedId) this.scrollAgent(this.focusedId, lines);
  }

  pageSize(): number {
    const rect = this.focusedId ? this.panelOf(this.focusedId) : null;
    return Math.max(1, (rect?.h ?? this.rows) - 1);
  }

  /** What the hub runs now, to start again with `--restore`. */
  sessionSpecs(): AgentSpec[] {
    return this.agents.list().map((a) => {
      const spec: AgentSpec = { command: a.spec.command, cwd: a.info.cwd, name: a.info.name };
      if (a.spec.args) spec.args = a.spec.args;
      return spec;
    });
  }

  /** Quits unless a before_quit handler says no. */
  async quit(): Promise<void> {
    const res = await this.events.emit('before_quit', {});
    if (res?.cancelled) {
      this.notifyError(`quit cancelled: ${res.reason}`);
      return;
    }
    this.opts.onQuit?.();
  }

  /** Stops the focused agent and runs its command again as a new agent, focused. */
  async restartFocused(): Promise<void> {
    const old = this.focused;
    if (!old) return;
    // An agent from a profile runs the profile again (as it is now, edits included), in the same
    // worktree if it had one.
    const spec = this.worktrees.has(old.info.id) ? old.spec : (this.requested.get(old.info.id) ?? old.spec);
    this.agents.remove(old.info.id);
    await this.spawnAgent(spec);
  }

  /** What each agent was asked to be (e.g. `profile:claude`), for agent.restart. */
  private readonly requested = new Map<string, AgentSpec>();

  /** Starts an agent after before_agent_spawn handlers had their say (they may change or cancel it). */
  async spawnAgent(requested: AgentSpec, opts: { focus?: boolean } = {}): Promise<Agent | null> {
    const spec = this.resolveProfile(requested);
    if (!spec) return null;
    let final = spec;
    const res = await this.events.emit('before_agent_spawn', spawnPayload(spec), spec.name ?? spec.command);
    if (res?.cancelled) {
      this.notifyError(`agent "${spec.command}" not started: ${res.reason}`);
      return null;
    }
    if (res) final = specFromPayload(res.payload, spec);
    const { spec: placed, wt } = this.withWorktree({ ...final, worktree: spec.worktree });
    // The worktree is made once: a restart runs again in the same folder.
    const agent = this.agents.spawn({ ...placed, worktree: undefined });
    if (wt) this.worktrees.set(agent.info.id, wt);
    if (requested.command !== spec.command) this.requested.set(agent.info.id, requested);
    if (opts.focus !== false) this.focus(agent.info.id);
    return agent;
  }

  /** `profile:NAME` (from user/profiles.lua) -> the profile's spec; null (and a notice) if unknown. */
  private resolveProfile(spec: AgentSpec): AgentSpec | null {
    const m = /^profile:(.+)$/.exec(spec.command.trim());
    if (!m || spec.args) return spec;
    const p = this.profiles.find((x) => x.name === m[1]);
    if (!p) {
      this.notifyError(`no profile "${m[1]}" (define it in user/profiles.lua with profiles.define)`);
      return null;
    }
    const out: AgentSpec = { command: p.command, name: spec.name ?? p.name };
    if (Array.isArray(p.args)) out.args = p.args.map(String);
    if (p.cwd) out.cwd = expandTilde(p.cwd);
    if (p.env && !Array.isArray(p.env)) out.env = Object.fromEntries(Object.entries(p.env).map(([k, v]) => [k, String(v)]));
    if (p.worktree === true) out.worktree = true;
    else if (p.worktree && typeof p.worktree === 'object' && !Array.isArray(p.worktree)) out.worktree = p.worktree;
    return out;
  }

  /** Agents running in a worktree the hub made for them. */
  private readonly worktrees = new Map<string, Worktree>();
  private offeredWorktree: Worktree | null = null;

  /** worktree = true: a fresh git worktree and branch for the agent (outside a repo: say so, go on). */
  private withWorktree(spec: AgentSpec): { spec: AgentSpec; wt: Worktree | null } {
    if (!spec.worktree) return { spec, wt: null };
    try {
      const o = typeof spec.worktree === 'object' ? spec.worktree : {};
      const wt = createWorktree(spec.cwd ?? process.cwd(), spec.name ?? spec.command.split(/\s/)[0], {
        ...(o.branch ? { branch: o.branch } : {}),
        ...(o.reuse ? { reuse: true } : {}),
        ...(o.folder ? { folder: expandTilde(o.folder) } : {}),
      });
      return { spec: { ...spec, cwd: wt.path }, wt };
    } catch (err) {
      this.notifyError(`${(err as Error).message}: starting without a worktree`);
      return { spec, wt: null };
    }
  }

  /** An agent in a worktree exited: offer to remove the worktree if it is clean and unused. */
  private offerWorktreeRemoval(id: string): void {
    const wt = this.worktrees.get(id);
    if (!wt) return;
    this.worktrees.delete(id);
    const inUse = [...this.worktrees.values()].some((w) => w.path === wt.path);
    if (inUse || !worktreeClean(wt.path)) return;
    this.offeredWorktree = wt;
    this.notifyError(`worktree ${wt.path} (${wt.branch}) is clean: run worktree.remove to remove it (the branch stays)`);
  }

  removeOfferedWorktree(): void {
    const wt = this.offeredWorktree;
    if (!wt) return this.notifyError('no clean worktree to remove');
    this.offeredWorktree = null;
    try {
      removeWorktree(wt);
      this.notifyError(`removed worktree ${wt.path}`);
    } catch (err) {
      this.notifyError(`cannot remove ${wt.path}: ${(err as Error).message}`);
    }
  }

  /** agent.spawn: the spawn dialog when there are profiles, else a new $SHELL. */
  async spawnDialog(): Promise<void> {
    if (this.profiles.length === 0) {
      if (await this.spawnAgent({ command: process.env.SHELL || '/bin/sh', args: [] })) this.setMode('insert');
      return;
    }
    const shell = process.env.SHELL || '/bin/sh';
    const items = [
      { id: 'shell', description: shell, category: 'spawn', source: 'builtin' },
      ...this.profiles.map((p) => ({ id: p.name, description: [p.command, ...(p.args ?? [])].join(' ') + (p.cwd ? `  (in ${p.cwd})` : ''), category: 'spawn', source: 'user/profiles.lua' })),
    ];
    this.overlays.openChooser('New agent', items, (id) => {
      const spec = id === 'shell' ? { command: shell, args: [] } : { command: `profile:${id}` };
      this.track(
        this.spawnAgent(spec).then((agent) => {
          if (agent) this.setMode('insert');
        }),
      );
    });
  }

  /** Stops an agent unless a before_agent_kill handler says no. */
  async killAgent(agent: Agent): Promise<void> {
    const res = await this.events.emit('before_agent_kill', { agent: agentPayload(agent.info) }, agent.info.name);
    if (res?.cancelled) {
      this.notifyError(`agent ${agent.info.name} not stopped: ${res.reason}`);
      return;
    }
    agent.kill();
  }

  // ---- overlays --------------------------------------------------------------------------

  toggleHelp(): void {
    this.overlays.toggleHelp();
  }

  openPalette(): void {
    this.overlays.openPalette();
  }

  private readonly overlays = new OverlayController({
    mode: () => this.mode,
    bindings: (mode) => this.inputCtl.bindingsFor(mode),
    commands: () => [...this.commands.list(), ...[...this.luaCommands.values()].filter((c) => !this.commands.has(c.id))],
    runCommand: (id) => this.track(this.runCommand(id, undefined, 'palette')),
    size: () => ({ cols: this.cols, rows: this.rows }),
    changed: () => this.invalidateTree(true),
  });

  /** The live bindings (for `keys.list()` parity, the README table and tests). */
  get bindings(): Binding[] {
    return this.inputCtl.bindings;
  }

  // ---- teardown --------------------------------------------------------------------------

  async dispose(): Promise<void> {
    if (this.disposed) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await this.saveState();
    this.disposed = true;
    if (this.luaRetryTimer) clearTimeout(this.luaRetryTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    await this.watcher?.dispose();
    for (const d of this.disposers.splice(0)) d();
    this.parser.dispose();
    this.inputCtl.dispose();
    this.events.dispose();
    for (const off of this.agentWatches.values()) off();
    this.scheduler.dispose();
    this.renderer.dispose();
    await Promise.allSettled([this.agents.dispose(), this.lua.dispose()]);
  }
}

/** The last non-empty lines of an agent's visible screen, top to bottom, trimmed. */
function lastScreenLines(agent: Agent, n: number): string[] {
  const lines: string[] = [];
  for (let y = 0; y < agent.terminal.rows; y++) {
    const text = agent.terminal
      .readRow(y)
      .map((r) => r.text)
      .join('')
      .trimEnd();
    if (text) lines.push(text);
  }
  return lines.slice(-n);
}
