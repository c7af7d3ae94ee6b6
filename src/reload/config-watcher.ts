import path from 'node:path';
import fs from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { isWatchedFile, relativeTo, type WatchRoot } from './watch-roots.js';
import { scanBelow, signature } from './file-signatures.js';
import { CheckPeriod } from './check-period.js';
import { TrailingChecks } from './trailing-checks.js';
import { trace } from '../trace/trace.js';

// A folder deleted or moved produces a burst of events: re-arm once it is over.
const REARM_SETTLE_MS = 30;
// The safety net's period while active (see CheckPeriod): a readdir per folder, a stat per file.
export const CHECK_MS = 1000;
/**
 * A `rare` root (the shipped Lua) is looked at by the safety net on one check in this many: while
 * you type the net checks every second, and the shipped files were most of its work (~100 stats
 * and their allocations a second, on the same thread as your keys' echo).
 */
export const RARE_EVERY = 16;

export interface WatcherOptions {
  /** Period of the safety-net check of every watched file's signature; 0: none (tests). */
  checkMs?: number;
  /** The idle back-off (see CheckPeriod): longest period, and how long activity keeps checkMs. */
  maxCheckMs?: number;
  activeMs?: number;
  /** Told when that check found what the events missed (the watcher re-arms itself). */
  log?: (message: string) => void;
}

export interface WatchEvent {
  /** Files that changed since the last callback (added, changed or removed). */
  paths: string[];
}

/**
 * Watches the configuration's roots and reports changed Lua files, coalesced: a burst of saves
 * (or an editor's write-temp-then-rename) becomes one callback, and a change that arrives while
 * the callback is still busy triggers exactly one more run afterwards — so the last content
 * written is always what ends up live.
 *
 * It never goes deaf. chokidar's bookkeeping is per path and goes stale when a path changes kind
 * quickly (a file that became a folder and back: it kept believing the file is a folder and never
 * reported it again), or when a folder is moved away and re-created. So:
 * - a folder's own fs.watch is the authority: every entry it names is looked at (its signature
 *   against the one last reported), whatever chokidar made of that entry;
 * - a folder appearing, vanishing or replacing a file re-arms that root with a fresh watcher, and
 *   whatever changed meanwhile is found by comparing the files' signatures;
 * - a safety net, one timer: every CHECK_MS the signatures of every watched file and folder are
 *   compared with the last known ones (and chokidar's folders with the disk); anything missed is
 *   reported and the root re-armed; while idle it backs off to every 16 s (CheckPeriod).
 */
export class ConfigWatcher {
  private readonly armed = new Map<WatchRoot, FSWatcher>();
  private readonly rearmTimers = new Map<WatchRoot, NodeJS.Timeout>();
  /** Signature of every configuration file as it was when last reported (or first seen). */
  private readonly known = new Map<string, string>();
  private readonly started: Promise<void>;
  private changed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private disposed = false;
  private rearms = 0;
  private rescues = 0;
  /** Each root's folders (and their signatures) as they were when it was last armed or checked. */
  private readonly folders = new Map<WatchRoot, Map<string, string>>();
  private checkTimer: NodeJS.Timeout | null = null;
  /** Files the last check found changed before any event told: a miss unless an event comes by the next check. */
  private suspects = new Map<string, WatchRoot>();
  /** Each root's re-arms, one after the other (two at once would leave one watcher running unclosed). */
  private readonly rearming = new Map<WatchRoot, Promise<void>>();
  private readonly checkMs: number;
  private readonly period: CheckPeriod;
  private checkDue = 0;
  /** Checks of the safety net so far (a `rare` root is looked at on every RARE_EVERY-th). */
  private checks = 0;
  /** Each root's files as its last scan found them (a rare root not scanned now still owns them). */
  private readonly lastFiles = new Map<WatchRoot, Map<string, string>>();
  /** Roots the safety net scanned so far, counted (for tests). */
  private scanned = 0;
  /** A quick second save chokidar drops: each noted file looked at once more (trailing-checks.ts). */
  private readonly trailing = new TrailingChecks((file) => this.note(file));

  constructor(
    private readonly roots: WatchRoot[],
    private readonly onChange: (ev: WatchEvent) => Promise<void>,
    private readonly settleMs = 2,
    private readonly opts: WatcherOptions = {},
  ) {
    this.checkMs = opts.checkMs ?? CHECK_MS;
    this.period = new CheckPeriod(this.checkMs, opts.maxCheckMs, opts.activeMs);
    this.started = Promise.all(
      roots.map(async (root) => {
        const now = scanBelow(root);
        for (const [file, sig] of now.files) this.known.set(file, sig);
        this.folders.set(root, now.folders);
        const w = await this.arm(root);
        if (this.disposed || this.armed.has(root))
          await w.close(); // re-armed before it was ready
        else this.armed.set(root, w);
      }),
    ).then(() => this.scheduleCheck());
  }

  /** Resolves when every root is watched (changes before that are not seen). */
  ready(): Promise<void> {
    return this.started;
  }

  /** How many times a root was re-armed (for tests and the log). */
  get rearmCount(): number {
    return this.rearms;
  }

