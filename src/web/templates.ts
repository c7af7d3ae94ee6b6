import fs from 'node:fs';
import path from 'node:path';
import { Liquid, type FS } from 'liquidjs';

// The pages' Liquid templates: user/templates/NAME over lua/default/web/templates/NAME, read fresh
// on each render (a saved template shows on the next one). A template that does not parse keeps
// its last good text (or the shipped one) and says `file:line: message` on the page and in the log.

export interface TemplateDirs {
  user: string;
  shipped: string;
  /** How a file is named to the user (~/.botster/user/templates/board.liquid). */
  display: (file: string) => string;
}

export class Templates {
  readonly liquid: Liquid;
  private readonly check = new Liquid();
  private readonly lastGood = new Map<string, string>();
  private readonly broken = new Map<string, string>();

  constructor(
    private readonly dirs: TemplateDirs,
    filters: Record<string, (v: unknown) => unknown>,
    private readonly onError: (message: string) => void,
  ) {
    this.liquid = new Liquid({
      root: [dirs.user, dirs.shipped],
      extname: '',
      cache: false,
      fs: this.files(),
      outputEscape: 'escape',
      ownPropertyOnly: true,
    });
    for (const [name, fn] of Object.entries(filters)) this.liquid.registerFilter(name, fn);
  }

  /** Templates that do not parse now, as `file:line: message`. */
  errors(): string[] {
    return [...this.broken.values()];
  }

  async render(name: string, data: Record<string, unknown>): Promise<string> {
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.'))
      throw new Error(`render: "${name}" is not a template's name (a file of user/templates/)`);
    return this.liquid.renderFile(name, data);
  }

  /** Reads a template, checking it parses: a broken one gives its last good text instead. */
  private read(file: string): string {
    const src = fs.readFileSync(file, 'utf8');
    try {
      this.check.parse(src, file);
      this.lastGood.set(file, src);
      this.broken.delete(file);
      return src;
    } catch (err) {
      const e = err as Error & { token?: { getPosition?: () => [number, number] } };
      const line = e.token?.getPosition?.()[0] ?? 1;
      const message = `${this.dirs.display(file)}:${line}: ${e.message.replace(/, line:\d+, col:\d+.*/s, '')}`;
      if (this.broken.get(file) !== message) this.onError(message);
      this.broken.set(file, message);
      const shipped = path.join(this.dirs.shipped, path.basename(file));
      const fallback = this.lastGood.get(file) ?? (shipped !== file ? this.read(shipped) : undefined);
      if (fallback === undefined) throw new Error(message);
      return fallback;
    }
  }

  private files(): FS {
    const exists = (f: string) => fs.statSync(f, { throwIfNoEntry: false })?.isFile() ?? false;
    return {
      exists: async (f) => exists(f),
      existsSync: exists,
      readFile: async (f) => this.read(f),
      readFileSync: (f) => this.read(f),
      resolve: (dir, file, ext) => path.resolve(dir, file + ext),
      containsSync: (root, file) => file.startsWith(path.resolve(root) + path.sep),
      contains: async (root, file) => file.startsWith(path.resolve(root) + path.sep),
      sep: path.sep,
      dirname: path.dirname,
    };
  }
}
