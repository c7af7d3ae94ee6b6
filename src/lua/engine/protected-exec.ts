// Runs host code against a Lua state safely:
// - every entry point runs inside lua_pcall (an unprotected Lua error would abort the whole wasm
//   module, killing every engine of the thread), through one C trampoline that runs a JS body;
// - every run has a CPU deadline enforced by a count hook that cannot be escaped with
//   pcall/coroutines (once late it fires on every instruction of whatever thread runs); it counts
//   the thread's time on a core, not the time it waited for one (a loaded machine: see
//   thread-clock.ts);
// - JS functions called from Lua run their nested calls on the calling thread and turn JS
//   exceptions into catchable Lua errors.
// C callbacks must never let a JS exception cross wasm frames; numbers are emscripten longjmps.

import {
  LUA_ERRMEM,
  LUA_ERRSYNTAX,
  LUA_MASKCOUNT,
  LUA_OK,
  T_NIL,
  T_NUMBER,
  T_STRING,
  typeName,
  type LuaMemory,
  type LuaState,
  type Ptr,
} from './lua-api.js';
import { LuaScriptError, parsePosition, type LuaErrorKind } from './lua-errors.js';
import { hasMetafield } from './lua-paths.js';
import { innermostWhere } from './where.js';
import { Budget, ownThreadTimes } from './thread-clock.js';

interface Deadline extends Budget {
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
// Time a run spends asleep (in a JS function that waits on something) counts this many times less
// than its time on a core: a run that only waits still ends, this many budgets later.
const SLEEP_STRETCH = 10;
// lua_State layout (Lua 5.4, wasm32): GCObject *next (4) | tt (1) | marked (1) | status (1) | allowhook (1).
// Lua clears allowhook while a hook runs and does not restore it when the hook raises, so an
// xpcall message handler would then run with hooks off (unstoppable). We set it back before
// raising; the layout is verified at start-up (tt byte == LUA_VTHREAD) and inside the first hook.
const TT_OFFSET = 4;
const LUA_VTHREAD = 8;
const ALLOWHOOK_OFFSET = 7;

export interface ProtectedExecHost {
  mem: LuaMemory;
  /** The state's main thread. */
  L: LuaState;
  addPointer(fn: (L: number) => number | void, signature: string): Ptr;
  /** Restores long chunk names in a message (see ChunkLoader). */
  fullNames(message: string): string;
  /** Called when the outermost run ends (also after a failure, before it is thrown). */
  afterOutermost(failure: Error | undefined): void;
}

export class ProtectedExec {
  private readonly mem: LuaMemory;
  private readonly hookPtr: Ptr;
  private readonly entryPtr: Ptr;
  private readonly handlerPtr: Ptr;
  private patchAllowHook: boolean;
  private allowHookChecked = false;
  private deadline: Deadline | undefined;
  private readonly frames: Frame[] = [];
  /** Thread currently inside a JS function called from Lua: nested calls run on it. */
  private currentL: LuaState | undefined;
  /** A timeout/memory error that crossed a JS function boundary as a plain Lua error. */
  private crossed: { message: string; kind: LuaErrorKind } | undefined;

  constructor(private readonly host: ProtectedExecHost) {
    this.mem = host.mem;
    const heap = this.mem.heap.HEAPU8;
    this.patchAllowHook = heap[host.L + TT_OFFSET] === LUA_VTHREAD && heap[host.L + ALLOWHOOK_OFFSET] === 1;
    this.hookPtr = host.addPointer((L: number) => this.onHook(L), 'vii');
    this.entryPtr = host.addPointer((L: number) => this.onEntry(L), 'ii');
    this.handlerPtr = host.addPointer((L: number) => this.onErrorHandler(L), 'ii');
    this.mem.raw._lua_sethook(host.L, this.hookPtr, LUA_MASKCOUNT, HOOK_COUNT); // new threads inherit it
  }

  /** How many runs are in progress (nested through JS functions). */
  get depth(): number {
    return this.frames.length;
  }

  /** The thread host calls should use now. */
  get thread(): LuaState {
    return this.currentL ?? this.host.L;
  }

  /**
   * Runs `body` inside lua_pcall on the current thread (the main thread, or the thread that called
   * the JS function we are nested in) with a deadline. Lua errors in `body` become LuaScriptError;
   * JS errors thrown by `body` are rethrown unchanged.
   */
  run<T>(budgetMs: number, body: (L: LuaState) => T): T {
    const raw = this.mem.raw;
    const L = this.thread;
    const outer = this.deadline;
    const now = performance.now();
    // A nested call never outlives its caller's deadline (and then shares its timeout report).
    const own = !(outer && outer.at <= now + budgetMs);
    const deadline: Deadline = own ? new Budget(budgetMs, now, ownThreadTimes, SLEEP_STRETCH) : outer;
    // The thread's clock is read as the run starts (a pread, ~2 µs): read at its first hook instead,
    // the wall time before it (all of it, when a loaded machine kept the thread off its core) counted
    // as work, and shipped files loading in a starved CLI were stopped as runaways.
    if (own) deadline.begin(now);
    if (!outer) raw._lua_sethook(L, this.hookPtr, LUA_MASKCOUNT, HOOK_COUNT); // undo a previous escalation
    const top = raw._lua_gettop(L);
    if (!raw._lua_checkstack(L, 4))
      throw new LuaScriptError('stack overflow (too many nested calls)', 'runtime');
    const frame: Frame = { body };
    this.frames.push(frame);
    this.deadline = deadline;
    let failure: Error | undefined;
    try {
      raw._lua_pushcclosure(L, this.handlerPtr, 0); // light C functions: no allocation
      raw._lua_pushcclosure(L, this.entryPtr, 0);
      const status = raw._lua_pcallk(L, 0, 0, top + 1, 0, 0);
      if (frame.jsError) {
        failure =
          frame.jsError.error instanceof Error ? frame.jsError.error : new Error(String(frame.jsError.error));
      } else if (status !== LUA_OK || deadline.hit !== undefined) {
        failure = this.classify(L, status, deadline, frame.traceback, frame.where);
      }
    } finally {
      raw._lua_settop(L, top);
      this.frames.pop();
      this.deadline = outer;
      if (!outer) {
        this.crossed = undefined;
        this.host.afterOutermost(failure);
      }
    }
    if (failure) throw failure;
    return frame.result as T;
  }

