import fs from 'node:fs';
import path from 'node:path';
import type { ConfigureResult } from '../worker/lua-host.js';
import {
  DEFAULT_SETTINGS,
  type ConfigExport,
  type Configuration,
  type HubSettings,
} from '../hub/configuration.js';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import {
  forgetShipped,
  readConfigFiles,
  takeDroppedImprovements,
  userFilesNotLoaded,
  withoutUserFiles,
  type ConfigSources,
} from './config-files.js';
import type { ConfigWatcher } from './config-watcher.js';
import { configWatchRoots } from './watch-roots.js';
import { makeUserDir } from './starter-files.js';
import { PACKAGE_ROOT, displayPath } from './paths.js';
import { recentlyWritten, userFilesChangedSince } from './file-changes.js';
import { trace } from '../trace/trace.js';
import type { ConfigDeps } from './ports.js';
import { plural } from '../hub/plural.js';

// How long after its last write a file with an error may still be being written.
const HALF_WRITTEN_MS = 120;

/** The Lua configuration: load, reload on save (fresh build, swapped in only when it works), watch. */
export class HubConfig {
  private reloadRetries = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private watcher: ConfigWatcher | null = null;
  private loadedAt = Date.now();
  private loadedFiles = 0;
  private notLoaded = '';
  /** The configuration live now (null: none yet). */
  live: Configuration | null = null;

  /** Named ways to start an agent (user/profiles.lua). */
  get profiles(): ConfigExport['profiles'] {
    return this.live?.keymap.profiles ?? [];
  }

  /** settings.* of the live configuration. */
  get settings(): HubSettings {
    return this.live?.settings ?? DEFAULT_SETTINGS;
  }

  /** A layout piece that failed, told on screen (and in the log). */
  private readonly offNotice: () => void;
  /** Each load under way: what Lua told while it loaded (a plugin that stays off, an improvement left out). */
  private readonly loading = new Set<string[]>();
  /** What the live configuration told as it loaded: on screen only while it still holds. */
  private told: string[] = [];
  /** The notice each of those words was last shown as (taken off by its id). */
  private readonly toldAs = new Map<string, string>();

  constructor(private readonly deps: ConfigDeps) {
    this.offNotice = deps.lua.pieces.onNotice((text) => {
      for (const raised of this.loading) raised.push(text);
      this.toldAs.set(text, deps.notify(text, 'error'));
    });
  }

  /**
   * A configuration went live: what the last one told as it loaded and this one no longer does
   * ("plugin X stays off" after a grant made it load) leaves the screen now, not when its time is up.
   */
  private toldNow(raised: string[]): void {
    for (const text of this.told) {
      if (raised.includes(text)) continue;
      const id = this.toldAs.get(text);
      if (id) this.deps.store.dispatch({ type: 'notice_clear', id });
      this.toldAs.delete(text);
    }
    this.told = raised;
  }

  /** Where the configuration comes from: the home (and --layout), and the projects agents started in. */
  private sources(): ConfigSources {
    return { ...this.deps.sources, projects: this.deps.projects.forConfig() };
  }

  /** Reads and evaluates every Lua file; a broken set leaves the last good one live. */
  async load(opts: { deferErrorsOf?: string[] } = {}): Promise<void> {
    let files: ConfigFile[];
    try {
      files = readConfigFiles(this.sources());
    } catch (err) {
      // A file vanished between listing and reading (an editor's rename): the next event retries.
      if (opts.deferErrorsOf && (err as NodeJS.ErrnoException).code === 'ENOENT') return this.retrySoon();
      this.deps.store.dispatch({
        type: 'config_error',
        error: `cannot read configuration: ${(err as Error).message}`,
      });
      return;
    }
    // Young when read (Lua may take a while to say it does not parse on a busy machine).
    const young = !!opts.deferErrorsOf && recentlyWritten(opts.deferErrorsOf, HALF_WRITTEN_MS);
    // A plugin being updated (its copy swapped in, the lock not written yet): look again in a
    // moment rather than tell that the copy is not the lock's.
    if (opts.deferErrorsOf && this.reloadRetries < 3 && files.some((f) => f.settling)) {
      this.reloadRetries++;
      return this.retrySoon(opts.deferErrorsOf);
    }
    this.loadedAt = Date.now();
    this.loadedFiles = files.length;
    this.logNotLoaded();
    // Evaluating a configuration is work like agent output: a burst of saves grows the young
    // generation just as a flood does, and is given back the same way once the saves stop.
    this.deps.memoryTrim.note(files.reduce((n, f) => n + f.source.length, 0));
    // The plugins' lock may be what changed: self.plugins is read again before the files run.
    this.deps.plugins.refresh();
    const raised: string[] = [];
    this.loading.add(raised);
    trace('reload: files read, configure asked');
    try {
      const res = await this.deps.lua
        .configure(files, this.deps.appData())
        .finally(() => this.loading.delete(raised));
      trace('reload: configured');
      this.toldNow(raised);
      this.goLive(res, null);
      trace('reload: live');
      this.reloadRetries = 0;
    } catch (err) {
      // A file that was written a moment ago may be half-written: look again once it is still,
      // and only then show its error.
      if (opts.deferErrorsOf && this.reloadRetries < 3 && young) {
        this.reloadRetries++;
        return this.retrySoon(opts.deferErrorsOf);
      }
      this.reloadRetries = 0;
      const error = (err as Error).message;
      // The last good configuration stays live; the error is a fact the frames show.
      this.deps.store.dispatch({ type: 'config_error', error });
      // Nothing live yet (first start): the shipped defaults stand in, the error still shown.
      if (!this.live) {
        try {
          this.goLive(await this.deps.lua.configure(withoutUserFiles(files), this.deps.appData()), error);
        } catch (err2) {
          this.deps.log('error', `default configuration failed: ${(err2 as Error).message}`);
        }
      }
    }
  }

