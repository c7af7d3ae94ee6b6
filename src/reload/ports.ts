// What the reload room needs from the rest of the hub, as narrow ports the composition root fills.
// What a configuration brings reaches the parts as one fact (hub/configuration.ts), not through here.
import type { MemoryTrim } from '../agents/memory-trim.js';
import type { EventBridge } from '../effects/hub-events.js';
import type { Store } from '../hub/store.js';
import type { LuaHost } from '../worker/lua-host.js';
import type { AppData } from '../hub/self.js';
import type { ConfigSources } from './config-files.js';
import type { HubProjects } from './hub-projects.js';

/** What the configuration needs: where its files are, Lua, and the state its generation goes into. */
export interface ConfigDeps {
  sources: ConfigSources;
  /** The projects (.botster/) agents started in: their files join the configuration. */
  projects: Pick<HubProjects, 'forConfig'>;
  store: Store;
  lua: Pick<LuaHost, 'configure' | 'pieces'>;
  appData(): AppData;
  /** Evaluating a configuration counts as work for the memory trim (like agent output). */
  memoryTrim: Pick<MemoryTrim, 'note'>;
  events: Pick<EventBridge, 'emit'>;
  /** A file dropped into improvements/ goes through the same review as a push. */
  pushImprovement(req: {
    name: string;
    source: string;
    agent_id: string | null;
  }): Promise<Record<string, unknown>>;
  /** The home's plugins: self.plugins read again at each load. */
  plugins: { refresh(): void };
  /** Shows a notice; answers its id (notice_clear takes it off by that). */
  notify(text: string, level?: 'info' | 'error'): string;
  log(level: string, message: string): void;
  disposed(): boolean;
}
