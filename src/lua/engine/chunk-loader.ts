// Loads source text as a Lua chunk and undoes Lua's shortening of long chunk names in error
// positions. A chunk compiled before (this thread, or a previous start's disk cache) loads from the
// bytecode Lua made of the same name and text (chunk-cache.ts); no other bytecode is ever loaded.

import { LUA_ERRMEM, LUA_OK, T_STRING, type LuaMemory, type LuaState, type Ptr } from './lua-api.js';
import { LuaScriptError } from './lua-errors.js';
import { chunkCache } from './chunk-cache.js';

// Chunk names are cut to LUA_IDSIZE (60) bytes including '@' and NUL in Lua's messages.
const LUA_IDSIZE_SRC = 59;

export class ChunkLoader {
  /** Chunk names loaded so far, to undo Lua's "..." shortening of long names in messages. */
  private readonly longNames = new Set<string>();

  constructor(private readonly mem: LuaMemory) {}

  /** Pushes the compiled chunk; a syntax error becomes a LuaScriptError. */
  load(L: LuaState, source: string, chunkName: string): void {
    const raw = this.mem.raw;
    if (chunkName.startsWith('@') && Buffer.byteLength(chunkName) > LUA_IDSIZE_SRC)
      this.longNames.add(chunkName.slice(1));
    const key = chunkCache.key(source, chunkName);
    const code = chunkCache.get(key);
    if (code) {
      if (this.loadBuffer(L, code, chunkName, 'b') === LUA_OK) return;
      raw._lua_settop(L, -2);
      chunkCache.drop(key);
    }
    const status = this.loadBuffer(L, source, chunkName, 't');
    if (status === LUA_OK) {
      const dumped = this.dump(L);
      if (dumped) chunkCache.set(key, dumped);
      return;
    }
    const message = raw._lua_type(L, -1) === T_STRING ? this.mem.readString(L, -1) : 'cannot load chunk';
    raw._lua_settop(L, -2);
    throw new LuaScriptError(this.fullNames(message), status === LUA_ERRMEM ? 'memory' : 'syntax');
  }

  private loadBuffer(L: LuaState, chunk: string | Uint8Array, chunkName: string, mode: string): number {
    const raw = this.mem.raw;
    const [buf, len] = this.mem.allocBytes(chunk);
    const name = this.mem.allocString(chunkName);
    try {
      return raw._luaL_loadbufferx(L, buf, len, name, this.mem.cstring(mode));
    } finally {
      raw._free(buf);
      raw._free(name);
    }
  }

  /** The bytecode of the function on top of the stack, debug information kept; null if Lua fails. */
  private dump(L: LuaState): Uint8Array | null {
    const w = writerFor(this.mem);
    w.size = 0;
    if (this.mem.raw._lua_dump(L, w.ptr, 0, 0) !== 0) return null;
    return w.buf.slice(0, w.size);
  }

  /**
   * Lua shortens chunk names longer than LUA_IDSIZE to "...<tail>" in positions. Put back the full
   * name when exactly one loaded chunk ends with that tail (only the leading position is touched).
   */
  fullNames(message: string): string {
    if (!message.startsWith('...') || this.longNames.size === 0) return message;
    const m = /^\.\.\.(.*?):(\d+): /.exec(message);
    if (!m) return message;
    const matches = [...this.longNames].filter((n) => n.endsWith(m[1]));
    return matches.length === 1 ? matches[0] + message.slice(3 + m[1].length) : message;
  }
}

/** lua_dump's writer for a wasm module (one per thread, kept): what Lua writes, in one buffer. */
interface Writer {
  ptr: Ptr;
  buf: Uint8Array;
  size: number;
}
const writers = new WeakMap<LuaMemory, Writer>();

function writerFor(mem: LuaMemory): Writer {
  let w = writers.get(mem);
  if (!w) {
    const writer: Writer = { ptr: 0, buf: new Uint8Array(64 * 1024), size: 0 };
    // Lua writes a chunk a few bytes at a time: copy them without a view or an array each.
    writer.ptr = mem.raw.addFunction((_L: number, p: number, n: number) => {
      if (writer.size + n > writer.buf.length) {
        const bigger = new Uint8Array(Math.max(writer.buf.length * 2, writer.size + n));
        bigger.set(writer.buf.subarray(0, writer.size));
        writer.buf = bigger;
      }
      const heap = mem.heap.HEAPU8;
      const buf = writer.buf;
      const at = writer.size;
      if (n > 32) buf.set(heap.subarray(p, p + n), at);
      else for (let i = 0; i < n; i++) buf[at + i] = heap[p + i];
      writer.size = at + n;
      return 0;
    }, 'iiiii');
    writers.set(mem, (w = writer));
  }
  return w;
}