  /**
   * A configuration that works goes live as one fact, its generation in the state: the frames draw
   * again because it changed, and each part reads its share of `live` (the `configured` effect).
   */
  private goLive(res: ConfigureResult, error: string | null, restored = false): void {
    const generation = this.deps.store.state.configGeneration + 1;
    this.live = {
      generation,
      tree: res.tree ?? null,
      ...(res.slots ? { slots: res.slots } : {}),
      keymap: res.keymap,
      settings: { ...DEFAULT_SETTINGS, ...res.keymap.settings },
    };
    this.deps.store.dispatch({ type: 'config_loaded', generation, error, ...(restored ? { restored } : {}) });
  }

  /** The Lua worker was restarted with the last good configuration: its handles are new, so it goes live again. */
  restored(res: ConfigureResult): void {
    this.goLive(res, this.deps.store.state.configError, true);
  }

  /** Lua files in user/ that do not load, and why: in the log whenever that list changes. */
  private logNotLoaded(): void {
    const list = userFilesNotLoaded(this.deps.sources).join('; ');
    if (list === this.notLoaded) return;
    this.notLoaded = list;
    if (list) this.deps.log('info', `not loaded as configuration: ${list}`);
  }

  private retrySoon(paths: string[] = []): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reload(paths);
    }, HALF_WRITTEN_MS);
  }

  /** A configuration file changed: build the new configuration; it goes live only if it works. */
  async reload(paths: string[]): Promise<void> {
    if (this.deps.disposed()) return;
    trace(`reload: ${plural(paths.length, 'file')}`);
    forgetShipped(paths.length ? paths : undefined);
    this.watcher?.loaded(paths);
    await this.reviewDroppedImprovements();
    await this.load({ deferErrorsOf: paths });
    const error = this.deps.store.state.configError;
    void this.deps.events.emit('reload', {
      ok: error === null,
      error,
      files: paths.map((p) => displayPath(p)),
    });
    this.deps.log(
      'info',
      `reloaded (${paths.map((p) => displayPath(p)).join(', ')})${error ? `: ${error}` : ''}`,
    );
  }

  /** A file dropped into improvements/ goes through the same review as a push. */
  async reviewDroppedImprovements(): Promise<void> {
    let dropped: Array<{ name: string; source: string }> = [];
    try {
      dropped = takeDroppedImprovements(this.deps.sources.home);
    } catch (err) {
      this.deps.log('error', `improvements/: ${(err as Error).message}`);
    }
    for (const d of dropped) {
      const res = await this.deps.pushImprovement({ name: d.name, source: d.source, agent_id: null });
      if (res.live !== true && res.waiting !== true)
        this.deps.notify(
          `improvements/${d.name}.lua was not loaded (${String(res.decision)}): ${String(res.reasoning)}`,
        );
    }
  }

  /** The user is at the hub: a save the watcher's events missed is looked for within a second. */
  poke(): void {
    this.watcher?.poke();
  }

  /** Starts watching the configuration (the hub, not snapshots). */
  async watch(): Promise<void> {
    const opts = this.deps.sources;
    makeUserDir(opts.home);
    fs.mkdirSync(path.join(opts.home, 'improvements'), { recursive: true });
    const roots = configWatchRoots({
      home: opts.home,
      layoutFile: opts.layoutFile,
      packageRoot: PACKAGE_ROOT,
    });
    // chokidar loads here, after the first frame.
    const { ConfigWatcher } = await import('./config-watcher.js');
    if (this.deps.disposed()) return;
    this.watcher = new ConfigWatcher(roots, (ev) => this.reload(ev.paths), undefined, {
      log: (m) => this.deps.log('warn', m),
    });
    await this.watcher.ready();
    // A save between the first load and the watcher being ready would otherwise be missed.
    const changed =
      readConfigFiles(this.sources()).length !== this.loadedFiles ||
      userFilesChangedSince(opts, this.loadedAt);
    if (changed) await this.reload([]);
    trace('watch: ready');
  }

  async dispose(): Promise<void> {
    this.offNotice();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.watcher?.dispose();
  }
}
