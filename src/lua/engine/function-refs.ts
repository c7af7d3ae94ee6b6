// Lua functions handed to JS are kept alive in the Lua registry under a handle id.
// The handle is plain data ({ __luaFunction: id }) so it survives structured cloning (e.g. a tree
// posted from a worker and a call request posted back). Ids are never reused, so a stale handle
// is detected instead of calling whatever function later took its registry slot.
// Every conversion hands out a fresh handle: release each one you received, or it lives until close.

import { LUA_REGISTRYINDEX, type LuaState, type RawLua } from './lua-api.js';

export interface LuaFunctionRef {
  readonly __luaFunction: number;
}

export function isLuaFunctionRef(v: unknown): v is LuaFunctionRef {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { __luaFunction?: unknown }).__luaFunction === 'number'
  );
}

export class FunctionRefs {
  private nextId = 1;
  private readonly slots = new Map<number, number>(); // handle id -> registry slot

  constructor(private readonly raw: RawLua) {}

  /** Registers the function at `idx`. May raise a Lua memory error: protected mode only. */
  add(L: LuaState, idx: number): LuaFunctionRef {
    this.raw._lua_pushvalue(L, idx);
    const slot = this.raw._luaL_ref(L, LUA_REGISTRYINDEX);
    const id = this.nextId++;
    this.slots.set(id, slot);
    return { __luaFunction: id };
  }

  /** Pushes the referenced function; false if the handle is unknown or released. */
  push(L: LuaState, ref: LuaFunctionRef): boolean {
    const slot = this.slots.get(ref.__luaFunction);
    if (slot === undefined) return false;
    this.raw._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(slot));
    return true;
  }

  /** Frees the registry slot. luaL_unref only overwrites existing registry entries, so it cannot raise. */
  release(L: LuaState, ref: LuaFunctionRef): void {
    const slot = this.slots.get(ref.__luaFunction);
    if (slot === undefined) return;
    this.slots.delete(ref.__luaFunction);
    this.raw._luaL_unref(L, LUA_REGISTRYINDEX, slot);
  }

  get size(): number {
    return this.slots.size;
  }
}
