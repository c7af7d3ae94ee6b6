// A wasmoon Lua state made safe to call from the host: protected runs with a CPU deadline
// (protected-exec.ts), bounded memory (lua-state.ts; its allocator is wasm, wasm-alloc.ts), values
// crossing as plain data (raw C-API walkers, no proxies).
// Not stoppable in-thread: long C calls (pattern matching) and, outside the sandbox, looping
// __gc finalizers. Run untrusted or hot-path code in a worker (see ../worker-rpc) for those.

import type { LuaWasm } from 'wasmoon';
import { BoundedLuaState } from './lua-state.js';
import { wasmAllocator } from './wasm-alloc.js';
import { loadLuaModule, rawExportsOf } from './wasm-module.js';
import {
  LUA_MULTRET,
  LUA_REGISTRYINDEX,
  T_FUNCTION,
  T_NIL,
  T_TABLE,
  typeName,
  memoryFor,
  type LuaMemory,
  type LuaState,
  type Ptr,
  type RawLua,
} from './lua-api.js';
import { LuaScriptError } from './lua-errors.js';
import { FunctionRefs, isLuaFunctionRef, type LuaFunctionRef } from './function-refs.js';
import { luaToJs, type FunctionMode, type LuaToJsHost } from './lua-to-js.js';
import { pushJs, type JsToLuaHost } from './js-to-lua.js';
import { SANDBOX_GLOBALS, SETUP_LUA } from './sandbox.js';
import { ChunkLoader } from './chunk-loader.js';
import { JsFunctions } from './js-functions.js';
import { ProtectedExec } from './protected-exec.js';
import { hasMetafield, pushPath, pushPathParent, pushPathValue } from './lua-paths.js';
import type { CallOptions, ConvertOptions, EngineOptions, RunOptions } from './engine-options.js';

export type { CallOptions, ConvertOptions, EngineOptions, RunOptions } from './engine-options.js';

const INTERNAL_BUDGET_MS = 1000;

export class LuaEngine {
  static async create(opts: EngineOptions = {}): Promise<LuaEngine> {
    const lua = await loadLuaModule();
    return new LuaEngine(lua, opts);
  }

  private readonly state: BoundedLuaState;
  private readonly mem: LuaMemory;
  private readonly raw: RawLua;
  private readonly L: LuaState;
  private readonly refs: FunctionRefs;
  /** What the converters need from us (kept off the public surface). */
  private readonly host: LuaToJsHost & JsToLuaHost;
  private readonly defaultBudgetMs: number;
  private readonly printFn: (text: string) => void;
  private readonly pointers: Ptr[] = [];
  private readonly chunks: ChunkLoader;
  private readonly jsFunctions: JsFunctions;
  private readonly exec: ProtectedExec;
  private collectSlot = 0;
  private needsCollect = false;
  private closed = false;
  private closeRequested = false;

