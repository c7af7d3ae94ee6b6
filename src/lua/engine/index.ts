export {
  LuaEngine,
  type EngineOptions,
  type RunOptions,
  type CallOptions,
  type ConvertOptions,
} from './lua-engine.js';
export { LuaScriptError, type LuaErrorKind } from './lua-errors.js';
export { isLuaFunctionRef, type LuaFunctionRef } from './function-refs.js';
export type { FunctionMode } from './lua-to-js.js';
export { MAX_DEPTH, ConvertError } from './lua-to-js.js';
