// A bare lua_State with a memory-bounded allocator. (wasmoon's LuaGlobal does the same, but its
// allocator calls the asserting emscripten wrappers; this one is on the path of every allocation.)
// The allocator is wasm (wasm-alloc.ts) when the module's raw exports are at hand, else JavaScript.

import type { LuaState, Ptr, RawLua } from './lua-api.js';
import type { WasmAllocator } from './wasm-alloc.js';

export class BoundedLuaState {
  readonly L: LuaState;
  private used = 0;
  private readonly allocPtr: Ptr;
  /** With the wasm allocator: this state's [used, limit] words in Lua's memory. */
  private readonly counts: Ptr = 0;
  private closed = false;

  constructor(
    private readonly raw: RawLua,
    private readonly limit: number,
    private readonly wasmAlloc: WasmAllocator | null = null,
  ) {
    if (wasmAlloc) {
      this.allocPtr = wasmAlloc.fn;
      this.counts = raw._malloc(8);
      if (!this.counts) throw new Error('could not create a Lua state (out of memory)');
      const words = new Int32Array(wasmAlloc.memory.buffer, this.counts, 2);
      words[0] = 0;
      words[1] = Math.min(limit, 0x7fffffff);
      this.L = raw._lua_newstate(this.allocPtr, this.counts);
      if (!this.L) {
        raw._free(this.counts);
        throw new Error('could not create a Lua state (out of memory)');
      }
      return;
    }
    const { _realloc: realloc, _free: free } = raw;
    this.allocPtr = raw.addFunction((_ud: number, ptr: number, osize: number, nsize: number): number => {
      if (nsize === 0) {
        if (ptr) {
          this.used -= osize;
          free(ptr);
        }
        return 0;
      }
      // For a new block (ptr == NULL) osize is the object's type tag, not a size.
      const delta = ptr ? nsize - osize : nsize;
      if (delta > 0 && this.used + delta > this.limit) return 0; // Lua collects and retries, then raises "not enough memory"
      const p = realloc(ptr, nsize);
      if (p) this.used += delta;
      return p;
    }, 'iiiii');
    this.L = raw._lua_newstate(this.allocPtr, 0);
    if (!this.L) {
      raw.removeFunction(this.allocPtr);
      throw new Error('could not create a Lua state (out of memory)');
    }
  }

  get memoryUsed(): number {
    if (this.wasmAlloc)
      return this.closed ? 0 : new Int32Array(this.wasmAlloc.memory.buffer, this.counts, 1)[0];
    return this.used;
  }

  /** lua_close runs pending finalizers; callers must keep their C functions alive until this returns. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.raw._lua_close(this.L);
    } finally {
      // The wasm allocator is shared by every state of the module; only this state's words go.
      if (this.wasmAlloc) this.raw._free(this.counts);
      else this.raw.removeFunction(this.allocPtr);
    }
  }
}