  /** The safety net's period now (ms). */
  get checkPeriod(): number {
    return this.period.ms;
  }

  /** How many changes the events missed (the periodic check found them, and no event came after). */
  get rescueCount(): number {
    return this.rescues;
  }

  /** Roots the safety net scanned so far (a `rare` one on one check in RARE_EVERY). */
  get scanCount(): number {
    return this.scanned;
  }

  private arm(root: WatchRoot): Promise<FSWatcher> {
    const w = watch(root.dir, {
      ignoreInitial: true,
      depth: root.depth,
      ignored: (file, stats) => {
        const rel = relativeTo(root, file);
        if (rel === null) return false;
        return !root.wanted(rel) || (!!stats?.isFile() && !isWatchedFile(file));
      },
    });
    for (const ev of ['add', 'change', 'unlink'] as const)
      w.on(ev, (file: string) => this.seen(root, ev, file));
    for (const ev of ['addDir', 'unlinkDir'] as const) w.on(ev, (dir: string) => this.folderMoved(root, dir));
    // What a folder's own watch says, whatever chokidar made of it (see the class comment).
    w.on('raw', (event, name, details) => {
      const watched = (details as { watchedPath?: string } | undefined)?.watchedPath;
      if (typeof name !== 'string' || !watched) return;
      // A folder that is renamed away and re-created under the same name at once shows up only as
      // the root's own entries changing.
      if (event === 'rename' && relativeTo(root, watched) === '' && root.wanted(name)) this.rearmSoon(root);
      const entry = path.basename(watched) === name ? watched : path.join(watched, name);
      if (this.ownedBy(root, entry)) this.lookAt(root, entry);
    });
    // A vanished folder must not take the hub down: watch afresh instead.
    w.on('error', () => this.rearmSoon(root));
    return new Promise((resolve) => w.once('ready', () => resolve(w)));
  }

  /** Activity (or the user typing into the hub): the safety net looks every checkMs again. */
  poke(): void {
    if (!this.period.poke()) return;
    if (this.checkTimer && this.checkDue - performance.now() > this.checkMs) {
      clearTimeout(this.checkTimer);
      this.checkTimer = null;
      this.scheduleCheck();
    }
  }

  private seen(root: WatchRoot, ev: 'add' | 'change' | 'unlink', file: string): void {
    this.suspects.delete(file);
    const rel = relativeTo(root, file);
    if (rel !== null && !root.wanted(rel)) return;
    if (!isWatchedFile(file)) return;
    // A file that vanished may have gone with its folder; one that is now a folder is lost to
    // chokidar: both need a fresh watch.
    if (ev === 'unlink' || isFolder(file)) this.rearmSoon(root);
    this.noteIfChanged(file);
  }

  /**
   * The hub loaded these files without the watcher reporting them (it wrote them itself, as an
   * accepted improvement): as they are now is known, so the watcher's own report of that write is
   * not a second reload (a push was reloaded twice), while any later state of theirs, their removal
   * too, is a change. A file that is not there was not loaded: marking it would make every check
   * report its absence again (a reload a second).
   */
  loaded(files: string[]): void {
    for (const file of files) {
      const sig = signature(file);
      if (sig !== null) this.known.set(file, sig);
    }
  }

  /**
   * A watched folder named this entry. A .lua file is noted unless it is as last reported (chokidar
   * stats a new file before it reports it, and a file removed meanwhile, written and deleted at
   * once as an accepted improvement can be, is never reported at all: look now). A folder that
   * appeared, vanished or changed kind leaves chokidar's bookkeeping stale: re-arm.
   */
  private lookAt(root: WatchRoot, entry: string): void {
    this.suspects.delete(entry);
    const now = signature(entry);
    const wasFolder = this.folders.get(root)?.has(entry) ?? false;
    if (wasFolder !== (now?.startsWith('dir:') ?? false)) this.rearmSoon(root);
    if (isWatchedFile(entry)) this.noteIfChanged(entry);
  }

  /** Notes `file` unless it is as last reported (an event already seen through another path). */
  private noteIfChanged(file: string): void {
    if (this.changed.has(file) || signature(file) !== (this.known.get(file) ?? null)) this.note(file);
  }

  private folderMoved(root: WatchRoot, dir: string): void {
    const rel = relativeTo(root, dir);
    if (rel !== null && !root.wanted(rel)) return;
    if (dir.endsWith('.lua')) this.note(dir); // layout.lua became a folder: that is an error to show
    this.rearmSoon(root);
  }

  private rearmSoon(root: WatchRoot): void {
    if (this.disposed) return;
    this.poke();
    const prev = this.rearmTimers.get(root);
    if (prev) clearTimeout(prev);
    this.rearmTimers.set(
      root,
      setTimeout(() => {
        this.rearmTimers.delete(root);
        const next = (this.rearming.get(root) ?? Promise.resolve()).then(() => this.rearm(root));
        this.rearming.set(root, next);
      }, REARM_SETTLE_MS),
    );
  }

