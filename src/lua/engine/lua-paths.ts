// Dotted global paths ("ui.theme.fg") read and written with the C API. A path to call (pushPath)
// is indexed as Lua would (only raw metafield lookups decide whether a value is indexable, so no
// Lua code runs before the actual index); a global set or read (pushPathParent, pushPathValue) is
// raw: the host's own globals stay the host's whatever metatables Lua code gave the tables.

import {
  LUA_REGISTRYINDEX,
  LUA_RIDX_GLOBALS,
  T_NIL,
  T_TABLE,
  typeName,
  type LuaMemory,
  type LuaState,
} from './lua-api.js';
import { LuaScriptError } from './lua-errors.js';

export function splitPath(path: string): string[] {
  const parts = path.split('.');
  if (path === '' || parts.some((p) => p === '')) throw new TypeError(`invalid global path '${path}'`);
  return parts;
}

export function pushGlobalsTable(mem: LuaMemory, L: LuaState): void {
  mem.raw._lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
}

/** luaL_getmetafield uses rawget: no Lua code runs. */
export function hasMetafield(mem: LuaMemory, L: LuaState, idx: number, name: string): boolean {
  const t = mem.raw._luaL_getmetafield(L, idx, mem.cstring(name));
  if (t === T_NIL) return false;
  mem.raw._lua_settop(L, -2);
  return true;
}

/** Leaves [parent, value] for a dotted path (the parent of a plain name is the globals table). */
export function pushPath(mem: LuaMemory, L: LuaState, path: string, what: string): void {
  const raw = mem.raw;
  const parts = splitPath(path);
  raw._lua_pushnil(L);
  pushGlobalsTable(mem, L); // invariant: [parent, current]
  for (let i = 0; i < parts.length; i++) {
    const t = raw._lua_type(L, -1);
    if (t !== T_TABLE && !hasMetafield(mem, L, -1, '__index')) {
      const prefix = parts.slice(0, i).join('.');
      throw new LuaScriptError(
        `cannot ${what} '${path}': '${prefix}' is ${t === T_NIL ? 'nil' : 'a ' + typeName(t)}`,
        'runtime',
      );
    }
    mem.pushString(L, parts[i]);
    raw._lua_gettable(L, -2); // [parent, current, value]
    raw._lua_copy(L, -2, -3);
    raw._lua_copy(L, -1, -2);
    raw._lua_settop(L, -2); // [current, value]
  }
}

/**
 * Pushes the table that holds the last part of `path`, creating missing tables; returns that part.
 * Raw: no metamethod of the tables on the way runs (Lua code cannot intercept or refuse it).
 */
export function pushPathParent(mem: LuaMemory, L: LuaState, path: string): string {
  const raw = mem.raw;
  const parts = splitPath(path);
  pushGlobalsTable(mem, L);
  for (let i = 0; i < parts.length - 1; i++) {
    mem.pushString(L, parts[i]);
    const t = raw._lua_rawget(L, -2);
    if (t === T_NIL) {
      raw._lua_settop(L, -2);
      raw._lua_createtable(L, 0, 0);
      mem.pushString(L, parts[i]);
      raw._lua_pushvalue(L, -2);
      raw._lua_rawset(L, -4); // parent[part] = new table; leaves [parent, new]
    } else if (t !== T_TABLE) {
      throw new LuaScriptError(
        `cannot set '${path}': '${parts.slice(0, i + 1).join('.')}' is a ${typeName(t)}`,
        'runtime',
      );
    }
    raw._lua_copy(L, -1, -2);
    raw._lua_settop(L, -2);
  }
  return parts[parts.length - 1];
}

/**
 * Pushes the value at `path`, or returns false (nothing pushed beyond scratch) when a part is
 * missing or not a table. Raw, like pushPathParent.
 */
export function pushPathValue(mem: LuaMemory, L: LuaState, path: string): boolean {
  const raw = mem.raw;
  const parts = splitPath(path);
  if (!raw._lua_checkstack(L, parts.length + 4)) throw new LuaScriptError('stack overflow', 'runtime');
  pushGlobalsTable(mem, L);
  for (const part of parts) {
    if (raw._lua_type(L, -1) !== T_TABLE) return false;
    mem.pushString(L, part);
    raw._lua_rawget(L, -2);
  }
  return true;
}
