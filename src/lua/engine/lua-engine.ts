// A wasmoon Lua state made safe to call from the host:
// - every entry point runs inside lua_pcall (an unprotected Lua error would abort the whole wasm
//   module, killing every engine of the thread), through one C trampoline that runs a JS body;
// - every run/call has a CPU deadline enforced by a count hook that cannot be escaped with
//   pcall/coroutines (once late it fires on every instruction of whatever thread runs);
// - memory is bounded through wasmoon's tracing allocator;
// - values cross as plain data (raw C-API walker, no proxies).
// Not stoppable in-thread: long C calls (pattern matching) and, outside the sandbox, looping
// __gc finalizers. Run untrusted or hot-path code in a worker (see ../worker-rpc) for those.

import type { LuaWasm } from 'wasmoon';
import { BoundedLuaState } from './lua-state.js';
import { loadLuaModule } from './wasm-module.js';
import {
  LUA_ERRMEM,
  LUA_ERRSYNTAX,
  LUA_MASKCOUNT,
  LUA_MULTRET,
  LUA_OK,
  LUA_REGISTRYINDEX,
  LUA_RIDX_GLOBALS,
  T_FUNCTION,
  T_NIL,
  T_NUMBER,
  T_STRING,
  T_TABLE,
  memoryFor,
  typeName,
  upvalueIndex,
  type LuaMemory,
  type LuaState,
  type Ptr,
  type RawLua,
} from './lua-api.js';
import { LuaScriptError, parsePosition, type LuaErrorKind } from './lua-errors.js';
import { innermostWhere } from './where.js';
import { FunctionRefs, isLuaFunctionRef, type LuaFunctionRef } from './function-refs.js';
import { luaToJs, type FunctionMode, type LuaToJsHost } from './lua-to-js.js';
import { pushJs, type JsToLuaHost } from './js-to-lua.js';
import { SANDBOX_GLOBALS, SETUP_LUA } from './sandbox.js';

export interface EngineOptions {
  /** Bytes of Lua heap; allocations beyond fail with a 'memory' error. Default 64 MiB. */
  memoryLimit?: number;
  /** Restrict globals for untrusted code (see sandbox.ts). Default false. */
  sandbox?: boolean;
  /** CPU budget of a run/call when none is given. Default 100 ms. */
  defaultBudgetMs?: number;
  /** Receives Lua `print` output (tab-joined, no newline). Default: discarded. */
  print?: (text: string) => void;
}

export interface ConvertOptions {
  /** How Lua functions in results come back: 'ref' (default) handles to release, or 'null'. */
  functions?: FunctionMode;
}

export interface RunOptions extends ConvertOptions {
  budgetMs?: number;
}

export interface CallOptions extends ConvertOptions {
  budgetMs?: number;
  /** Pass the table holding the function as first argument (`obj:method(...)`); paths only. */
  method?: boolean;
}

type JsFunction = (...args: unknown[]) => unknown;

interface Deadline {
  at: number;
  budgetMs: number;
  /** Set by the hook when it fires late: the timeout message (names the running file:line). */
  hit?: string;
}

interface Frame {
  body: (L: LuaState) => unknown;
  result?: unknown;
  jsError?: { error: unknown };
  traceback?: string;
  /** `file:line: ` of the innermost Lua code, for errors raised without a position (C stack overflow). */
  where?: string;
}

const HOOK_COUNT = 1000;
// Chunk names are cut to LUA_IDSIZE (60) bytes including '@' and NUL in Lua's messages.
const LUA_IDSIZE_SRC = 59;
// lua_State layout (Lua 5.4, wasm32): GCObject *next (4) | tt (1) | marked (1) | status (1) | allowhook (1).
// Lua clears allowhook while a hook runs and does not restore it when the hook raises, so an
// xpcall message handler would then run with hooks off (unstoppable). We set it back before
// raising; the layout is verified at start-up (tt byte == LUA_VTHREAD) and inside the first hook.
const TT_OFFSET = 4;
const LUA_VTHREAD = 8;
const ALLOWHOOK_OFFSET = 7;

