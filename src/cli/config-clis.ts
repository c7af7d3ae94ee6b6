import type { CliInfo } from '../agents/cli-info.js';
import { BUILTIN_COMMANDS } from '../commands/builtin-commands.js';
import type { LuaHost } from '../worker/lua-host.js';
import type { AppData } from '../hub/self.js';
import { readConfigFiles } from '../reload/config-files.js';

// The agent CLIs this home's configuration defines (shipped lua/default/clis/ and the user's), for
// a command that runs without a hub.

const NO_AGENTS: AppData = {
  agents: [],
  focused_id: null,
  selected: null,
  mode: 'insert',
  size: { width: 120, height: 40 },
  error: null,
};

async function configured(home: string, host: LuaHost) {
  host.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);
  try {
    await host.start();
    return (await host.configure(readConfigFiles({ home }), NO_AGENTS)).keymap;
  } finally {
    await host.dispose();
  }
}

export async function configuredClis(home: string, host: LuaHost): Promise<CliInfo[]> {
  return (await configured(home, host)).clis ?? [];
}

/** settings.plugins of this home's configuration (the sources it wants installed). */
export async function declaredPlugins(home: string, host: LuaHost): Promise<string[]> {
  const list = (await configured(home, host)).settings?.plugins;
  return Array.isArray(list) ? list : [];
}

/** The plugin indexes this home's Lua names (plugins.index, settings.plugin_indexes). */
export async function declaredIndexes(home: string, host: LuaHost): Promise<string[]> {
  const list = (await configured(home, host)).settings?.plugin_indexes;
  return Array.isArray(list) ? list : [];
}
