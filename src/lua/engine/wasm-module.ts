// The wasmoon wasm module, loaded once per thread (first engine ~16 ms, later ones ~2 ms).
// wasmoon's debug-built emscripten glue wraps every export in an asserting `apply` shim (~35 ns a
// call); the raw wasm exports cost ~4 ns. The glue does not expose them, so we catch the instance
// while it is created and verify it is the module's (same memory) before using it.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LuaFactory, type LuaWasm } from 'wasmoon';

// Minimal typings: the project's lib settings do not include the WebAssembly namespace.
export type Exports = Record<string, unknown>;
interface Instance {
  exports: Exports;
}
interface WasmApi {
  instantiate: (...args: unknown[]) => Promise<unknown>;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Exports>) => Instance;
  Memory: new (...args: never[]) => { buffer: ArrayBuffer };
}
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let modulePromise: Promise<LuaWasm> | undefined;
const rawExports = new WeakMap<LuaWasm, Exports>();

export function loadLuaModule(): Promise<LuaWasm> {
  if (!modulePromise) {
    modulePromise = instantiate();
    modulePromise.catch(() => {
      modulePromise = undefined;
    });
  }
  return modulePromise;
}

/** Which Lua this is ("wasmoon-VERSION"): another build's bytecode may not load in it. Null: unknown. */
export function luaBuild(): string | null {
  try {
    const main = createRequire(import.meta.url).resolve('wasmoon');
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(main), '../package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? `wasmoon-${pkg.version}` : null;
  } catch {
    return null;
  }
}

/** The module's raw wasm exports, when they could be captured. */
export function rawExportsOf(lua: LuaWasm): Exports | undefined {
  return rawExports.get(lua);
}

async function instantiate(): Promise<LuaWasm> {
  const original = wasm.instantiate;
  const seen: Instance[] = [];
  const spy = function (this: unknown, ...args: unknown[]): Promise<unknown> {
    return original.apply(this, args).then((r) => {
      const instance = r instanceof wasm.Instance ? r : (r as { instance?: Instance }).instance;
      if (instance) seen.push(instance);
      return r;
    });
  };
  wasm.instantiate = spy;
  let lua: LuaWasm;
  try {
    lua = await new LuaFactory().getLuaModule();
  } finally {
    if (wasm.instantiate === spy) wasm.instantiate = original;
  }
  const buffer = lua.module.HEAPU8.buffer;
  const mine = seen.find(
    (i) =>
      (i.exports.memory as { buffer?: unknown } | undefined)?.buffer === buffer &&
      typeof i.exports.lua_next === 'function',
  );
  if (mine) rawExports.set(lua, mine.exports);
  return lua;
}
