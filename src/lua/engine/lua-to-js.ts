// Lua value -> plain JS data, walking tables with the raw C API (lua_next) instead of wasmoon's
// proxies: the layout tree crosses this boundary every frame.
//
// Rules: nil -> null; numbers -> number; strings -> string (UTF-8); a table whose keys are exactly
// 1..n -> array (empty table -> []); any other table -> object with stringified keys; functions ->
// LuaFunctionRef; userdata/threads -> null. Cycles, nesting deeper than MAX_DEPTH and absurd sizes
// raise a ConvertError (naming where in the value, e.g. `[1].children[2]`) instead of overflowing
// the JS stack.

import {
  T_BOOLEAN,
  T_FUNCTION,
  T_NUMBER,
  T_STRING,
  T_TABLE,
  typeName,
  type LuaMemory,
  type LuaState,
} from './lua-api.js';
import { LuaScriptError } from './lua-errors.js';
import type { LuaFunctionRef } from './function-refs.js';

export const MAX_DEPTH = 100;
// Shared subtables are converted once per occurrence (so every function ref handed out is one
// release), which makes a deliberately exponential DAG possible: cap the total work.
export const MAX_VALUES = 1_000_000;

export interface LuaToJsHost {
  readonly mem: LuaMemory;
  /** Registers the function at `idx` and returns a handle (may raise a Lua memory error). */
  refFunction(L: LuaState, idx: number): LuaFunctionRef;
}

/** A value that cannot cross to JS; `path` is where inside it (`[1].props`, '' for the value itself). */
export class ConvertError extends LuaScriptError {
  constructor(
    readonly detail: string,
    readonly path: string,
  ) {
    super(path ? `${path}: ${detail}` : detail, 'runtime');
  }
}

/** `.name` for identifiers, `[n]` for numbers, `["key"]` for anything else. */
function keyPath(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Converts the value at absolute stack index `idx`. Call in protected mode. */
export function luaToJs(
  host: LuaToJsHost,
  L: LuaState,
  idx: number,
  functions: FunctionMode = 'ref',
): unknown {
  // A fresh walker per conversion: a conversion can allocate (luaL_ref), which can run a __gc
  // finalizer, which can re-enter the host and convert something else.
  return new LuaToJs(host, functions === 'ref').value(L, idx, 0);
}

/** 'ref': functions become LuaFunctionRef handles (to release); 'null': they become null (nothing to release). */
export type FunctionMode = 'ref' | 'null';

class LuaToJs {
  private readonly path = new Set<number>();
  /** Keys from the root to the table being walked, for error messages. */
  private readonly keys: Array<string | number> = [];
  private count = 0;

  constructor(
    private readonly host: LuaToJsHost,
    private readonly keepFunctions: boolean,
  ) {}

  value(L: LuaState, idx: number, depth: number): unknown {
    const raw = this.host.mem.raw;
    switch (raw._lua_type(L, idx)) {
      case T_BOOLEAN:
        return raw._lua_toboolean(L, idx) !== 0;
      case T_NUMBER:
        return raw._lua_tonumberx(L, idx, 0);
      case T_STRING:
        return this.host.mem.readString(L, idx);
      case T_TABLE:
        return this.table(L, idx, depth);
      case T_FUNCTION:
        return this.keepFunctions ? this.host.refFunction(L, idx) : null;
      default:
        return null; // nil, none, userdata, threads
    }
  }

  private table(L: LuaState, idx: number, depth: number): unknown {
    const raw = this.host.mem.raw;
    if (depth >= MAX_DEPTH) throw this.error(`table nested deeper than ${MAX_DEPTH} levels`);
    const id = raw._lua_topointer(L, idx);
    if (this.path.has(id)) throw this.error('cannot convert a table that contains itself (cycle)');
    if (!raw._lua_checkstack(L, 4)) throw this.error('stack overflow while converting a table');
    this.path.add(id);

    // Fast path: lua_next walks the array part in order, so sequences fill `arr` directly. The
    // first key that breaks 1..n switches to an object (which may still turn out to be 1..n).
    let arr: unknown[] | null = [];
    let obj: Record<string, unknown> = {};
    let allPositiveInts = true;
    let maxKey = 0;
    let count = 0;
    const keyIdx = raw._lua_gettop(L) + 1; // lua_next leaves key, value at keyIdx, keyIdx + 1
    const valueIdx = keyIdx + 1;
    raw._lua_pushnil(L);
    while (raw._lua_next(L, idx) !== 0) {
      if (++this.count > MAX_VALUES)
        throw this.error(`value too large to convert (over ${MAX_VALUES} entries)`);
      count++;
      const kt = raw._lua_type(L, keyIdx);
      let key: string;
      if (kt === T_NUMBER) {
        const k = raw._lua_tonumberx(L, keyIdx, 0);
        if (arr !== null && k === arr.length + 1) {
          arr.push(this.child(L, valueIdx, depth, k));
          raw._lua_settop(L, keyIdx);
          continue;
        }
        if (Number.isInteger(k) && k >= 1) {
          if (k > maxKey) maxKey = k;
        } else allPositiveInts = false;
        key = String(k);
      } else {
        allPositiveInts = false;
        key =
          kt === T_STRING
            ? this.host.mem.readString(L, keyIdx)
            : kt === T_BOOLEAN
              ? String(raw._lua_toboolean(L, keyIdx) !== 0)
              : `${typeName(kt)}: 0x${raw._lua_topointer(L, keyIdx).toString(16)}`;
      }
      if (arr !== null) {
        for (let i = 0; i < arr.length; i++) obj[String(i + 1)] = arr[i];
        if (arr.length > maxKey) maxKey = arr.length;
        arr = null;
      }
      obj[key] = this.child(L, valueIdx, depth, kt === T_NUMBER ? raw._lua_tonumberx(L, keyIdx, 0) : key);
      raw._lua_settop(L, keyIdx); // pop the value, keep the key for lua_next
    }
    this.path.delete(id);
    if (arr !== null) return arr;
    if (allPositiveInts && maxKey === count) {
      const out = new Array<unknown>(count);
      for (const k of Object.keys(obj)) out[Number(k) - 1] = obj[k];
      return out;
    }
    return obj;
  }

  private child(L: LuaState, idx: number, depth: number, key: string | number): unknown {
    this.keys.push(key);
    const v = this.value(L, idx, depth + 1);
    this.keys.pop();
    return v;
  }

  private error(detail: string): ConvertError {
    const parts = this.keys.map(keyPath);
    // A path through 100 levels is noise: keep both ends.
    const shown =
      parts.length > 12 ? [...parts.slice(0, 8), `…(${parts.length - 11} more)…`, ...parts.slice(-3)] : parts;
    return new ConvertError(detail, shown.join(''));
  }
}
