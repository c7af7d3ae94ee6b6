// A plugin's Lua state is an improvement's sandbox (improvement-unit.ts) with what its user granted:
// in its world (unit-world.ts) the functions of a capability it was not granted raise an error that
// names the capability; `require` reads modules from its own folder, into its world; files.* read
// the disk only when `files` was granted. What its code asks the hub to do is checked again there
// (commands/apply-request.ts), whatever path the request took.
import type { LuaEngine, LuaFunctionRef } from '../engine/index.js';
import { CAPABILITY_NAMES, LUA_GATES, notGranted, type Capability } from '../../hub/capabilities.js';
import { HOST_FILES } from './host-files.js';
import { findModule } from './user-modules.js';

/** What a plugin's state is built with: its grants and its folder. */
export interface PluginGrant {
  granted: readonly string[];
  /** Its manifest's hosts (`net`) and commands (`run`). */
  hosts?: readonly string[];
  commands?: readonly string[];
  /** Its folder (real path) and how errors show it. */
  root: string;
  shown: string;
}

/** The core files a plugin's state loads besides an improvement's. */
export const PLUGIN_CORE = [
  'lua/core/pipelines.lua',
  'lua/core/pipelines_run.lua',
  'lua/core/pipelines_merge.lua',
  'lua/core/files.lua',
  'lua/core/web.lua',
];

/** Core functions of a plugin's state the host calls (taken before its code ran). */
export interface PluginEntries {
  pipeline_def: LuaFunctionRef;
  pipeline_call: LuaFunctionRef;
  /** The ids of the pipelines its code defined, in the order it defined them. */
  pipeline_ids: LuaFunctionRef;
}

const GATE_LUA = `
local world, denied, find, me = __botster.world, __botster.plugin_denied, __host_plugin_find, __botster.plugin_me
__botster.plugin_denied, __host_plugin_find, __botster.plugin_me = nil, nil, nil
-- plugin.name, plugin.granted("keys"): a plugin can do without what it was not granted.
local granted = {}
for _, c in ipairs(me.granted) do granted[c] = true end
world.plugin = { name = me.name, granted = function(cap) return granted[cap] == true end }
local ipairs, pairs, load, error, pcall, type, rawget, rawset = ipairs, pairs, load, error, pcall, type, rawget, rawset
for path, message in pairs(denied) do
  local tbl, key = path:match("^([%w_]+)%.([%w_]+)$")
  local t = rawget(world, tbl)
  if type(t) == "table" then
    rawset(t, key, function() error(message, 2) end)
  end
end
-- require: modules from the plugin's own folder, run with its globals.
local loaded, loading = {}, {}
world.package = { loaded = loaded }
world.require = function(name)
  local v = loaded[name]
  if v ~= nil then return v end
  if loading[name] then error(("require: module '%s' requires itself (a loop)"):format(tostring(name)), 2) end
  local found = find(name)
  if found.error then error(found.error, 2) end
  local chunk, err = load(found.source, "@" .. found.name, "t", world)
  if not chunk then error(err, 0) end
  loading[name] = true
  local ok, result = pcall(chunk, name, found.name)
  loading[name] = nil
  if not ok then error(result, 0) end
  if result == nil then result = true end
  loaded[name] = result
  return result, found.name
end
local since = __botster.pipelines_since
return {
  pipeline_def = __botster.pipeline_def,
  pipeline_call = __botster.pipeline_call,
  pipeline_ids = function() return since(0) end,
}
`;

/** Gates the sealed world of plugin `name` (see above); answers the entries the host calls. */
export function gatePlugin(
  engine: LuaEngine,
  name: string,
  grant: PluginGrant,
  budgetMs: number,
): PluginEntries {
  const plugin = name.replace(/^plugin:/, '');
  const denied: Record<string, string> = {};
  for (const cap of CAPABILITY_NAMES) {
    if (grant.granted.includes(cap)) continue;
    for (const fn of LUA_GATES[cap as Capability]) denied[fn] = notGranted(plugin, `${fn}()`, cap);
  }
  if (grant.granted.includes('files'))
    for (const [n, fn] of Object.entries(HOST_FILES)) engine.setGlobal(n, fn);
  engine.setGlobal('__botster.plugin_denied', denied);
  engine.setGlobal('__botster.plugin_me', { name: plugin, granted: [...grant.granted] });
  engine.setGlobal('__host_plugin_find', (mod: unknown) =>
    findModule({ dir: grant.root, shown: grant.shown }, mod),
  );
  const [entries] = engine.run(GATE_LUA, '=plugin', { budgetMs });
  const e = entries as Partial<PluginEntries> | null;
  if (!e?.pipeline_def || !e.pipeline_call || !e.pipeline_ids)
    throw new Error('the core Lua has no __botster.pipeline_def');
  return e as PluginEntries;
}
