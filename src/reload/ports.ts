// What the reload room needs from the rest of the hub, as narrow ports the composition root fills.
import type { CliInfo } from '../agents/cli-info.js';
import type { MemoryTrim } from '../agents/memory-trim.js';
import type { HubRunner } from '../commands/hub-run.js';
import type { RequestContext } from '../commands/ports.js';
import type { CommandRegistry } from '../commands/registry.js';
import type { EventBridge } from '../effects/hub-events.js';
import type { Store } from '../hub/store.js';
import type { LuaHost } from '../worker/lua-host.js';
import type { AppData, ConfigExport } from '../lua/runtime/config-file.js';
import type { StatusDetector } from '../status/status-detector.js';
import type { WidgetNode } from '../tree/types.js';
import type { ConfigSources } from './config-files.js';
import type { HubProjects } from './hub-projects.js';
import type { HubMachines } from '../remote/hub-machines.js';

/** The frames as a configuration changes them (its trial render's tree, what to draw again). */
export interface ConfigFrame {
  readonly lastGoodTree: WidgetNode | null;
  /** Every frame draws again: Lua's tree too when `tree`. */
  invalidate(tree: boolean): void;
  /** The tree the configuration's trial render made. */
  acceptTree(tree: WidgetNode): void;
}

/** What the configuration needs: where its files are, Lua, and the parts a configuration feeds. */
export interface ConfigDeps {
  sources: ConfigSources;
  /** The projects (.botster/) agents started in: their files join the configuration. */
  projects: Pick<HubProjects, 'forConfig'>;
  store: Store;
  lua: Pick<LuaHost, 'configure' | 'pieces'>;
  appData(): AppData;
  frame: ConfigFrame;
  /** A frame is asked for (urgent: not held back by the frame cap). */
  requestFrame(urgent: boolean): void;
  /** Evaluating a configuration counts as work for the memory trim (like agent output). */
  memoryTrim: Pick<MemoryTrim, 'note'>;
  events: Pick<EventBridge, 'emit' | 'configured'>;
  /** The keymap a configuration brings (the input controller). */
  keymap: { load(exp: ConfigExport): void; modes(): string[] };
  status: Pick<StatusDetector, 'pokeAll'>;
  /** settings.machines: the links to other machines' hubs follow it. */
  machines: Pick<HubMachines, 'configure'>;
  commands: Pick<CommandRegistry<RequestContext>, 'retain' | 'register'>;
  runner: Pick<HubRunner, 'luaCommand'>;
  /** The agent CLIs a configuration defines (their packages, their shims). */
  clis: { configure(clis: readonly CliInfo[]): void };
  /** A file dropped into improvements/ goes through the same review as a push. */
  pushImprovement(req: {
    name: string;
    source: string;
    agent_id: string | null;
  }): Promise<Record<string, unknown>>;
  /** The home's plugins: self.plugins read again at each load, settings.plugins compared with the lock. */
  plugins: { refresh(): void; declared(list: readonly string[]): void };
  notify(text: string, level?: 'info' | 'error'): void;
  log(level: string, message: string): void;
  disposed(): boolean;
}