  private constructor(lua: LuaWasm, opts: EngineOptions) {
    this.mem = memoryFor(lua);
    this.raw = this.mem.raw;
    this.defaultBudgetMs = opts.defaultBudgetMs ?? 100;
    this.printFn = opts.print ?? (() => {});
    this.state = new BoundedLuaState(
      this.raw,
      opts.memoryLimit ?? 64 * 1024 * 1024,
      wasmAllocator(rawExportsOf(lua), this.raw.addFunction),
    );
    this.L = this.state.L;
    this.refs = new FunctionRefs(this.raw);
    this.chunks = new ChunkLoader(this.mem);
    this.jsFunctions = new JsFunctions(
      this.mem,
      this.addPointer((L: number) => this.onJsFunction(L), 'ii'),
    );
    this.host = {
      mem: this.mem,
      refFunction: (L, idx) => this.refs.add(L, idx),
      pushFunctionRef: (L, ref) => this.pushFunctionRef(L, ref),
      pushJsFunction: (L, fn) => this.jsFunctions.push(L, fn),
    };
    this.exec = new ProtectedExec({
      mem: this.mem,
      L: this.L,
      addPointer: (fn, signature) => this.addPointer(fn, signature),
      fullNames: (message) => this.chunks.fullNames(message),
      afterOutermost: (failure) => this.afterOutermost(failure),
    });
    const gcPtr = this.addPointer((L: number) => this.onJsFunctionGc(L), 'ii');

    try {
      this.protect(INTERNAL_BUDGET_MS, (L) => {
        const raw = this.raw;
        raw._luaL_openlibs(L); // allocates: protected, like everything that can raise
        this.jsFunctions.createMetatable(L, gcPtr);
        this.chunks.load(L, SETUP_LUA, '=(engine setup)');
        pushJs(this.host, L, (text: unknown) => this.printFn(String(text)));
        raw._lua_pushboolean(L, opts.sandbox ? 1 : 0);
        pushJs(this.host, L, SANDBOX_GLOBALS);
        raw._lua_callk(L, 3, 1, 0, 0);
        this.collectSlot = raw._luaL_ref(L, LUA_REGISTRYINDEX);
      });
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** Loads `source` as chunk '@'+chunkName (errors read "chunkName:line: msg") and runs it (see `through`). */
  run(source: string, chunkName: string, opts: RunOptions = {}): unknown[] {
    return this.protect(opts.budgetMs, (L) => {
      const raw = this.raw;
      const base = raw._lua_gettop(L);
      if (!opts.through) {
        this.chunks.load(L, source, '@' + chunkName);
        if (opts.env) this.setChunkEnv(L, opts.env);
        raw._lua_callk(L, 0, LUA_MULTRET, 0, 0);
        return this.results(L, base + 1, opts.functions);
      }
      pushPath(this.mem, L, opts.through, 'call'); // [parent, fn]
      if (raw._lua_type(L, -1) !== T_FUNCTION)
        throw new LuaScriptError(`cannot call '${opts.through}': not a function`, 'runtime');
      const args = opts.args ?? [];
      if (!raw._lua_checkstack(L, args.length + 2)) throw new LuaScriptError('too many arguments', 'runtime');
      for (const arg of args) pushJs(this.host, L, arg);
      // Compiled here, so a syntax error reads exactly as from a plain run.
      this.chunks.load(L, source, '@' + chunkName);
      if (opts.env) this.setChunkEnv(L, opts.env);
      raw._lua_callk(L, args.length + 1, LUA_MULTRET, 0, 0);
      return this.results(L, base + 2, opts.functions);
    });
  }

  /** Calls a function by reference or by dotted global path ("App.render"); returns all results. */
  call(fn: LuaFunctionRef | string, args: unknown[] = [], opts: CallOptions = {}): unknown[] {
    if (typeof fn !== 'string' && opts.method) {
      throw new TypeError('LuaEngine.call: `method` needs a dotted path, not a function reference');
    }
    return this.protect(opts.budgetMs, (L) => {
      const raw = this.raw;
      const base = raw._lua_gettop(L);
      if (typeof fn === 'string') {
        pushPath(this.mem, L, fn, 'call'); // [parent, fn]
        const t = raw._lua_type(L, -1);
        if (t !== T_FUNCTION && !hasMetafield(this.mem, L, -1, '__call')) {
          throw new LuaScriptError(
            `cannot call '${fn}': it is ${t === T_NIL ? 'nil' : 'a ' + typeName(t)}`,
            'runtime',
          );
        }
        if (opts.method) raw._lua_pushvalue(L, base + 1);
      } else {
        raw._lua_pushnil(L); // keep the same layout: [nil, fn]
        this.pushFunctionRef(L, fn);
      }
      const fnIndex = base + 2;
      if (!raw._lua_checkstack(L, args.length + 2)) throw new LuaScriptError('too many arguments', 'runtime');
      for (const arg of args) pushJs(this.host, L, arg);
      const nargs = raw._lua_gettop(L) - fnIndex;
      raw._lua_callk(L, nargs, LUA_MULTRET, 0, 0);
      return this.results(L, fnIndex, opts.functions);
    });
  }

  /**
   * Sets a global by dotted path, creating missing tables ("ui.theme.fg"). Deep-copies `value`.
   * Raw: no __index/__newindex of the globals or of a table on the way runs.
   */
  setGlobal(path: string, value: unknown): void {
    this.protect(undefined, (L) => {
      const key = pushPathParent(this.mem, L, path);
      this.mem.pushString(L, key);
      pushJs(this.host, L, value);
      this.raw._lua_rawset(L, -3);
    });
  }

  /** Reads a global by dotted path as plain data; null when any part is missing. Raw, like setGlobal. */
  getGlobal(path: string, opts: ConvertOptions = {}): unknown {
    return this.protect(undefined, (L) => {
      if (!pushPathValue(this.mem, L, path)) return null;
      return luaToJs(this.host, L, this.raw._lua_gettop(L), opts.functions);
    });
  }

  /**
   * Runs `fn` from inside a JS function Lua called, its time not counted against the running call's
   * budget: for work held to a budget of its own (calls into another engine).
   */
  outside<T>(fn: () => T): T {
    return this.exec.outside(fn);
  }

  /** Frees a function handle received from this engine. Unknown or already released: no-op. */
  release(ref: LuaFunctionRef): void {
    if (this.closed || !isLuaFunctionRef(ref)) return;
    this.refs.release(this.exec.thread, ref);
  }

  /** Live function handles (handed out and not released): for leak checks. */
  functionRefCount(): number {
    return this.refs.size;
  }

  /** Bytes currently allocated by the Lua heap. */
  memoryUsed(): number {
    return this.closed ? 0 : this.state.memoryUsed;
  }

  get isClosed(): boolean {
    return this.closed || this.closeRequested;
  }

  /** Idempotent. Called from inside a JS function that Lua called, it takes effect when the outer call returns. */
  close(): void {
    if (this.closed) return;
    if (this.exec?.depth > 0) {
      this.closeRequested = true;
      return;
    }
    this.closed = true;
    this.exec?.reset();
    try {
      this.state.close(); // runs pending finalizers, which may still need our C functions
    } finally {
      for (const p of this.pointers) this.raw.removeFunction(p);
      this.pointers.length = 0;
      this.jsFunctions.clear();
    }
  }

  private protect<T>(budgetMs: number | undefined, body: (L: LuaState) => T): T {
    if (this.closed || this.closeRequested) throw new Error('LuaEngine is closed');
    return this.exec.run(budgetMs ?? this.defaultBudgetMs, body);
  }

  /** The chunk on top of the stack gets the table at `path` (read raw) as its globals (_ENV). */
  private setChunkEnv(L: LuaState, path: string): void {
    const chunk = this.raw._lua_gettop(L);
    if (!pushPathValue(this.mem, L, path) || this.raw._lua_type(L, -1) !== T_TABLE)
      throw new LuaScriptError(`cannot run a chunk in '${path}': not a table`, 'runtime');
    // A main chunk's one upvalue is its _ENV; lua_setupvalue pops the table.
    this.raw._lua_setupvalue(L, chunk, 1);
    this.raw._lua_settop(L, chunk); // the tables on the way
  }

  private afterOutermost(failure: Error | undefined): void {
    if (failure instanceof LuaScriptError && failure.kind === 'memory') this.needsCollect = true;
    if (this.closeRequested) {
      this.closeRequested = false;
      this.close();
      return;
    }
    if (this.needsCollect) {
      // The failed chunk's garbage is unreachable now; give it back so memoryUsed() reflects reality.
      this.needsCollect = false;
      try {
        this.protect(INTERNAL_BUDGET_MS, (L) => {
          this.raw._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.collectSlot));
          this.mem.pushString(L, 'collect');
          this.raw._lua_callk(L, 1, 0, 0, 0);
        });
      } catch {
        // best effort
      }
    }
  }