const JSFN_METATABLE = 'botster.jsfunction';
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
  private readonly jsFunctions = new Map<number, JsFunction>();
  private nextJsFunctionId = 1;
  private readonly pointers: Ptr[] = [];
  private readonly hookPtr: Ptr;
  private readonly entryPtr: Ptr;
  private readonly handlerPtr: Ptr;
  private readonly jsFunctionPtr: Ptr;
  private jsFnMetatableSlot = 0;
  private collectSlot = 0;

  private patchAllowHook: boolean;
  private allowHookChecked = false;
  private deadline: Deadline | undefined;
  private readonly frames: Frame[] = [];
  /** Thread currently inside a JS function called from Lua: nested calls run on it. */
  private currentL: LuaState | undefined;
  /** A timeout/memory error that crossed a JS function boundary as a plain Lua error. */
  private crossed: { message: string; kind: LuaErrorKind } | undefined;
  private needsCollect = false;
  /** Chunk names loaded so far, to undo Lua's "..." shortening of long names in messages. */
  private readonly chunkNames = new Set<string>();
  private closed = false;
  private closeRequested = false;

  private constructor(lua: LuaWasm, opts: EngineOptions) {
    this.mem = memoryFor(lua);
    this.raw = this.mem.raw;
    this.defaultBudgetMs = opts.defaultBudgetMs ?? 100;
    this.printFn = opts.print ?? (() => {});
    this.state = new BoundedLuaState(this.raw, opts.memoryLimit ?? 64 * 1024 * 1024);
    this.L = this.state.L;
    this.refs = new FunctionRefs(this.raw);
    this.host = {
      mem: this.mem,
      refFunction: (L, idx) => this.refs.add(L, idx),
      pushFunctionRef: (L, ref) => this.pushFunctionRef(L, ref),
      pushJsFunction: (L, fn) => this.pushJsFunction(L, fn),
    };
    const raw = this.raw;
    this.patchAllowHook = this.mem.heap.HEAPU8[this.L + TT_OFFSET] === LUA_VTHREAD && this.mem.heap.HEAPU8[this.L + ALLOWHOOK_OFFSET] === 1;

    this.hookPtr = this.addPointer((L: number) => this.onHook(L), 'vii');
    this.entryPtr = this.addPointer((L: number) => this.onEntry(L), 'ii');
    this.handlerPtr = this.addPointer((L: number) => this.onErrorHandler(L), 'ii');
    this.jsFunctionPtr = this.addPointer((L: number) => this.onJsFunction(L), 'ii');
    const gcPtr = this.addPointer((L: number) => this.onJsFunctionGc(L), 'ii');

    try {
      raw._lua_sethook(this.L, this.hookPtr, LUA_MASKCOUNT, HOOK_COUNT); // new threads inherit it
      this.exec(INTERNAL_BUDGET_MS, (L) => {
        raw._luaL_openlibs(L); // allocates: protected, like everything that can raise
        // Metatable of the userdata that ties a JS function's lifetime to its Lua closure.
        raw._lua_createtable(L, 0, 2);
        this.mem.pushString(L, '__gc');
        raw._lua_pushcclosure(L, gcPtr, 0);
        raw._lua_rawset(L, -3);
        this.mem.pushString(L, '__metatable');
        raw._lua_pushboolean(L, 0);
        raw._lua_rawset(L, -3);
        this.jsFnMetatableSlot = raw._luaL_ref(L, LUA_REGISTRYINDEX);

        this.load(L, SETUP_LUA, '=(engine setup)');
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

  /** Loads `source` as chunk '@'+chunkName (errors read "chunkName:line: msg") and runs it. */
  run(source: string, chunkName: string, opts: RunOptions = {}): unknown[] {
    return this.exec(opts.budgetMs, (L) => {
      const base = this.raw._lua_gettop(L);
      this.load(L, source, '@' + chunkName);
      this.raw._lua_callk(L, 0, LUA_MULTRET, 0, 0);
      return this.results(L, base + 1, opts.functions);
    });
  }

  /** Calls a function by reference or by dotted global path ("App.render"); returns all results. */
  call(fn: LuaFunctionRef | string, args: unknown[] = [], opts: CallOptions = {}): unknown[] {
    if (typeof fn !== 'string' && opts.method) {
      throw new TypeError('LuaEngine.call: `method` needs a dotted path, not a function reference');
    }
    return this.exec(opts.budgetMs, (L) => {
      const raw = this.raw;
      const base = raw._lua_gettop(L);
      if (typeof fn === 'string') {
        this.pushPath(L, fn, 'call'); // [parent, fn]
        const t = raw._lua_type(L, -1);
        if (t !== T_FUNCTION && !this.hasMetafield(L, -1, '__call')) {
          throw new LuaScriptError(`cannot call '${fn}': it is ${t === T_NIL ? 'nil' : 'a ' + typeName(t)}`, 'runtime');
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

  /** Sets a global by dotted path, creating missing tables ("ui.theme.fg"). Deep-copies `value`. */
  setGlobal(path: string, value: unknown): void {
    this.exec(undefined, (L) => {
      const raw = this.raw;
      const parts = splitPath(path);
      this.pushGlobalsTable(L);
      for (let i = 0; i < parts.length - 1; i++) {
        this.mem.pushString(L, parts[i]);
        const t = raw._lua_gettable(L, -2);
        if (t === T_NIL) {
          raw._lua_settop(L, -2);
          raw._lua_createtable(L, 0, 0);
          this.mem.pushString(L, parts[i]);
          raw._lua_pushvalue(L, -2);
          raw._lua_settable(L, -4); // parent[part] = new table; leaves [parent, new]
        } else if (t !== T_TABLE) {
          throw new LuaScriptError(`cannot set '${path}': '${parts.slice(0, i + 1).join('.')}' is a ${typeName(t)}`, 'runtime');
        }
        raw._lua_copy(L, -1, -2);
        raw._lua_settop(L, -2);
      }
      this.mem.pushString(L, parts[parts.length - 1]);
      pushJs(this.host, L, value);
      raw._lua_settable(L, -3);
    });
  }

  /** Reads a global by dotted path as plain data; null when any part is missing. */
  getGlobal(path: string, opts: ConvertOptions = {}): unknown {
    return this.exec(undefined, (L) => {
      const raw = this.raw;
      const parts = splitPath(path);
      if (!raw._lua_checkstack(L, parts.length + 4)) throw new LuaScriptError('stack overflow', 'runtime');
      this.pushGlobalsTable(L);
      for (const part of parts) {
        const t = raw._lua_type(L, -1);
        if (t !== T_TABLE && !this.hasMetafield(L, -1, '__index')) return null;
        this.mem.pushString(L, part);
        raw._lua_gettable(L, -2);
      }
      return luaToJs(this.host, L, raw._lua_gettop(L), opts.functions);
    });
  }

  /** Frees a function handle received from this engine. Unknown or already released: no-op. */
  release(ref: LuaFunctionRef): void {
    if (this.closed || !isLuaFunctionRef(ref)) return;
    this.refs.release(this.currentL ?? this.L, ref);
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
    if (this.frames.length > 0) {
      this.closeRequested = true;
      return;
    }
    this.closed = true;
    this.deadline = undefined;
    try {
      this.state.close(); // runs pending finalizers, which may still need our C functions
    } finally {
      for (const p of this.pointers) this.raw.removeFunction(p);
      this.pointers.length = 0;
      this.jsFunctions.clear();
    }
  }

  // ---- conversion host ----

  private pushFunctionRef(L: LuaState, ref: LuaFunctionRef): void {
    if (!this.refs.push(L, ref)) throw new Error(`Lua function reference ${ref.__luaFunction} is unknown or was released`);
  }

  /** A JS function becomes a C closure whose upvalue is a userdata holding its id; the userdata's __gc forgets the id. */
  private pushJsFunction(L: LuaState, fn: JsFunction): void {
    const raw = this.raw;
    const ud = raw._lua_newuserdatauv(L, 4, 0);
    const id = this.nextJsFunctionId++;
    this.mem.heap.HEAP32[ud >> 2] = id;
    this.jsFunctions.set(id, fn);
    raw._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.jsFnMetatableSlot));
    raw._lua_setmetatable(L, -2);
    raw._lua_pushcclosure(L, this.jsFunctionPtr, 1);
  }

  // ---- protected execution ----

  /**
   * Runs `body` inside lua_pcall on the current thread (the main thread, or the thread that called
   * the JS function we are nested in) with a deadline. Lua errors in `body` become LuaScriptError;
   * JS errors thrown by `body` are rethrown unchanged.
   */
  private exec<T>(budgetMs: number | undefined, body: (L: LuaState) => T): T {
    if (this.closed || this.closeRequested) throw new Error('LuaEngine is closed');
    const raw = this.raw;
    const L = this.currentL ?? this.L;
    const outer = this.deadline;
    const budget = budgetMs ?? this.defaultBudgetMs;
    const now = performance.now();
    // A nested call never outlives its caller's deadline (and then shares its timeout report).
    const deadline: Deadline = outer && outer.at <= now + budget ? outer : { at: now + budget, budgetMs: budget };
    if (!outer) raw._lua_sethook(L, this.hookPtr, LUA_MASKCOUNT, HOOK_COUNT); // undo a previous escalation
    const top = raw._lua_gettop(L);
    if (!raw._lua_checkstack(L, 4)) throw new LuaScriptError('stack overflow (too many nested calls)', 'runtime');
    const frame: Frame = { body };
    this.frames.push(frame);
    this.deadline = deadline;
    let failure: Error | undefined;
    try {
      raw._lua_pushcclosure(L, this.handlerPtr, 0); // light C functions: no allocation
      raw._lua_pushcclosure(L, this.entryPtr, 0);
      const status = raw._lua_pcallk(L, 0, 0, top + 1, 0, 0);
      if (frame.jsError) {
        failure = frame.jsError.error instanceof Error ? frame.jsError.error : new Error(String(frame.jsError.error));
      } else if (status !== LUA_OK || deadline.hit !== undefined) {
        failure = this.classify(L, status, deadline, frame.traceback, frame.where);
      }
    } finally {
      raw._lua_settop(L, top);
      this.frames.pop();
      this.deadline = outer;
      if (!outer) this.afterOutermost(failure);
    }
    if (failure) throw failure;
    return frame.result as T;
  }

  private classify(L: LuaState, status: number, deadline: Deadline, traceback: string | undefined, where: string | undefined): LuaScriptError {
    const details = traceback !== undefined ? { traceback } : {};
    if (deadline.hit !== undefined) return new LuaScriptError(this.fullNames(deadline.hit), 'timeout', details);
    let message = this.fullNames(status === LUA_OK ? 'error' : this.errorMessage(L));
    if (where !== undefined && parsePosition(message).file === undefined) message = this.fullNames(where) + message;
    let kind: LuaErrorKind = status === LUA_ERRMEM ? 'memory' : status === LUA_ERRSYNTAX ? 'syntax' : 'runtime';
    if (kind === 'runtime' && this.crossed && this.crossed.message === message) kind = this.crossed.kind;
    return new LuaScriptError(message, kind, details);
  }

  /** Text of the error object on top of the stack (the message handler already applied __tostring). */
  private errorMessage(L: LuaState): string {
    const raw = this.raw;
    const t = raw._lua_type(L, -1);
    if (t === T_STRING) return this.mem.readString(L, -1);
    if (t === T_NUMBER) return String(raw._lua_tonumberx(L, -1, 0));
    if (t === T_NIL) return 'nil';
    return `(error object is a ${typeName(t)} value)`;
  }

  private afterOutermost(failure: Error | undefined): void {
    this.crossed = undefined;
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
        this.exec(INTERNAL_BUDGET_MS, (L) => {
          this.raw._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.collectSlot));
          this.mem.pushString(L, 'collect');
          this.raw._lua_callk(L, 1, 0, 0, 0);
        });
      } catch {
        // best effort
      }
    }
  }

  // ---- C callbacks (must never let a JS exception cross wasm frames; numbers are emscripten longjmps) ----

  private onEntry(L: LuaState): number {
    const frame = this.frames[this.frames.length - 1];
    try {
      frame.result = frame.body(L);
      return 0;
    } catch (e) {
      if (typeof e === 'number') throw e;
      frame.jsError = { error: e };
      this.raw._lua_pushnil(L);
      return this.raw._lua_error(L);
    }
  }

  /**
   * Message handler of our pcall, run while the erroring frames still exist (and still under the
   * deadline): turns error objects with __tostring into strings and records a traceback.
   */
  private onErrorHandler(L: LuaState): number {
    try {
      const raw = this.raw;
      const frame = this.frames[this.frames.length - 1];
      if (frame && !frame.jsError) {
        const t = raw._lua_type(L, 1);
        const late = this.deadline?.hit !== undefined; // don't start running Lua code now
        if (!late && t !== T_STRING && t !== T_NUMBER && this.hasMetafield(L, 1, '__tostring')) {
          raw._luaL_tolstring(L, 1, 0);
          raw._lua_copy(L, -1, 1);
          raw._lua_settop(L, 1);
        }
        // Only strings: an error object (a table) is positioned by its own __tostring, or not at all.
        if (frame.where === undefined && t === T_STRING && parsePosition(this.mem.readString(L, 1)).file === undefined) {
          frame.where = innermostWhere(this.mem, L);
        }
        if (frame.traceback === undefined) {
          raw._luaL_traceback(L, L, 0, 1);
          // Drop the trailing "[C]: in ?" lines of our own trampolines.
          frame.traceback = this.mem.readString(L, -1).replace(/(\n\t\[C\]: in \?)+$/, '');
          raw._lua_settop(L, 1);
        }
      }
    } catch (e) {
      if (typeof e === 'number') throw e;
    }
    return 1;
  }

  private onHook(L: LuaState): void {
    try {
      const raw = this.raw;
      if (!this.allowHookChecked) {
        this.allowHookChecked = true;
        if (this.mem.heap.HEAPU8[L + ALLOWHOOK_OFFSET] !== 0) this.patchAllowHook = false;
      }
      const d = this.deadline;
      if (!d) return;
      if (performance.now() <= d.at) {
        // A thread escalated by an earlier (nested) timeout goes back to the cheap rate.
        if (raw._lua_gethookcount(L) !== HOOK_COUNT) raw._lua_sethook(L, this.hookPtr, LUA_MASKCOUNT, HOOK_COUNT);
        return;
      }
      if (d.hit === undefined) {
        raw._luaL_where(L, 0);
        d.hit = `${this.mem.readString(L, -1)}stopped after ${d.budgetMs} ms (infinite loop?)`;
        raw._lua_settop(L, -2);
      }
      // From now on fire on every instruction of this thread, so no pcall can swallow the error for long.
      raw._lua_sethook(L, this.hookPtr, LUA_MASKCOUNT, 1);
      if (this.patchAllowHook) this.mem.heap.HEAPU8[L + ALLOWHOOK_OFFSET] = 1;
      this.mem.pushString(L, d.hit);
      raw._lua_error(L);
    } catch (e) {
      if (typeof e === 'number') throw e;
    }
  }

  private onJsFunction(L: LuaState): number {
    const raw = this.raw;
    const prevL = this.currentL;
    this.currentL = L;
    try {
      const ud = raw._lua_touserdata(L, upvalueIndex(1));
      const fn = ud ? this.jsFunctions.get(this.mem.heap.HEAP32[ud >> 2]) : undefined;
      if (!fn) throw new Error('JS function is no longer available');
      const n = raw._lua_gettop(L);
      const args = new Array<unknown>(n);
      for (let i = 0; i < n; i++) args[i] = luaToJs(this.host, L, i + 1);
      const result = fn(...args);
      if (isThenable(result)) throw new Error('a JS function called from Lua returned a Promise; it must be synchronous');
      if (result === undefined) return 0;
      pushJs(this.host, L, result);
      return 1;
    } catch (e) {
      if (typeof e === 'number') throw e;
      return this.raiseHostError(L, e);
    } finally {
      this.currentL = prevL;
    }
  }

  /** Turns a JS exception into a Lua error (catchable by pcall), positioned at the Lua caller. */
  private raiseHostError(L: LuaState, e: unknown): number {
    const raw = this.raw;
    if (e instanceof LuaScriptError) {
      // Already positioned (a nested call into Lua); keep its kind for the outer report.
      if (e.kind === 'timeout' || e.kind === 'memory') this.crossed = { message: e.message, kind: e.kind };
      this.mem.pushString(L, e.message);
    } else {
      raw._luaL_where(L, 1);
      this.mem.pushString(L, e instanceof Error ? e.message : String(e));
      raw._lua_concat(L, 2);
    }
    return raw._lua_error(L);
  }

  private onJsFunctionGc(L: LuaState): number {
    try {
      const ud = this.raw._lua_touserdata(L, 1);
      if (ud) this.jsFunctions.delete(this.mem.heap.HEAP32[ud >> 2]);
    } catch (e) {
      if (typeof e === 'number') throw e;
    }
    return 0;
  }

  // ---- helpers ----

  private addPointer(fn: (L: number) => number | void, signature: string): Ptr {
    const p = this.raw.addFunction(fn, signature);
    this.pointers.push(p);
    return p;
  }

  private load(L: LuaState, source: string, chunkName: string): void {
    const raw = this.raw;
    if (chunkName.startsWith('@') && Buffer.byteLength(chunkName) > LUA_IDSIZE_SRC) this.chunkNames.add(chunkName.slice(1));
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

  private results(L: LuaState, from: number, functions: FunctionMode = 'ref'): unknown[] {
    const top = this.raw._lua_gettop(L);
    const out = new Array<unknown>(Math.max(0, top - from + 1));
    for (let i = from; i <= top; i++) out[i - from] = luaToJs(this.host, L, i, functions);
    return out;
  }

  private pushGlobalsTable(L: LuaState): void {
    this.raw._lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  }

  /** Leaves [parent, value] for a dotted path (the parent of a plain name is the globals table). */
  private pushPath(L: LuaState, path: string, what: string): void {
    const raw = this.raw;
    const parts = splitPath(path);
    raw._lua_pushnil(L);
    this.pushGlobalsTable(L); // invariant: [parent, current]
    for (let i = 0; i < parts.length; i++) {
      const t = raw._lua_type(L, -1);
      if (t !== T_TABLE && !this.hasMetafield(L, -1, '__index')) {
        const prefix = parts.slice(0, i).join('.');
        throw new LuaScriptError(`cannot ${what} '${path}': '${prefix}' is ${t === T_NIL ? 'nil' : 'a ' + typeName(t)}`, 'runtime');
      }
      this.mem.pushString(L, parts[i]);
      raw._lua_gettable(L, -2); // [parent, current, value]
      raw._lua_copy(L, -2, -3);
      raw._lua_copy(L, -1, -2);
      raw._lua_settop(L, -2); // [current, value]
    }
  }

  /**
   * Lua shortens chunk names longer than LUA_IDSIZE to "...<tail>" in positions. Put back the full
   * name when exactly one loaded chunk ends with that tail (only the leading position is touched).
   */
  private fullNames(message: string): string {
    if (!message.startsWith('...') || this.chunkNames.size === 0) return message;
    const m = /^\.\.\.(.*?):(\d+): /.exec(message);
    if (!m) return message;
    const matches = [...this.chunkNames].filter((n) => n.endsWith(m[1]));
    return matches.length === 1 ? matches[0] + message.slice(3 + m[1].length) : message;
  }

  /** luaL_getmetafield uses rawget: no Lua code runs. */
  private hasMetafield(L: LuaState, idx: number, name: string): boolean {
    const raw = this.raw;
    const t = raw._luaL_getmetafield(L, idx, this.mem.cstring(name));
    if (t === T_NIL) return false;
    raw._lua_settop(L, -2);
    return true;
  }
}

function splitPath(path: string): string[] {
  const parts = path.split('.');
  if (path === '' || parts.some((p) => p === '')) throw new TypeError(`invalid global path '${path}'`);
  return parts;
}

function isThenable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
