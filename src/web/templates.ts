import fs from 'node:fs';
import path from 'node:path';
import { Liquid, type FS, type Template } from 'liquidjs';

// The pages' Liquid templates: user/templates/NAME over lua/default/web/templates/NAME, parsed once
// and again when the file that name finds changed (a saved template shows on the next render). A
// template that does not parse keeps its last good text (or the shipped one) and says
// `file:line: message` on the page and in the log.

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
    /** A template's error is over: it parses again, or its file is gone. */
    private readonly onMended: (message: string) => void = () => {},
  ) {
    this.liquid = new Liquid({
      root: [dirs.user, dirs.shipped],
      extname: '',
      cache: new FreshCache([dirs.user, dirs.shipped]),
      fs: this.files(),
      outputEscape: 'escape',
      ownPropertyOnly: true,
    });
    for (const [name, fn] of Object.entries(filters)) this.liquid.registerFilter(name, fn);
  }

  /** Templates that do not parse now, as `file:line: message`. */
  errors(): string[] {
    // (a broken file since removed is no error: its name finds the shipped one again)
    for (const [file, message] of this.broken)
      if (!fs.existsSync(file)) {
        this.broken.delete(file);
        this.onMended(message);
      }
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
      const was = this.broken.get(file);
      this.broken.delete(file);
      if (was !== undefined) this.onMended(was);
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

/** What Liquid keeps of a template (its parse, or the parse under way). */
type Parsed = Template[] | Promise<Template[]>;

/**
 * Liquid's parsed templates, each kept while the file its name finds is the same one, unchanged.
 * A board update renders a card per agent: parsing each file at each render (twice: once to check
 * it) took the hub more of its time than the rest of the web while a flood went to ten pages.
 * Checked with a stat or two per render, so a template saved, added over a shipped one or
 * removed shows on the next render as before.
 */
class FreshCache {
  private readonly entries = new Map<string, { seen: string; value: Parsed }>();

  constructor(private readonly roots: string[]) {}

  read(key: string): Parsed | undefined {
    const e = this.entries.get(key);
    if (e && e.seen === this.seen(key)) return e.value;
    this.entries.delete(key);
    return undefined;
  }

  // (called before the file is read: a save meanwhile makes the next read miss, never keeps it stale)
  write(key: string, value: Parsed): void {
    this.entries.set(key, { seen: this.seen(key), value });
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  /**
   * The file a key finds now, and its change time and size ('' for none). Liquid keys a template
   * by `TYPE:NAME`, looked up in the roots, or, for a relative name (`./part.liquid`), by
   * `FILE,NAME`: the file beside the one that renders it.
   */
  private seen(key: string): string {
    const relative = /,(\.\.?\/.*)$/.exec(key);
    const candidates = relative
      ? [path.resolve(path.dirname(key.slice(0, relative.index)), relative[1])]
      : this.roots.map((root) => path.join(root, key.slice(key.indexOf(':') + 1)));
    for (const file of candidates) {
      const st = fs.statSync(file, { throwIfNoEntry: false, bigint: true });
      if (st?.isFile()) return `${file}\0${st.ino}\0${st.mtimeNs}\0${st.ctimeNs}\0${st.size}`;
    }
    return '';
  }
}
