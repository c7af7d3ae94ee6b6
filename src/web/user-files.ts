import fs from 'node:fs';
import path from 'node:path';

// Your templates and controllers (user/templates/, user/controllers/): a save refreshes the open
// pages, like a layout's. (user/routes.lua is configuration: its reload refreshes them too.) The
// folders are watched from user/ itself, so one made after the web started is seen as well.

const QUIET_MS = 40;

export class UserFilesWatch {
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    dir: string,
    private readonly changed: () => void,
  ) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      this.watcher = fs.watch(dir, { recursive: true }, (_event, name) => {
        const file = String(name ?? '');
        if (!/^(templates|controllers)([\\/]|$)/.test(file) || path.basename(file).startsWith('.')) return;
        this.soon();
      });
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = null; // no watching: pages show a saved file on their next load
    }
  }

  private soon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.changed();
    }, QUIET_MS);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = null;
  }
}