  private async rearm(root: WatchRoot): Promise<void> {
    if (this.disposed) return;
    this.rearms++;
    // chokidar shares one fs.watch per path within a process, and the stale one (still on the
    // moved-away folder) would be reused: close first. What is written meanwhile is caught up.
    const old = this.armed.get(root);
    this.armed.delete(root);
    await old?.close();
    if (this.disposed) return;
    const fresh = await this.arm(root);
    if (this.disposed) {
      await fresh.close();
      return;
    }
    this.armed.set(root, fresh);
    this.catchUp(root);
  }

  /** Reports every file below the root whose content differs from what was last reported. */
  private catchUp(root: WatchRoot): void {
    const now = scanBelow(root);
    this.folders.set(root, now.folders);
    for (const file of this.differences(root, now.files)) this.note(file);
  }

  /**
   * Files below the root that differ from what was last reported (or is about to be). `seen`: files
   * found in any root now, so only the vanished ones are asked which root they belonged to.
   */
  private differences(
    root: WatchRoot,
    now: Map<string, string>,
    seen: { has(file: string): boolean } = now,
  ): string[] {
    const out: string[] = [];
    for (const [file, sig] of now)
      if (this.known.get(file) !== sig && !this.changed.has(file)) out.push(file);
    for (const file of this.known.keys())
      if (!seen.has(file) && !this.changed.has(file) && this.ownedBy(root, file)) out.push(file);
    return out;
  }

  private scheduleCheck(): void {
    if (this.disposed || this.checkMs <= 0) return;
    this.checkDue = performance.now() + this.period.ms;
    this.checkTimer = setTimeout(() => {
      this.checkTimer = null;
      this.check();
      this.period.checked(this.suspects.size > 0);
      this.scheduleCheck();
    }, this.period.ms);
    this.checkTimer.unref(); // never what keeps a process alive
  }

  /**
   * The safety net: what the events should have told. A file whose signature differs from the last
   * reported one while no event is pending is reported at once; if its event has still not come by
   * the next check, the events missed it: that root is re-armed (and the log says so). The event
   * may simply not be read yet (timers run before I/O in a loop turn), hence the wait. A folder
   * made, removed or replaced, or one chokidar still watches that is no folder any more: re-arm.
   */
  check(): void {
    for (const [file, root] of this.suspects) {
      this.rescues++;
      this.opts.log?.(`watcher: no event ever reported a change of ${file}; watching ${root.dir} afresh`);
      this.rearmSoon(root);
    }
    this.suspects = new Map();
    const all = this.checks++ % RARE_EVERY === 0;
    const scans = new Map<WatchRoot, ReturnType<typeof scanBelow>>();
    for (const root of this.roots) {
      if (root.rare && !all && this.lastFiles.has(root)) continue;
      const now = scanBelow(root);
      scans.set(root, now);
      this.lastFiles.set(root, now.files);
      this.scanned++;
    }
    const seen = {
      has: (file: string) => {
        for (const files of this.lastFiles.values()) if (files.has(file)) return true;
        return false;
      },
    };
    for (const [root, now] of scans) {
      const w = this.armed.get(root);
      if (!w || this.rearmTimers.has(root)) continue; // being re-armed: it catches up by itself
      const missed = this.differences(root, now.files, seen);
      const before = this.folders.get(root);
      const foldersMoved =
        !before ||
        before.size !== now.folders.size ||
        [...now.folders].some(([dir, sig]) => before.get(dir) !== sig);
      const stale = Object.keys(w.getWatched()).some(
        (dir) => this.ownedBy(root, dir) && !now.folders.has(dir) && !isFolder(dir),
      );
      for (const file of missed) {
        this.note(file);
        this.suspects.set(file, root);
      }
      if (foldersMoved || stale) this.rearmSoon(root);
    }
  }

  // Roots may overlap (a --layout file in the home): a file belongs to each root that wants it.
  private ownedBy(root: WatchRoot, file: string): boolean {
    const rel = relativeTo(root, file);
    return rel !== null && rel.split('/').length - 1 <= root.depth && root.wanted(rel);
  }

  private note(file: string): void {
    trace(`watch: noted ${path.basename(file)}`);
    this.poke();
    if (this.disposed) return;
    this.changed.add(file);
    this.trailing.arm(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.settleMs);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (this.running || this.changed.size === 0 || this.disposed) return;
    const paths = [...this.changed];
    this.changed = new Set();
    // What the callback is about to read is at least this new.
    for (const file of paths) {
      const sig = signature(file);
      if (sig === null) this.known.delete(file);
      else this.known.set(file, sig);
    }
    this.running = true;
    trace('watch: flush');
    try {
      await this.onChange({ paths });
    } finally {
      this.running = false;
      if (this.changed.size > 0 && !this.timer) void this.flush();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = null;
    this.trailing.dispose();
    for (const t of this.rearmTimers.values()) clearTimeout(t);
    this.rearmTimers.clear();
    if (this.timer) clearTimeout(this.timer);
    await this.started.catch(() => {});
    await Promise.all([...this.armed.values()].map((w) => w.close()));
    this.armed.clear();
  }
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
