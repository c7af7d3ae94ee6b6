// JS value -> Lua value (a deep copy; Lua never holds live JS objects).
// null/undefined -> nil; numbers -> integer when safe, else float; arrays -> sequences; other objects
// -> tables of their own enumerable keys; functions -> callable Lua functions; LuaFunctionRef -> the
// original Lua function.

import { type LuaMemory, type LuaState } from './lua-api.js';
import { isLuaFunctionRef, type LuaFunctionRef } from './function-refs.js';
import { MAX_DEPTH } from './lua-to-js.js';

export interface JsToLuaHost {
  readonly mem: LuaMemory;
  pushFunctionRef(L: LuaState, ref: LuaFunctionRef): void;
  pushJsFunction(L: LuaState, fn: (...args: unknown[]) => unknown): void;
}

/** Pushes exactly one value. May raise Lua memory errors: protected mode only. */
export function pushJs(host: JsToLuaHost, L: LuaState, value: unknown): void {
  push(host, L, value, 0, new Set());
}

function push(host: JsToLuaHost, L: LuaState, v: unknown, depth: number, path: Set<object>): void {
  const raw = host.mem.raw;
  switch (typeof v) {
    case 'undefined':
      raw._lua_pushnil(L);
      return;
    case 'boolean':
      raw._lua_pushboolean(L, v ? 1 : 0);
      return;
    case 'number':
      // Integers stay integers in Lua (string.format('%d'), integer keys, math.type).
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) raw._lua_pushinteger(L, BigInt(v));
      else raw._lua_pushnumber(L, v);
      return;
    case 'bigint':
      raw._lua_pushinteger(L, BigInt.asIntN(64, v));
      return;
    case 'string':
      host.mem.pushString(L, v);
      return;
    case 'function':
      host.pushJsFunction(L, v as (...args: unknown[]) => unknown);
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`cannot pass a JS ${typeof v} to Lua`);
  }
  if (v === null) {
    raw._lua_pushnil(L);
    return;
  }
  if (isLuaFunctionRef(v)) {
    host.pushFunctionRef(L, v);
    return;
  }
  if (depth >= MAX_DEPTH)
    throw new TypeError(`value nested deeper than ${MAX_DEPTH} levels cannot be passed to Lua`);
  if (path.has(v)) throw new TypeError('cannot pass a JS object that contains itself (cycle) to Lua');
  if (!raw._lua_checkstack(L, 4)) throw new TypeError('Lua stack overflow while passing a value');
  path.add(v);
  if (Array.isArray(v)) {
    const n = v.length;
    raw._lua_createtable(L, n, 0);
    for (let i = 0; i < n; i++) {
      const item: unknown = v[i];
      if (item === undefined || item === null) continue;
      push(host, L, item, depth + 1, path);
      raw._lua_rawseti(L, -2, BigInt(i + 1));
    }
  } else {
    const keys = Object.keys(v);
    raw._lua_createtable(L, 0, keys.length);
    for (const key of keys) {
      const item = (v as Record<string, unknown>)[key];
      if (item === undefined || item === null) continue;
      host.mem.pushString(L, key);
      push(host, L, item, depth + 1, path);
      raw._lua_rawset(L, -3);
    }
  }
  path.delete(v);
}