  /**
   * Body of a C function Lua called (a JS function): nested runs go to thread L, and a JS
   * exception becomes a Lua error (catchable by pcall) positioned at the Lua caller.
   */
  hostCall(L: LuaState, body: () => number): number {
    const prevL = this.currentL;
    this.currentL = L;
    try {
      return body();
    } catch (e) {
      if (typeof e === 'number') throw e;
      return this.raiseHostError(L, e);
    } finally {
      this.currentL = prevL;
    }
  }

  /**
   * Runs `fn` (from inside a JS function Lua called) without its time counting against the running
   * call's budget: for work held to a budget of its own.
   */
  outside<T>(fn: () => T): T {
    const d = this.deadline;
    return d ? d.exclude(fn) : fn();
  }

  /** Drops the deadline (the engine is closing). */
  reset(): void {
    this.deadline = undefined;
  }

  private classify(
    L: LuaState,
    status: number,
    deadline: Deadline,
    traceback: string | undefined,
    where: string | undefined,
  ): LuaScriptError {
    const details = traceback !== undefined ? { traceback } : {};
    const fullNames = (m: string) => this.host.fullNames(m);
    if (deadline.hit !== undefined) return new LuaScriptError(fullNames(deadline.hit), 'timeout', details);
    let message = fullNames(status === LUA_OK ? 'error' : this.errorMessage(L));
    if (where !== undefined && parsePosition(message).file === undefined)
      message = fullNames(where) + message;
    let kind: LuaErrorKind =
      status === LUA_ERRMEM ? 'memory' : status === LUA_ERRSYNTAX ? 'syntax' : 'runtime';
    if (kind === 'runtime' && this.crossed && this.crossed.message === message) kind = this.crossed.kind;
    return new LuaScriptError(message, kind, details);
  }

  /** Text of the error object on top of the stack (the message handler already applied __tostring). */
  private errorMessage(L: LuaState): string {
    const raw = this.mem.raw;
    const t = raw._lua_type(L, -1);
    if (t === T_STRING) return this.mem.readString(L, -1);
    if (t === T_NUMBER) return String(raw._lua_tonumberx(L, -1, 0));
    if (t === T_NIL) return 'nil';
    return `(error object is a ${typeName(t)} value)`;
  }

  private raiseHostError(L: LuaState, e: unknown): number {
    const raw = this.mem.raw;
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

  private onEntry(L: LuaState): number {
    const frame = this.frames[this.frames.length - 1];
    try {
      frame.result = frame.body(L);
      return 0;
    } catch (e) {
      if (typeof e === 'number') throw e;
      frame.jsError = { error: e };
      this.mem.raw._lua_pushnil(L);
      return this.mem.raw._lua_error(L);
    }
  }

  /**
   * Message handler of our pcall, run while the erroring frames still exist (and still under the
   * deadline): turns error objects with __tostring into strings and records a traceback.
   */
  private onErrorHandler(L: LuaState): number {
    try {
      const raw = this.mem.raw;
      const frame = this.frames[this.frames.length - 1];
      if (frame && !frame.jsError) {
        const t = raw._lua_type(L, 1);
        const late = this.deadline?.hit !== undefined; // don't start running Lua code now
        if (!late && t !== T_STRING && t !== T_NUMBER && hasMetafield(this.mem, L, 1, '__tostring')) {
          raw._luaL_tolstring(L, 1, 0);
          raw._lua_copy(L, -1, 1);
          raw._lua_settop(L, 1);
        }
        // Only strings: an error object (a table) is positioned by its own __tostring, or not at all.
        if (
          frame.where === undefined &&
          t === T_STRING &&
          parsePosition(this.mem.readString(L, 1)).file === undefined
        ) {
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
      const raw = this.mem.raw;
      if (!this.allowHookChecked) {
        this.allowHookChecked = true;
        if (this.mem.heap.HEAPU8[L + ALLOWHOOK_OFFSET] !== 0) this.patchAllowHook = false;
      }
      const d = this.deadline;
      if (!d) return;
      // A run long enough to hook at all (~1000 instructions) reads where the thread's clock starts.
      d.begin();
      if (d.hit === undefined && !d.late(performance.now())) {
        // A thread escalated by an earlier (nested) timeout goes back to the cheap rate.
        if (raw._lua_gethookcount(L) !== HOOK_COUNT)
          raw._lua_sethook(L, this.hookPtr, LUA_MASKCOUNT, HOOK_COUNT);
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
}
