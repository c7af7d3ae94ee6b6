// Where an error happened when Lua did not say: some errors ("C stack overflow", errors raised by
// C functions such as string.rep) carry no `file:line:`. Called from the pcall message handler,
// while the erroring frames still exist.

import type { LuaMemory, LuaState, Ptr } from './lua-api.js';

// Deep recursion puts the interesting frame near the top; further out is the host's own code.
const MAX_LEVELS = 40;
// sizeof(lua_Debug) on wasm32 is 108 (short_src[60] at 44, i_ci at 104); `name` is at offset 4.
const LUA_DEBUG_SIZE = 128;
const NAME_OFFSET = 4;

const debugRecords = new WeakMap<LuaMemory, Ptr>();

function debugRecord(mem: LuaMemory): Ptr {
  let ar = debugRecords.get(mem);
  if (ar === undefined) {
    ar = mem.raw._malloc(LUA_DEBUG_SIZE);
    debugRecords.set(mem, ar);
  }
  return ar;
}

/**
 * `error("msg", 0)` (and an error object) leave the position out on purpose; everything else that
 * has none lost it. True when the erroring call is a call of a function named `error`.
 */
function raisedByErrorCall(mem: LuaMemory, L: LuaState): boolean {
  const raw = mem.raw;
  const ar = debugRecord(mem);
  if (!ar || !raw._lua_getstack(L, 1, ar) || !raw._lua_getinfo(L, mem.cstring('n'), ar)) return false;
  const name = mem.heap.HEAPU32[(ar + NAME_OFFSET) >> 2];
  if (!name) return false;
  const heap = mem.heap.HEAPU8;
  let end = name;
  while (heap[end] !== 0 && end - name < 16) end++;
  return mem.decode(name, end - name) === 'error';
}

/** `chunk:line: ` of the innermost Lua function on the stack (skipping C frames), or undefined. */
export function innermostWhere(mem: LuaMemory, L: LuaState): string | undefined {
  const raw = mem.raw;
  if (raisedByErrorCall(mem, L) || !raw._lua_checkstack(L, 2)) return undefined;
  for (let level = 1; level <= MAX_LEVELS; level++) {
    raw._luaL_where(L, level); // "" for C functions and past the end of the stack
    const where = mem.readString(L, -1);
    raw._lua_settop(L, -2);
    if (where !== '') return where;
  }
  return undefined;
}
