import { describe, expect, test } from 'vitest';
import { LuaEngine } from '../../../src/lua/engine/index.js';
import { memoryFor } from '../../../src/lua/engine/lua-api.js';
import { BoundedLuaState } from '../../../src/lua/engine/lua-state.js';
import { allocatorModule, wasmAllocator } from '../../../src/lua/engine/wasm-alloc.js';
import { loadLuaModule, rawExportsOf } from '../../../src/lua/engine/wasm-module.js';

const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

async function states(limit: number) {
  const lua = await loadLuaModule();
  const raw = memoryFor(lua).raw;
  const alloc = wasmAllocator(rawExportsOf(lua), raw.addFunction);
  return { raw, alloc, js: new BoundedLuaState(raw, limit), wasm: new BoundedLuaState(raw, limit, alloc) };
}

describe('the wasm allocator', () => {
  test('its module is valid WebAssembly', () => {
    expect(wasm.validate(allocatorModule())).toBe(true);
  });

  test('is made once per Lua module, from its raw exports', async () => {
    const lua = await loadLuaModule();
    const raw = memoryFor(lua).raw;
    const a = wasmAllocator(rawExportsOf(lua), raw.addFunction);
    expect(a).not.toBeNull();
    expect(wasmAllocator(rawExportsOf(lua), raw.addFunction)).toBe(a);
    expect(wasmAllocator(undefined, raw.addFunction)).toBeNull();
    // Emscripten's JavaScript wrappers are not wasm functions: the JavaScript allocator stays.
    expect(wasmAllocator({ memory: {}, realloc: () => 0, free: () => {} }, raw.addFunction)).toBeNull();
  });

  test('counts every block as the JavaScript allocator does, through growth and frees', async () => {
    const { raw, js, wasm: w } = await states(64 * 1024 * 1024);
    const seen: Record<string, number[]> = { js: [], wasm: [] };
    const work = (L: number, s: BoundedLuaState, into: number[]) => {
      raw._lua_createtable(L, 5000, 300);
      for (let i = 1; i <= 8000; i++) {
        raw._lua_pushinteger(L, BigInt(i * 7));
        raw._lua_rawseti(L, -2, BigInt(i)); // past 5000: the array part grows (realloc)
      }
      into.push(s.memoryUsed);
      raw._lua_settop(L, 0);
      // Garbage: Lua's collector frees these as it allocates the next ones (the free path).
      const text = raw._malloc(64);
      for (let i = 0; i < 20000; i++) {
        raw._lua_pushinteger(L, BigInt(i));
        raw._lua_pushlstring(L, text, 48 + (i % 16));
        raw._lua_settop(L, 0);
      }
      raw._free(text);
      into.push(s.memoryUsed);
    };
    expect(w.memoryUsed).toBe(js.memoryUsed);
    work(js.L, js, seen.js);
    work(w.L, w, seen.wasm);
    expect(seen.wasm).toEqual(seen.js);
    expect(seen.wasm[0]).toBeGreaterThan(8000 * 16);
    expect(seen.wasm[1]).toBeLessThan(seen.wasm[0]); // the table and the strings were collected
    js.close();
    w.close();
    expect(w.memoryUsed).toBe(0);
  });

  test('a block over the limit is refused and not counted; the state goes on', async () => {
    const e = await LuaEngine.create({ memoryLimit: 1024 * 1024 });
    const used = e.memoryUsed();
    expect(() => e.run('local s = ("x"):rep(2 * 1024 * 1024)', 'bomb.lua')).toThrow('not enough memory');
    expect(e.memoryUsed()).toBeLessThan(used + 64 * 1024);
    expect(e.run('return #("y"):rep(1000)', 'ok.lua')).toEqual([1000]);
    e.close();
  });
});
