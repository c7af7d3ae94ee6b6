// The palette's plugin.* commands, carried out in the hub: the same operations as `botster-tui
// plugin` (install.ts), with the grant given by the dialog the user answered (lua/default/plugins.lua)
// instead of a terminal's question. What changed reaches the configuration through the watcher.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { capabilityText, type Capability } from '../hub/capabilities.js';
import { cardText } from './card.js';
import { pluginCard } from './card-files.js';
import {
  changeEntry,
  discardFetched,
  fetchPlugin,
  installFetched,
  pinText,
  removePlugin,
  updatePlugin,
  type Fetched,
  type PluginIo,
} from './install.js';
import { livePath, readLock } from './lock.js';
import type { PluginFacts } from '../hub/plugin-facts.js';
import { parseSource } from './sources.js';
import { PluginAsks } from './plugin-asks.js';

export interface HubPluginsDeps {
  home: string;
  check: PluginIo['check'];
  notify(text: string, level?: 'info' | 'error'): void;
  /** self.plugins changed. */
  report(facts: PluginFacts[]): void;
}

/** A fetched plugin as the grant dialog shows it: what it is, what it asks for, and its token. */
export interface PluginShown {
  token: string;
  name: string;
  version: string;
  description: string;
  provides: string[];
  wants: Array<{ name: string; what: string }>;
  card: string[];
  installed: boolean;
}

export class HubPlugins {
  /** Fetched and shown, waiting for the user's grant (one at a time: a new fetch drops the last). */
  private readonly waiting = new Map<string, Fetched>();
  /** What agents ask for (plugin-asks.ts): questions to the user, never done by their word. */
  readonly asks: PluginAsks;

  constructor(private readonly deps: HubPluginsDeps) {
    this.asks = new PluginAsks(deps.home);
  }

  /**
   * The plugin.fetch verb: what the plugin at `source` is and asks for (the dialog shows it, and
   * plugin.add installs it by its token); throws why it could not be fetched.
   */
  async fetch(source: string, cwd: string): Promise<PluginShown> {
    this.dispose();
    const f = await fetchPlugin(this.deps.home, source, cwd);
    const token = crypto.randomBytes(8).toString('hex');
    this.waiting.set(token, f);
    const m = f.manifest;
    return {
      token,
      name: m.name,
      version: m.version,
      description: m.description,
      provides: m.provides,
      wants: m.capabilities.map((c) => ({ name: c, what: capabilityText(c, m) })),
      // What its code does, read from its files (card.ts): the same card as plugin info shows.
      card: cardText(pluginCard(f.dir, m)),
      installed: Boolean(readLock(this.deps.home).plugins[m.name]),
    };
  }

  /** The plugin.add verb: installs a fetched plugin with what the user granted in the dialog. */
  async add(token: string, grant: string[]): Promise<string> {
    const f = this.waiting.get(token);
    if (!f) throw new Error('that plugin is no longer waiting (fetch it again)');
    this.waiting.delete(token);
    const e = await installFetched(this.deps.home, f, this.io(grant));
    return this.said(
      `plugin ${e.name} ${pinText(e)} added${e.granted.length ? `, granted ${e.granted.join(', ')}` : ''}`,
    );
  }

  /** The plugin.update verb. */
  async update(name: string): Promise<string> {
    return this.said(await updatePlugin(this.deps.home, name, undefined, this.io([])));
  }

  /** The plugin.remove verb. */
  remove(name: string): string {
    return this.said(removePlugin(this.deps.home, name));
  }

  /** The plugin.enable and plugin.disable verbs. */
  enable(name: string, on: boolean): string {
    changeEntry(this.deps.home, name, (e) => ({ ...e, enabled: on }));
    return this.said(`plugin ${name} ${on ? 'enabled' : 'disabled'}`);
  }

  /** The plugin.grant verb: grants a plugin more of what it asks for (the palette's dialog took the word typed). */
  grant(name: string, caps: string[]): string {
    const e = changeEntry(this.deps.home, name, (x) => {
      const extra = caps.filter((c) => !x.wants.includes(c as Capability));
      if (extra.length) throw new Error(`${name} does not ask for ${extra.join(', ')}`);
      return { ...x, granted: [...new Set([...x.granted, ...(caps as Capability[])])] };
    });
    return this.said(`plugin ${name}: granted ${e.granted.join(', ') || 'nothing'}`);
  }

  /** Said on screen, and answered. */
  private said(text: string): string {
    this.deps.notify(text, 'info');
    return text;
  }

  /** Tells self.plugins what the lock says now (at each configuration load: the lock is watched). */
  refresh(): void {
    this.deps.report(this.facts());
  }

  private lastDeclared = '';

  /** A configuration went live: its settings.plugins are compared with the lock. */
  // (The hub's Configuration, read structurally: the core imports this folder, not the other way.)
  configured(config: { settings: { plugins?: unknown } }): void {
    const list = config.settings.plugins;
    this.declared(Array.isArray(list) ? (list as string[]) : []);
  }

  /**
   * settings.plugins: what is listed and not installed is told once per change of the list, with
   * the command that installs it (the hub never fetches by itself).
   */
  declared(list: readonly string[]): void {
    const installed = Object.values(readLock(this.deps.home).plugins).map((e) => e.source);
    const missing = list.filter((text) => {
      try {
        return !installed.includes(parseSource(text, this.deps.home).location);
      } catch {
        return true; // a folder that is not there
      }
    });
    const key = missing.join('\n');
    if (key === this.lastDeclared) return;
    this.lastDeclared = key;
    if (missing.length)
      this.deps.notify(
        `settings.plugins lists ${missing.join(', ')}, not installed: botster-tui plugin install adds ${missing.length > 1 ? 'them' : 'it'}`,
        'info',
      );
  }

  /** The lock's plugins as Lua sees them (self.plugins). */
  facts(): PluginFacts[] {
    let lock;
    try {
      lock = readLock(this.deps.home);
    } catch {
      return [];
    }
    return Object.values(lock.plugins).map((e) => ({
      name: e.name,
      version: e.version,
      pin: pinText(e),
      kind: e.kind,
      source: e.source,
      enabled: e.enabled,
      installed: fs.existsSync(livePath(this.deps.home, e.name)),
      wants: e.wants,
      granted: e.granted,
    }));
  }

  /** The grant is the dialog's answer; an update that asks for more is told to ask the user. */
  private io(grant: string[]): PluginIo {
    return {
      grant: async (m, asking, why) => {
        if (why === 'update')
          throw new Error(
            `${m.name} ${m.version} wants ${asking.join(', ')}, which you have not granted (botster-tui plugin update ${m.name} asks you)`,
          );
        return asking.filter((c) => grant.includes(c)) as Capability[];
      },
      // A card that grew is asked in a terminal, where the word is typed (card.ts).
      grown: async (m, grown) => {
        throw new Error(
          `${m.name} ${m.version} does more than the version you have: ${grown.join('; ')} (botster-tui plugin update ${m.name} asks you)`,
        );
      },
      check: this.deps.check,
    };
  }

  dispose(): void {
    for (const f of this.waiting.values()) discardFetched(f);
    this.waiting.clear();
  }
}
