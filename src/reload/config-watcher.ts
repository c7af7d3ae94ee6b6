import fs from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';

const TRAILING_CHECK_MS = 70;

function signature(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return 'gone';
  }
}

export interface WatchEvent {
  /** Files that changed since the last callback (added, changed or removed). */
  paths: string[];
}

/**
 * Watches the configuration's files and folders and reports changes, coalesced: a burst of saves
 * (or an editor's write-temp-then-rename) becomes one callback, and a change that arrives while
 * the callback is still busy triggers exactly one more run afterwards — so the last content
 * written is always what ends up live.
 */
export class ConfigWatcher {
  private readonly watcher: FSWatcher;
  private changed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private disposed = false;

  constructor(
    paths: string[],
    private readonly onChange: (ev: WatchEvent) => Promise<void>,
    private readonly settleMs = 2,
  ) {
    this.watcher = watch(paths.filter((p) => fs.existsSync(p)), {
      ignoreInitial: true,
      // Editors' swap and backup files are not configuration, nor are hidden folders (the
      // improvements' version history lives in improvements/.history).
      ignored: (file, stats) => /[\\/]\.[^\\/]+[\\/]/.test(file) || /[\\/]\.history$/.test(file) || (!!stats?.isFile() && !file.endsWith('.lua')),
    });
    for (const ev of ['add', 'change', 'unlink'] as const) this.watcher.on(ev, (file: string) => this.note(file));
    this.watcher.on('error', () => {
      // a vanished folder must not take the hub down; the next save re-arms nothing we need
    });
  }

  /** Resolves when the watcher has scanned its folders (changes before that are not seen). */
  ready(): Promise<void> {
    return new Promise((resolve) => this.watcher.once('ready', () => resolve()));
  }

  private note(file: string): void {
    if (this.disposed) return;
    this.changed.add(file);
    this.armTrailingCheck(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.settleMs);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (this.running || this.changed.size === 0 || this.disposed) return;
    const paths = [...this.changed];
    this.changed = new Set();
    this.running = true;
    try {
      await this.onChange({ paths });
    } finally {
      this.running = false;
      if (this.changed.size > 0 && !this.timer) void this.flush();
    }
  }

  // chokidar drops a second change to the same file within 50 ms (no trailing event), so a quick
  // second save would be lost: look at the file once more after that window.
  private readonly trailing = new Map<string, { sig: string; timer: NodeJS.Timeout }>();

  private armTrailingCheck(file: string): void {
    const prev = this.trailing.get(file);
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(() => {
      const entry = this.trailing.get(file);
      this.trailing.delete(file);
      if (entry && signature(file) !== entry.sig) this.note(file);
    }, TRAILING_CHECK_MS);
    this.trailing.set(file, { sig: signature(file), timer });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const t of this.trailing.values()) clearTimeout(t.timer);
    this.trailing.clear();
    if (this.timer) clearTimeout(this.timer);
    await this.watcher.close();
  }
}
