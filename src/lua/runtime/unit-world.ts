// Each improvement (and each untrusted project file) lives in a world of its own: its Lua state is
// its own (its globals, the string metatable, every table in it are nobody else's), and inside that
// state its code gets globals of its own too, apart from the core Lua the state loaded for it. What
// it replaces, removes or gives a metatable (_G, keys.bind, hooks.on, string.rep, __botster...)
// changes what its own code sees, never what the core functions the host calls see.
//
// `seal` runs once the core Lua is loaded and before the improvement's own code: it builds that
// world (copies of the API tables and libraries, with copies of their metatables; `_G` is the world
// itself; `load` defaults to it; getmetatable("") shows a stand-in) and hands back the core
// functions the host calls, captured as function handles (registry references) before any code of
// the improvement ran. The host calls those handles, never a path through globals.
import type { LuaEngine, LuaFunctionRef } from '../engine/index.js';

/** Where the improvement's globals live in its state (reached by the host only, read raw). */
export const WORLD = '__botster.world';

/** The core functions the host calls in a unit, and their global paths in a trusted state. */
export const ENTRY_PATHS = {
  export: '__botster.export',
  pieces_export: '__botster.pieces_export',
  handlers_for: '__botster.handlers_for',
  set_hook_app: '__botster.set_hook_app',
  call_hook: '__botster.call_hook',
  overrun: '__botster.overrun',
  hooks_off: 'hooks.off',
  subscribed: '__botster.subscribed',
  invoke: '__botster.invoke',
  run_command: '__botster.run_command',
  resolve_dialog: '__botster.resolve_dialog',
  run_due: '__botster.run_due',
  set_piece_app: '__botster.set_piece_app',
  run_piece: '__botster.run_piece',
  adapter_count: '__botster.adapter_count',
  detect_status: '__botster.detect_status',
  adapters_for: '__botster.adapters_for',
  detect_with: '__botster.detect_with',
} as const;

export type Entry = keyof typeof ENTRY_PATHS;

/** A sealed unit's entry points: handles taken before its code ran, plus its state.get tables. */
export type Entries = Record<Entry | 'namespaces', LuaFunctionRef>;

const SEAL = `
local G, B = _G, __botster
local next, type, getmetatable, setmetatable, select, load = next, type, getmetatable, setmetatable, select, load
local sub = string.sub

-- A table and its metatable copied key by key (raw: no metamethod of theirs runs).
local function copy(t)
  local c = {}
  for k, v in next, t do c[k] = v end
  local mt = getmetatable(t)
  if type(mt) == "table" then
    local m = {}
    for k, v in next, mt do m[k] = v end
    setmetatable(c, m)
  end
  return c
end

local world = {}
for k, v in next, G do
  if type(k) ~= "string" or (k ~= "_G" and k ~= "__botster" and sub(k, 1, 7) ~= "__host_") then
    world[k] = type(v) == "table" and copy(v) or v
  end
end
world._G = world
-- Chunks it loads get its globals unless it hands them others.
world.load = function(chunk, name, mode, ...)
  if select("#", ...) > 0 then return load(chunk, name, mode, (...)) end
  return load(chunk, name, mode, world)
end

-- Strings' methods stay the core's (what it adds to its string table works as a method too);
-- getmetatable("") shows a stand-in, so changing it changes nothing.
setmetatable(G.string, { __index = world.string })
getmetatable("").__metatable = { __index = world.string }

B.world = world
return {
${Object.entries(ENTRY_PATHS)
  .map(([name, path]) => `  ${name} = G.${path},`)
  .join('\n')}
  namespaces = function() return B.namespaces end,
}
`;

/** Builds the unit's world (see above); returns its entry points. Trusted code: run before the unit's own. */
export function seal(engine: LuaEngine, budgetMs: number): Entries {
  const [entries] = engine.run(SEAL, '=seal', { budgetMs });
  const e = entries as Partial<Entries> | null;
  for (const name of [...Object.keys(ENTRY_PATHS), 'namespaces'] as Array<keyof Entries>)
    if (!e?.[name]) throw new Error(`the core Lua has no ${ENTRY_PATHS[name as Entry] ?? name}`);
  return e as Entries;
}