  private pushFunctionRef(L: LuaState, ref: LuaFunctionRef): void {
    if (!this.refs.push(L, ref))
      throw new Error(`Lua function reference ${ref.__luaFunction} is unknown or was released`);
  }

  private onJsFunction(L: LuaState): number {
    return this.exec.hostCall(L, () => {
      const fn = this.jsFunctions.current(L);
      if (!fn) throw new Error('JS function is no longer available');
      const n = this.raw._lua_gettop(L);
      const args = new Array<unknown>(n);
      for (let i = 0; i < n; i++) args[i] = luaToJs(this.host, L, i + 1);
      const result = fn(...args);
      if (isThenable(result))
        throw new Error('a JS function called from Lua returned a Promise; it must be synchronous');
      if (result === undefined) return 0;
      pushJs(this.host, L, result);
      return 1;
    });
  }

  private onJsFunctionGc(L: LuaState): number {
    try {
      this.jsFunctions.forget(L);
    } catch (e) {
      if (typeof e === 'number') throw e;
    }
    return 0;
  }

  private addPointer(fn: (L: number) => number | void, signature: string): Ptr {
    const p = this.raw.addFunction(fn, signature);
    this.pointers.push(p);
    return p;
  }

  private results(L: LuaState, from: number, functions: FunctionMode = 'ref'): unknown[] {
    const top = this.raw._lua_gettop(L);
    const out = new Array<unknown>(Math.max(0, top - from + 1));
    for (let i = from; i <= top; i++) out[i - from] = luaToJs(this.host, L, i, functions);
    return out;
  }
}

function isThenable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
