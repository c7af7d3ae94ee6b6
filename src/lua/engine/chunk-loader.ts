// Loads source text as a Lua chunk (text only, never bytecode) and undoes Lua's shortening of long
// chunk names in error positions.

import { LUA_ERRMEM, LUA_OK, T_STRING, type LuaMemory, type LuaState } from './lua-api.js';
import { LuaScriptError } from './lua-errors.js';

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
    const [buf, len] = this.mem.allocBytes(source);
    const name = this.mem.allocString(chunkName);
    let status: number;
    try {
      status = raw._luaL_loadbufferx(L, buf, len, name, this.mem.cstring('t'));
    } finally {
      raw._free(buf);
      raw._free(name);
    }
    if (status !== LUA_OK) {
      const message = raw._lua_type(L, -1) === T_STRING ? this.mem.readString(L, -1) : 'cannot load chunk';
      raw._lua_settop(L, -2);
      throw new LuaScriptError(this.fullNames(message), status === LUA_ERRMEM ? 'memory' : 'syntax');
    }
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
