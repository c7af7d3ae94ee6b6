import { expect } from 'vitest';
import { LuaScriptError } from '../../src/lua/engine/index.js';

/** Runs fn, expects it to throw a LuaScriptError, and returns it for more checks. */
export function caught(fn: () => unknown): LuaScriptError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LuaScriptError);
    return err as LuaScriptError;
  }
  throw new Error('expected a LuaScriptError');
}
