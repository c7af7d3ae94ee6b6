// Lua's memory-bounded allocator as a few instructions of WebAssembly beside Lua's module.
// Lua calls its allocator for every string, table and closure it makes; written in JavaScript,
// each call crossed from wasm to JS and back into wasm's realloc (a configuration's build made
// tens of thousands of them). This one imports Lua's own memory, realloc and free, so a call stays
// in wasm. Each state's count and limit live in Lua's memory at `ud` (its lua_newstate userdata):
// [used, limit], two i32 words.

import { wasm, type Exports } from './wasm-module.js';

const I32 = 0x7f;
const OP = {
  end: 0x0b,
  if: 0x04,
  void: 0x40,
  return: 0x0f,
  call: 0x10,
  select: 0x1b,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  load: 0x28,
  store: 0x36,
  const: 0x41,
  eqz: 0x45,
  gtS: 0x4a,
  add: 0x6a,
  sub: 0x6b,
} as const;
// Parameters 0-3 (ud, ptr, osize, nsize), then the locals delta and p.
const [UD, PTR, OSIZE, NSIZE, DELTA, P] = [0, 1, 2, 3, 4, 5];
const REALLOC = 0;
const FREE = 1;
const USED = [OP.load, 2, 0];
const LIMIT = [OP.load, 2, 4];

// The same rules as the JavaScript allocator it replaces (see lua-state.ts).
const BODY = [
  // nsize == 0: a free. For a new block (ptr == NULL) osize is a type tag, not a size.
  ...[OP.get, NSIZE, OP.eqz, OP.if, OP.void],
  ...[OP.get, PTR, OP.if, OP.void],
  ...[OP.get, UD, OP.get, UD, ...USED, OP.get, OSIZE, OP.sub, OP.store, 2, 0],
  ...[OP.get, PTR, OP.call, FREE],
  OP.end,
  ...[OP.const, 0, OP.return],
  OP.end,
  // delta = ptr ? nsize - osize : nsize
  ...[OP.get, NSIZE, OP.get, OSIZE, OP.sub, OP.get, NSIZE, OP.get, PTR, OP.select, OP.set, DELTA],
  // Over the limit: NULL (Lua collects and retries, then raises "not enough memory").
  ...[OP.get, DELTA, OP.const, 0, OP.gtS, OP.if, OP.void],
  ...[OP.get, UD, ...USED, OP.get, DELTA, OP.add, OP.get, UD, ...LIMIT, OP.gtS],
  ...[OP.if, OP.void, OP.const, 0, OP.return, OP.end],
  OP.end,
  ...[OP.get, PTR, OP.get, NSIZE, OP.call, REALLOC, OP.tee, P, OP.if, OP.void],
  ...[OP.get, UD, OP.get, UD, ...USED, OP.get, DELTA, OP.add, OP.store, 2, 0],
  OP.end,
  ...[OP.get, P, OP.end],
];

const text = (s: string) => [s.length, ...Buffer.from(s, 'latin1')];
const section = (id: number, items: number[][]) => {
  const body = [items.length, ...items.flat()];
  return [id, ...leb(body.length), ...body];
};
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** The module's bytes (exported for the test that reads them back). */
export function allocatorModule(): Uint8Array {
  const body = [1, 2, I32, ...BODY]; // one run of locals: 2 x i32
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [
      [0x60, 2, I32, I32, 1, I32], // realloc(ptr, size) -> ptr
      [0x60, 1, I32, 0], // free(ptr)
      [0x60, 4, I32, I32, I32, I32, 1, I32], // alloc(ud, ptr, osize, nsize) -> ptr
    ]),
    ...section(2, [
      [...text('e'), ...text('memory'), 0x02, 0x00, 0x00],
      [...text('e'), ...text('realloc'), 0x00, 0],
      [...text('e'), ...text('free'), 0x00, 1],
    ]),
    ...section(3, [[2]]),
    ...section(7, [[...text('alloc'), 0x00, 2]]),
    ...section(10, [[...leb(body.length), ...body]]),
  ]);
}

export interface WasmAllocator {
  /** The allocator, as a lua_Alloc function pointer (in Lua's function table). */
  readonly fn: number;
  /** Lua's memory, for the [used, limit] words. */
  readonly memory: { buffer: ArrayBuffer };
}

const made = new WeakMap<Exports, WasmAllocator | null>();

/**
 * The allocator for the Lua module whose raw exports these are, made once per module; null when
 * they are not the raw wasm exports (then lua-state.ts keeps its JavaScript allocator).
 */
export function wasmAllocator(
  exports: Exports | undefined,
  addFunction: (fn: never, signature: string) => number,
): WasmAllocator | null {
  if (!exports) return null;
  const known = made.get(exports);
  if (known !== undefined) return known;
  let result: WasmAllocator | null = null;
  const { memory, realloc, free } = exports;
  if (memory instanceof wasm.Memory && isWasmFunction(realloc) && isWasmFunction(free)) {
    try {
      const instance = new wasm.Instance(new wasm.Module(allocatorModule()), {
        e: { memory, realloc, free },
      });
      const fn = addFunction(instance.exports.alloc as never, 'iiiii');
      result = { fn, memory };
    } catch {
      result = null;
    }
  }
  made.set(exports, result);
  return result;
}

/** An exported wasm function (its name is its index), not an emscripten JavaScript wrapper. */
function isWasmFunction(f: unknown): f is (...args: number[]) => number {
  return typeof f === 'function' && /^\d+$/.test(f.name);
}
