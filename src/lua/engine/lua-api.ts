// Direct access to the Lua C API of wasmoon's wasm module.
// wasmoon's own `lua.*` wrappers go through emscripten `ccall` (string marshalling on every call)
// and its `module._lua_*` through asserting shims; we call the raw wasm exports with plain numbers
// (~4 ns a call) and move strings through wasm memory ourselves.

import type { LuaWasm } from 'wasmoon';
import { rawExportsOf } from './wasm-module.js';

export type LuaState = number;
export type Ptr = number;

/** The raw wasm exports we use. i64 parameters/results are BigInt (the module is built with WASM_BIGINT). */
export interface RawLua {
  _malloc(size: number): Ptr;
  _free(ptr: Ptr): void;
  _realloc(ptr: Ptr, size: number): Ptr;
  _lua_newstate(alloc: Ptr, ud: Ptr): LuaState;
  _lua_close(L: LuaState): void;
  addFunction(fn: (...args: number[]) => number | void, signature: string): Ptr;
  removeFunction(ptr: Ptr): void;

  _lua_absindex(L: LuaState, idx: number): number;
  _lua_gettop(L: LuaState): number;
  _lua_settop(L: LuaState, idx: number): void;
  _lua_pushvalue(L: LuaState, idx: number): void;
  _lua_copy(L: LuaState, from: number, to: number): void;
  _lua_checkstack(L: LuaState, n: number): number;
  _lua_type(L: LuaState, idx: number): number;
  _lua_typename(L: LuaState, t: number): Ptr;
  _lua_next(L: LuaState, idx: number): number;
  _lua_tolstring(L: LuaState, idx: number, lenPtr: Ptr): Ptr;
  _lua_tonumberx(L: LuaState, idx: number, isnum: Ptr): number;
  _lua_toboolean(L: LuaState, idx: number): number;
  _lua_topointer(L: LuaState, idx: number): Ptr;
  _lua_touserdata(L: LuaState, idx: number): Ptr;
  _lua_pushnil(L: LuaState): void;
  _lua_pushnumber(L: LuaState, n: number): void;
  _lua_pushinteger(L: LuaState, n: bigint): void;
  _lua_pushlstring(L: LuaState, s: Ptr, len: number): Ptr;
  _lua_pushboolean(L: LuaState, b: number): void;
  _lua_pushcclosure(L: LuaState, fn: Ptr, n: number): void;
  _lua_createtable(L: LuaState, narr: number, nrec: number): void;
  _lua_gettable(L: LuaState, idx: number): number;
  _lua_settable(L: LuaState, idx: number): void;
  _lua_rawget(L: LuaState, idx: number): number;
  _lua_rawset(L: LuaState, idx: number): void;
  _lua_rawseti(L: LuaState, idx: number, n: bigint): void;
  _lua_rawgeti(L: LuaState, idx: number, n: bigint): number;
  _lua_newuserdatauv(L: LuaState, size: number, nuv: number): Ptr;
  _lua_setmetatable(L: LuaState, idx: number): number;
  _lua_setupvalue(L: LuaState, funcindex: number, n: number): Ptr;
  _lua_callk(L: LuaState, nargs: number, nresults: number, ctx: number, k: Ptr): void;
  _lua_pcallk(L: LuaState, nargs: number, nresults: number, errfunc: number, ctx: number, k: Ptr): number;
  _lua_error(L: LuaState): number;
  _lua_sethook(L: LuaState, fn: Ptr, mask: number, count: number): void;
  _lua_gethookcount(L: LuaState): number;
  _lua_concat(L: LuaState, n: number): void;
  _lua_getstack(L: LuaState, level: number, ar: Ptr): number;
  _lua_getinfo(L: LuaState, what: Ptr, ar: Ptr): number;
  _luaL_ref(L: LuaState, t: number): number;
  _luaL_unref(L: LuaState, t: number, ref: number): void;
  _luaL_where(L: LuaState, level: number): void;
  _luaL_traceback(L: LuaState, L1: LuaState, msg: Ptr, level: number): void;
  _luaL_getmetafield(L: LuaState, idx: number, name: Ptr): number;
  _luaL_tolstring(L: LuaState, idx: number, lenPtr: Ptr): Ptr;
  _luaL_loadbufferx(L: LuaState, buf: Ptr, size: number, name: Ptr, mode: Ptr): number;
  _lua_dump(L: LuaState, writer: Ptr, data: Ptr, strip: number): number;
  _luaL_openlibs(L: LuaState): void;
}

