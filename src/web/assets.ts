import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// What the pages load, all from the installed package (no CDN: works offline): Turbo, Stimulus,
// xterm.js and its CSS from their packages, the page's own script and styles from
// lua/default/web/assets/, and the Stimulus controllers, yours (user/controllers/) over the shipped
// ones, named in the import map so a page needs no build step.

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface Asset {
  file: string;
  type: string;
}

export class Assets {
  private readonly packages: Record<string, string>;

  constructor(
    private readonly root: string,
    private readonly userControllers: string,
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
    if (ctl)
      return (
        this.existing(path.join(this.userControllers, ctl[1])) ??
        this.existing(path.join(this.shippedControllers, ctl[1]))
      );
    return null;
  }

  private existing(file: string): Asset | null {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile()
      ? { file, type: TYPES[path.extname(file)] }
      : null;
  }

  /** Controller names ("terminal", "second-tap"), shipped and yours, with a version each (the file's mtime). */
  controllers(): Map<string, number> {
    const out = new Map<string, number>();
    for (const dir of [this.shippedControllers, this.userControllers]) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(dir).filter((n) => /^[\w-]+_controller\.js$/.test(n));
      } catch {
        continue;
      }
      for (const n of names) {
        const mtime = fs.statSync(path.join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0;
        out.set(n.slice(0, -'_controller.js'.length).replace(/_/g, '-'), Math.floor(mtime));
      }
    }
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
