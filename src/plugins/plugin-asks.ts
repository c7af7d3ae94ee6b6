// What an agent asks for a plugin (`botster-tui plugin add|grant|enable` typed in it): never done by
// the agent's word, always a question the user answers in the hub (lua/default/plugins.lua), where
// granting takes the word typed. A folder an agent names is copied into the home at once, and the
// copy is what the user is shown and may add: the agent can write its own project, not the home, so
// what runs with the grant is what was shown (an agent's later edit of its folder changes nothing).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isCapability } from '../hub/capabilities.js';
import { pluginsDir, readLock } from './lock.js';
import { parseSource } from './sources.js';

export type PluginAskAction = 'add' | 'grant' | 'enable';

/** One ask, as the hook `plugin_asked` gets it (with who asks). */
export interface PluginAsk {
  request: string;
  action: PluginAskAction;
  /** add: where from (a folder: the copy in the home). */
  source?: string;
  /** add: the folder the agent named, when it was one. */
  folder?: string;
  /** grant, enable: the plugin. */
  name?: string;
  /** grant: the capabilities. */
  caps?: string[];
}

/** Asks of one agent within ASK_WINDOW_MS at most (more are refused: no flood of questions). */
const MAX_ASKS = 3;
const ASK_WINDOW_MS = 60_000;
/** A folder bigger than this is no plugin an agent may offer (a plugin is some Lua and a manifest). */
const MAX_FILES = 500;
const MAX_BYTES = 4 * 1024 * 1024;
/** Folders within folders at most (a link back to a parent would go on for ever). */
const MAX_DEPTH = 12;

const askedDir = (home: string) => path.join(pluginsDir(home), '.asked');

export class PluginAsks {
  private readonly times = new Map<string, number[]>();
  private last = 0;

  constructor(
    private readonly home: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Agent `from` asks for `action`: the ask the user is shown, or throws why it is not asked
   * (a bad argument, too many asks). `cwd`: where the agent's relative folder is.
   */
  prepare(
    from: string,
    action: string,
    args: { source?: string; name?: string; caps?: string; cwd?: string },
  ): PluginAsk {
    const request = `p${++this.last}`;
    let ask: PluginAsk;
    if (action === 'add') {
      if (!args.source?.trim()) throw new Error('plugin add: give the source');
      ask = { request, action, ...this.source(args.source.trim(), args.cwd ?? this.home) };
    } else if (action === 'grant' || action === 'enable') {
      const name = args.name?.trim();
      if (!name) throw new Error(`plugin ${action}: give the plugin's name`);
      const entry = readLock(this.home).plugins[name];
      if (!entry) throw new Error(`no plugin named ${name} (botster-tui plugin ls)`);
      if (action === 'enable') {
        if (entry.enabled) throw new Error(`${name} is enabled already`);
        ask = { request, action, name };
      } else {
        const caps = (args.caps ?? '').split(/[\s,]+/).filter(Boolean);
        const bad = caps.find((c) => !isCapability(c) || !entry.wants.includes(c));
        if (!caps.length) throw new Error('plugin grant: name the capabilities');
        if (bad) throw new Error(`${name} does not ask for ${bad}`);
        const missing = caps.filter((c) => !entry.granted.includes(c as never));
        if (!missing.length) throw new Error(`${name} has ${caps.join(', ')} already`);
        ask = { request, action, name, caps: missing };
      }
    } else throw new Error(`plugin: an agent asks only to add, grant or enable (not ${action})`);
    this.count(from);
    return ask;
  }

  private count(from: string): void {
    const now = this.now();
    const recent = (this.times.get(from) ?? []).filter((t) => now - t < ASK_WINDOW_MS);
    if (recent.length >= MAX_ASKS)
      throw new Error(
        `agent ${from} asked for plugins ${recent.length} times within a minute: ask again later`,
      );
    recent.push(now);
    this.times.set(from, recent);
  }

  /** A folder is copied into the home now (see the top); any other source is fetched when the user looks. */
  private source(text: string, cwd: string): { source: string; folder?: string } {
    const src = parseSource(text, cwd, 'agent');
    if (src.kind !== 'folder') return { source: text };
    this.sweep();
    const into = path.join(askedDir(this.home), crypto.randomBytes(6).toString('hex'));
    try {
      copyFolder(src.location, into);
    } catch (err) {
      fs.rmSync(into, { recursive: true, force: true });
      throw err;
    }
    return { source: into, folder: src.location };
  }

  /** Copies no plugin added from them: older than a day, they go. */
  private sweep(): void {
    let names: string[];
    try {
      names = fs.readdirSync(askedDir(this.home));
    } catch {
      return;
    }
    const used = new Set(Object.values(readLock(this.home).plugins).map((e) => e.source));
    for (const n of names) {
      const dir = path.join(askedDir(this.home), n);
      try {
        if (!used.has(dir) && this.now() - fs.statSync(dir).mtimeMs > 86_400_000)
          fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
    }
  }
}

/**
 * Copies a plugin's folder, links inside it followed (their content, not where they point), .git
 * left out. A link out of the folder is refused: the hub reads as you, so it would copy what the
 * agent that offered the folder cannot read itself (a link to ~/.ssh/id_rsa from a box).
 */
export function copyFolder(from: string, into: string): void {
  const root = fs.realpathSync(from);
  const inside = (p: string) => p === root || p.startsWith(root + path.sep);
  let files = 0;
  let bytes = 0;
  const walk = (src: string, dst: string, depth = 0): void => {
    if (depth > MAX_DEPTH)
      throw new Error(
        `${from} has folders more than ${MAX_DEPTH} deep (a link to a parent?): nothing was asked`,
      );
    fs.mkdirSync(dst, { recursive: true });
    for (const name of fs.readdirSync(src)) {
      if (name === '.git') continue;
      const s = path.join(src, name);
      if (fs.lstatSync(s).isSymbolicLink()) {
        let to: string;
        try {
          to = fs.realpathSync(s);
        } catch {
          continue; // (a link to nothing: nothing to copy)
        }
        if (!inside(to)) throw new Error(`${s} is a link out of the folder (to ${to}): nothing was asked`);
      }
      const st = fs.statSync(s);
      if (st.isDirectory()) walk(s, path.join(dst, name), depth + 1);
      else if (st.isFile()) {
        files++;
        bytes += st.size;
        if (files > MAX_FILES || bytes > MAX_BYTES)
          throw new Error(
            `${from} is too big for a plugin (over ${MAX_FILES} files or ${MAX_BYTES >> 20} MB): nothing was asked`,
          );
        fs.copyFileSync(s, path.join(dst, name));
      }
    }
  };
  if (!fs.statSync(from).isDirectory()) throw new Error(`${from} is not a folder`);
  walk(from, into);
}
