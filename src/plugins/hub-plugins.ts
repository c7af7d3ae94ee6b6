// The palette's plugin.* commands, carried out in the hub: the same operations as `botster-tui
// plugin` (install.ts), with the grant given by the dialog the user answered (lua/default/plugins.lua)
// instead of a terminal's question. What changed reaches the configuration through the watcher.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { capabilityText, type Capability } from './capabilities.js';
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
import type { PluginFacts } from './plugin-facts.js';
import { parseSource } from './sources.js';
import { PluginAsks } from './plugin-asks.js';

export interface HubPluginsDeps {
  home: string;
  check: PluginIo['check'];
  notify(text: string, level?: 'info' | 'error'): void;
  /** self.plugins changed. */
  report(facts: PluginFacts[]): void;
}

export class HubPlugins {
  /** Fetched and shown, waiting for the user's grant (one at a time: a new fetch drops the last). */
  private readonly waiting = new Map<string, Fetched>();
  /** What agents ask for (plugin-asks.ts): questions to the user, never done by their word. */
  readonly asks: PluginAsks;

  constructor(private readonly deps: HubPluginsDeps) {
    this.asks = new PluginAsks(deps.home);
  }

  /** What the plugin at `source` is and asks for (the dialog shows it), or why it could not be fetched. */
  async fetch(source: string, cwd: string): Promise<Record<string, unknown>> {
    this.dispose();
    let f: Fetched;
    try {
      f = await fetchPlugin(this.deps.home, source, cwd);
    } catch (err) {
      return { error: (err as Error).message };
    }
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

  /** Installs a fetched plugin with what the user granted in the dialog. */
  async add(token: string, grant: string[]): Promise<void> {
    const f = this.waiting.get(token);
    if (!f) return this.deps.notify('plugin.add: that plugin is no longer waiting (fetch it again)');
    this.waiting.delete(token);
    try {
      const e = await installFetched(this.deps.home, f, this.io(grant));
      this.deps.notify(
        `plugin ${e.name} ${pinText(e)} added${e.granted.length ? `, granted ${e.granted.join(', ')}` : ''}`,
        'info',
      );
    } catch (err) {
      this.deps.notify(`plugin.add: ${(err as Error).message}`);
    }
  }

  async update(name: string): Promise<void> {
    try {
      this.deps.notify(await updatePlugin(this.deps.home, name, undefined, this.io([])), 'info');
    } catch (err) {
      this.deps.notify(`plugin.update: ${(err as Error).message}`);
    }
  }

  remove(name: string): void {
    try {
      this.deps.notify(removePlugin(this.deps.home, name), 'info');
    } catch (err) {
      this.deps.notify(`plugin.remove: ${(err as Error).message}`);
    }
  }

  enable(name: string, on: boolean): void {
    try {
      changeEntry(this.deps.home, name, (e) => ({ ...e, enabled: on }));
      this.deps.notify(`plugin ${name} ${on ? 'enabled' : 'disabled'}`, 'info');
    } catch (err) {
      this.deps.notify(`plugin.${on ? 'enable' : 'disable'}: ${(err as Error).message}`);
    }
  }

  /** Grants a plugin more of what it asks for (the palette's dialog took the word typed). */
  grant(name: string, caps: string[]): void {
    try {
      const e = changeEntry(this.deps.home, name, (x) => {
        const extra = caps.filter((c) => !x.wants.includes(c as Capability));
        if (extra.length) throw new Error(`${name} does not ask for ${extra.join(', ')}`);
        return { ...x, granted: [...new Set([...x.granted, ...(caps as Capability[])])] };
      });
      this.deps.notify(`plugin ${name}: granted ${e.granted.join(', ') || 'nothing'}`, 'info');
    } catch (err) {
      this.deps.notify(`plugin.grant: ${(err as Error).message}`);
    }
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