export const LUA_OK = 0;
export const LUA_YIELD = 1;
export const LUA_ERRRUN = 2;
export const LUA_ERRSYNTAX = 3;
export const LUA_ERRMEM = 4;
export const LUA_ERRERR = 5;

export const LUA_MULTRET = -1;
export const LUA_REGISTRYINDEX = -1001000; // -LUAI_MAXSTACK - 1000
export const LUA_RIDX_GLOBALS = 2n;
export const LUA_MASKCOUNT = 8;

export const T_NONE = -1;
export const T_NIL = 0;
export const T_BOOLEAN = 1;
export const T_LIGHTUSERDATA = 2;
export const T_NUMBER = 3;
export const T_STRING = 4;
export const T_TABLE = 5;
export const T_FUNCTION = 6;
export const T_USERDATA = 7;
export const T_THREAD = 8;

export const TYPE_NAMES = [
  'nil',
  'boolean',
  'userdata',
  'number',
  'string',
  'table',
  'function',
  'userdata',
  'thread',
];

export function typeName(t: number): string {
  return TYPE_NAMES[t] ?? 'no value';
}

export function upvalueIndex(i: number): number {
  return LUA_REGISTRYINDEX - i;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Per-wasm-module helpers: a reusable scratch buffer for outgoing strings and a length slot. */
export class LuaMemory {
  readonly raw: RawLua;
  readonly heap: Heap;
  private readonly lenPtr: Ptr;
  private scratch: Ptr;
  private scratchSize: number;
  private readonly cstrings = new Map<string, Ptr>();

  constructor(lua: LuaWasm) {
    this.raw = buildRaw(lua);
    this.heap = new Heap(lua.module as unknown as ConstructorParameters<typeof Heap>[0]);
    this.lenPtr = this.malloc(8);
    this.scratchSize = 4096;
    this.scratch = this.malloc(this.scratchSize);
  }

  /** Reads the string at `idx` (must already be a string: lua_tolstring converts numbers in place). */
  readString(L: LuaState, idx: number): string {
    const raw = this.raw;
    const ptr = raw._lua_tolstring(L, idx, this.lenPtr);
    const len = this.heap.HEAPU32[this.lenPtr >> 2];
    return this.decode(ptr, len);
  }

  decode(ptr: Ptr, len: number): string {
    const heap = this.heap.HEAPU8;
    if (len < 48) {
      // Short ASCII strings are the common case (keys, widget names); skip TextDecoder's call overhead.
      let s = '';
      for (let i = 0; i < len; i++) {
        const c = heap[ptr + i];
        if (c > 127) return decoder.decode(heap.subarray(ptr, ptr + len));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return decoder.decode(heap.subarray(ptr, ptr + len));
  }

  /** Pushes a JS string as a Lua string (UTF-8). May raise a Lua memory error: protected mode only. */
  pushString(L: LuaState, s: string): void {
    const raw = this.raw;
    const n = s.length;
    if (n < 64) {
      let ascii = true;
      for (let i = 0; i < n; i++) {
        if (s.charCodeAt(i) > 127) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        const heap = this.heap.HEAPU8;
        const p = this.scratch;
        for (let i = 0; i < n; i++) heap[p + i] = s.charCodeAt(i);
        raw._lua_pushlstring(L, p, n);
        return;
      }
    }
    const max = n * 3;
    if (max > this.scratchSize) this.growScratch(max);
    const { written } = encoder.encodeInto(
      s,
      this.heap.HEAPU8.subarray(this.scratch, this.scratch + this.scratchSize),
    );
    raw._lua_pushlstring(L, this.scratch, written);
  }

  /** A NUL-terminated copy of a constant string, allocated once (for names like "@file", "t"). */
  cstring(s: string): Ptr {
    let p = this.cstrings.get(s);
    if (p === undefined) {
      p = this.allocString(s);
      this.cstrings.set(s, p);
    }
    return p;
  }

  /** A malloc'ed NUL-terminated UTF-8 copy; caller frees with `raw._free`. */
  allocString(s: string): Ptr {
    const bytes = encoder.encode(s);
    const p = this.malloc(bytes.length + 1);
    this.heap.HEAPU8.set(bytes, p);
    this.heap.HEAPU8[p + bytes.length] = 0;
    return p;
  }

  /** Bytes of `s` (UTF-8 when a string) in wasm memory: [ptr, length]; caller frees ptr. */
  allocBytes(s: string | Uint8Array): [Ptr, number] {
    const bytes = typeof s === 'string' ? encoder.encode(s) : s;
    const p = this.malloc(bytes.length + 1);
    this.heap.HEAPU8.set(bytes, p);
    return [p, bytes.length];
  }

  private malloc(size: number): Ptr {
    const p = this.raw._malloc(size);
    if (!p) throw new Error('out of wasm memory');
    return p;
  }

  private growScratch(min: number): void {
    let size = this.scratchSize;
    while (size < min) size *= 2;
    const p = this.malloc(size);
    this.raw._free(this.scratch);
    this.scratch = p;
    this.scratchSize = size;
  }
}

/** Heap views; growing wasm memory detaches the old buffer (length 0), then take the new ones. */
export class Heap {
  private u8: Uint8Array;
  private i32: Int32Array;
  private u32: Uint32Array;

  constructor(private readonly module: { HEAPU8: Uint8Array; HEAP32: Int32Array; HEAPU32: Uint32Array }) {
    this.u8 = module.HEAPU8;
    this.i32 = module.HEAP32;
    this.u32 = module.HEAPU32;
  }

  get HEAPU8(): Uint8Array {
    if (this.u8.length === 0) this.refresh();
    return this.u8;
  }

  get HEAP32(): Int32Array {
    if (this.i32.length === 0) this.refresh();
    return this.i32;
  }

  get HEAPU32(): Uint32Array {
    if (this.u32.length === 0) this.refresh();
    return this.u32;
  }

  private refresh(): void {
    this.u8 = this.module.HEAPU8;
    this.i32 = this.module.HEAP32;
    this.u32 = this.module.HEAPU32;
  }
}

/** Raw wasm exports when available, else the emscripten `_name` wrappers (same signatures). */
function buildRaw(lua: LuaWasm): RawLua {
  const module = lua.module as unknown as Record<string, unknown> & {
    HEAPU8: Uint8Array;
    HEAP32: Int32Array;
    HEAPU32: Uint32Array;
  };
  const exportsObj = rawExportsOf(lua);
  const pick = (key: string): unknown => {
    const direct = exportsObj?.[key.slice(1)];
    const fn = typeof direct === 'function' ? direct : module[key];
    if (typeof fn !== 'function') throw new Error(`wasmoon module lacks ${key}`);
    return fn;
  };
  // An object literal of plain functions keeps V8's fast property mode (built key by key, or with
  // accessors, it goes to dictionary mode and every call becomes a hash lookup).
  return {
    addFunction: module.addFunction as RawLua['addFunction'],
    removeFunction: module.removeFunction as RawLua['removeFunction'],
    _malloc: pick('_malloc') as RawLua['_malloc'],
    _free: pick('_free') as RawLua['_free'],
    _realloc: pick('_realloc') as RawLua['_realloc'],
    _lua_newstate: pick('_lua_newstate') as RawLua['_lua_newstate'],
    _lua_close: pick('_lua_close') as RawLua['_lua_close'],
    _lua_absindex: pick('_lua_absindex') as RawLua['_lua_absindex'],
    _lua_gettop: pick('_lua_gettop') as RawLua['_lua_gettop'],
    _lua_settop: pick('_lua_settop') as RawLua['_lua_settop'],
    _lua_pushvalue: pick('_lua_pushvalue') as RawLua['_lua_pushvalue'],
    _lua_copy: pick('_lua_copy') as RawLua['_lua_copy'],
    _lua_checkstack: pick('_lua_checkstack') as RawLua['_lua_checkstack'],
    _lua_type: pick('_lua_type') as RawLua['_lua_type'],
    _lua_typename: pick('_lua_typename') as RawLua['_lua_typename'],
    _lua_next: pick('_lua_next') as RawLua['_lua_next'],
    _lua_tolstring: pick('_lua_tolstring') as RawLua['_lua_tolstring'],
    _lua_tonumberx: pick('_lua_tonumberx') as RawLua['_lua_tonumberx'],
    _lua_toboolean: pick('_lua_toboolean') as RawLua['_lua_toboolean'],
    _lua_topointer: pick('_lua_topointer') as RawLua['_lua_topointer'],
    _lua_touserdata: pick('_lua_touserdata') as RawLua['_lua_touserdata'],
    _lua_pushnil: pick('_lua_pushnil') as RawLua['_lua_pushnil'],
    _lua_pushnumber: pick('_lua_pushnumber') as RawLua['_lua_pushnumber'],
    _lua_pushinteger: pick('_lua_pushinteger') as RawLua['_lua_pushinteger'],
    _lua_pushlstring: pick('_lua_pushlstring') as RawLua['_lua_pushlstring'],
    _lua_pushboolean: pick('_lua_pushboolean') as RawLua['_lua_pushboolean'],
    _lua_pushcclosure: pick('_lua_pushcclosure') as RawLua['_lua_pushcclosure'],
    _lua_createtable: pick('_lua_createtable') as RawLua['_lua_createtable'],
    _lua_gettable: pick('_lua_gettable') as RawLua['_lua_gettable'],
    _lua_settable: pick('_lua_settable') as RawLua['_lua_settable'],
    _lua_rawget: pick('_lua_rawget') as RawLua['_lua_rawget'],
    _lua_rawset: pick('_lua_rawset') as RawLua['_lua_rawset'],
    _lua_rawseti: pick('_lua_rawseti') as RawLua['_lua_rawseti'],
    _lua_rawgeti: pick('_lua_rawgeti') as RawLua['_lua_rawgeti'],
    _lua_newuserdatauv: pick('_lua_newuserdatauv') as RawLua['_lua_newuserdatauv'],
    _lua_setmetatable: pick('_lua_setmetatable') as RawLua['_lua_setmetatable'],
    _lua_setupvalue: pick('_lua_setupvalue') as RawLua['_lua_setupvalue'],
    _lua_callk: pick('_lua_callk') as RawLua['_lua_callk'],
    _lua_pcallk: pick('_lua_pcallk') as RawLua['_lua_pcallk'],
    _lua_error: pick('_lua_error') as RawLua['_lua_error'],
    _lua_sethook: pick('_lua_sethook') as RawLua['_lua_sethook'],
    _lua_gethookcount: pick('_lua_gethookcount') as RawLua['_lua_gethookcount'],
    _lua_concat: pick('_lua_concat') as RawLua['_lua_concat'],
    _lua_getstack: pick('_lua_getstack') as RawLua['_lua_getstack'],
    _lua_getinfo: pick('_lua_getinfo') as RawLua['_lua_getinfo'],
    _luaL_ref: pick('_luaL_ref') as RawLua['_luaL_ref'],
    _luaL_unref: pick('_luaL_unref') as RawLua['_luaL_unref'],
    _luaL_where: pick('_luaL_where') as RawLua['_luaL_where'],
    _luaL_traceback: pick('_luaL_traceback') as RawLua['_luaL_traceback'],
    _luaL_getmetafield: pick('_luaL_getmetafield') as RawLua['_luaL_getmetafield'],
    _luaL_tolstring: pick('_luaL_tolstring') as RawLua['_luaL_tolstring'],
    _luaL_loadbufferx: pick('_luaL_loadbufferx') as RawLua['_luaL_loadbufferx'],
    _lua_dump: pick('_lua_dump') as RawLua['_lua_dump'],
    _luaL_openlibs: pick('_luaL_openlibs') as RawLua['_luaL_openlibs'],
  };
}

const memories = new WeakMap<LuaWasm, LuaMemory>();

/** One LuaMemory per wasm module (all engines of a thread share the module). */
export function memoryFor(lua: LuaWasm): LuaMemory {
  let m = memories.get(lua);
  if (!m) {
    m = new LuaMemory(lua);
    memories.set(lua, m);
  }
  return m;
}
