import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

// What the pages load, all from the installed package (no CDN: works offline): Turbo, Stimulus,
// xterm.js and its CSS from their packages, the page's own script and styles from
// lua/default/web/assets/, and the Stimulus controllers, yours (user/controllers/) over the shipped
// ones, named in the import map so a page needs no build step. A controller of yours is checked
// (parsed, never run: `node --check`) when it changes: one that does not parse keeps its last good
// text (or the shipped one of its name) and says `file:line: message` on the pages and in the hub.

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface Asset {
  file: string;
  type: string;
  /** Served instead of the file (a broken controller's last good text). */
  body?: string;
}

/** One of your controllers as last checked. */
interface Checked {
  mtime: number;
  /** The last text that parsed, and its version (the mtime it had). */
  good: { text: string; version: number } | null;
  /** "file:line: message" while the file on disk does not parse. */
  error: string | null;
}

export class Assets {
  private readonly packages: Record<string, string>;
  private readonly checked = new Map<string, Checked>();
  private checking: Promise<boolean> | null = null;
  private again = false;

  constructor(
    private readonly root: string,
    private readonly userControllers: string,
    /** How a file is named to the user, and where a controller's error is said in the hub. */
    private readonly report: { display: (file: string) => string; error: (message: string) => void } = {
      display: (f) => f,
      error: () => {},
    },
  ) {
    const req = createRequire(path.join(root, 'package.json'));
    this.packages = {
      '/assets/turbo.js': req.resolve('@hotwired/turbo/dist/turbo.es2017-esm.js'),
      '/assets/stimulus.js': req.resolve('@hotwired/stimulus/dist/stimulus.js'),
      '/assets/xterm.js': req.resolve('@xterm/xterm/lib/xterm.mjs'),
      '/assets/xterm.css': req.resolve('@xterm/xterm/css/xterm.css'),
    };
  }

  private get shippedControllers(): string {
    return path.join(this.root, 'lua/default/web/controllers');
  }

  /** The file a path names, or null. */
  find(urlPath: string): Asset | null {
    const pkg = this.packages[urlPath];
    if (pkg) return { file: pkg, type: TYPES[path.extname(pkg)] };
    const own = /^\/assets\/([\w-]+\.(?:js|css))$/.exec(urlPath);
    if (own) return this.existing(path.join(this.root, 'lua/default/web/assets', own[1]));
    const ctl = /^\/controllers\/([\w-]+_controller\.js)$/.exec(urlPath);
    if (ctl) {
      const mine = this.checked.get(ctl[1]);
      if (mine?.good)
        return { file: path.join(this.userControllers, ctl[1]), type: TYPES['.js'], body: mine.good.text };
      return this.existing(path.join(this.shippedControllers, ctl[1]));
    }
    return null;
  }

  /** Your controllers that do not parse now, as `file:line: message`. */
  errors(): string[] {
    const out: string[] = [];
    for (const c of this.checked.values()) if (c.error) out.push(c.error);
    return out;
  }

  /**
   * Checks your controllers that changed (added, saved, removed) since the last check; true when
   * any did (the pages should load again). Concurrent calls share one run, and a call made during
   * a run starts another after it.
   */
  check(): Promise<boolean> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      let changed = false;
      do {
        this.again = false;
        changed = (await this.checkOnce()) || changed;
      } while (this.again);
      return changed;
    })().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkOnce(): Promise<boolean> {
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.userControllers).filter((n) => /^[\w-]+_controller\.js$/.test(n));
    } catch {
      // no user/controllers/
    }
    let changed = false;
    for (const name of [...this.checked.keys()])
      if (!names.includes(name)) {
        this.checked.delete(name);
        changed = true;
      }
    for (const name of names) {
      const file = path.join(this.userControllers, name);
      const mtime = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
      const was = this.checked.get(name);
      if (was && was.mtime === mtime) continue;
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue; // removed meanwhile: the next check drops it
      }
      const error = await syntaxError(text);
      const c: Checked = { mtime, good: was?.good ?? null, error: null };
      if (error === null) c.good = { text, version: Math.floor(mtime) };
      else {
        c.error = `${this.report.display(file)}:${error.line}: ${error.message}`;
        if (c.error !== was?.error) this.report.error(c.error);
      }
      this.checked.set(name, c);
      changed = true;
    }
    return changed;
  }

  private existing(file: string): Asset | null {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile()
      ? { file, type: TYPES[path.extname(file)] }
      : null;
  }

  /**
   * Controller names ("terminal", "second-tap"), shipped and yours (as last checked: the last good
   * text of each), with a version each (the file's mtime).
   */
  controllers(): Map<string, number> {
    const out = new Map<string, number>();
    const key = (n: string) => n.slice(0, -'_controller.js'.length).replace(/_/g, '-');
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.shippedControllers).filter((n) => /^[\w-]+_controller\.js$/.test(n));
    } catch {
      // none shipped
    }
    for (const n of names) {
      const mtime =
        fs.statSync(path.join(this.shippedControllers, n), { throwIfNoEntry: false })?.mtimeMs ?? 0;
      out.set(key(n), Math.floor(mtime));
    }
    for (const [n, c] of this.checked) if (c.good) out.set(key(n), c.good.version);
    return out;
  }

  /** The page's import map: the packages, and each controller at its version (a saved one reloads pages). */
  importMap(): string {
    const imports: Record<string, string> = {
      '@hotwired/turbo': '/assets/turbo.js',
      '@hotwired/stimulus': '/assets/stimulus.js',
      '@xterm/xterm': '/assets/xterm.js',
    };
    for (const [name, v] of this.controllers())
      imports[`controllers/${name}_controller`] =
        `/controllers/${name.replace(/-/g, '_')}_controller.js?v=${v}`;
    return JSON.stringify({ imports });
  }
}

/** Whether a module parses (it is never run): null, or where and why not. */
function syntaxError(text: string): Promise<{ line: number; message: string } | null> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '--check'],
      { timeout: 10_000, maxBuffer: 1 << 20, env: { ...process.env, NODE_OPTIONS: '' } },
      (err, _stdout, stderr) => {
        // (no answer of node's: it could not be checked, which is not the file's fault: served as it is)
        const at = /^\[stdin\]:(\d+)/m.exec(stderr);
        if (!err || !at) return resolve(null);
        const message = /^(\w*Error: .*)$/m.exec(stderr)?.[1] ?? 'does not parse';
        resolve({ line: Number(at[1]), message });
      },
    );
    child.stdin?.end(text);
  });
}
