// JS functions handed to Lua: each becomes a C closure whose upvalue is a 4-byte userdata holding
// an id; the userdata's __gc forgets the id, so a JS function lives exactly as long as its closure.

import { LUA_REGISTRYINDEX, upvalueIndex, type LuaMemory, type LuaState, type Ptr } from './lua-api.js';

export type JsFunction = (...args: unknown[]) => unknown;

export class JsFunctions {
  private readonly byId = new Map<number, JsFunction>();
  private nextId = 1;
  /** Registry slot of the userdata metatable (set once the state exists). */
  metatableSlot = 0;

  constructor(
    private readonly mem: LuaMemory,
    /** The C trampoline every JS function closure calls. */
    private readonly trampoline: Ptr,
  ) {}

  /** Creates the userdata metatable (`__gc` -> gcPtr) and keeps it in the registry. Needs a protected call. */
  createMetatable(L: LuaState, gcPtr: Ptr): void {
    const raw = this.mem.raw;
    raw._lua_createtable(L, 0, 2);
    this.mem.pushString(L, '__gc');
    raw._lua_pushcclosure(L, gcPtr, 0);
    raw._lua_rawset(L, -3);
    this.mem.pushString(L, '__metatable');
    raw._lua_pushboolean(L, 0);
    raw._lua_rawset(L, -3);
    this.metatableSlot = raw._luaL_ref(L, LUA_REGISTRYINDEX);
  }

  push(L: LuaState, fn: JsFunction): void {
    const raw = this.mem.raw;
    const ud = raw._lua_newuserdatauv(L, 4, 0);
    const id = this.nextId++;
    this.mem.heap.HEAP32[ud >> 2] = id;
    this.byId.set(id, fn);
    raw._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.metatableSlot));
    raw._lua_setmetatable(L, -2);
    raw._lua_pushcclosure(L, this.trampoline, 1);
  }

  /** The JS function of the running closure (inside the trampoline). */
  current(L: LuaState): JsFunction | undefined {
    const ud = this.mem.raw._lua_touserdata(L, upvalueIndex(1));
    return ud ? this.byId.get(this.mem.heap.HEAP32[ud >> 2]) : undefined;
  }

  /** __gc of the userdata at index 1. */
  forget(L: LuaState): void {
    const ud = this.mem.raw._lua_touserdata(L, 1);
    if (ud) this.byId.delete(this.mem.heap.HEAP32[ud >> 2]);
  }

  clear(): void {
    this.byId.clear();
  }
}
