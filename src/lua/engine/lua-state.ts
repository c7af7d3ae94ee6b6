// A bare lua_State with a memory-bounded allocator. (wasmoon's LuaGlobal does the same, but its
// allocator calls the asserting emscripten wrappers; this one is on the path of every allocation.)

import type { LuaState, Ptr, RawLua } from './lua-api.js';

export class BoundedLuaState {
  readonly L: LuaState;
  private used = 0;
  private readonly allocPtr: Ptr;
  private closed = false;

  constructor(
    private readonly raw: RawLua,
    private readonly limit: number,
  ) {
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
    return this.used;
  }

  /** lua_close runs pending finalizers; callers must keep their C functions alive until this returns. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.raw._lua_close(this.L);
    } finally {
      this.raw.removeFunction(this.allocPtr);
    }
  }
}
