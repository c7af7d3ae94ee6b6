// Every Lua error the user sees says where: `file:line: message`, or `file: App:render()<path>:
// message` for a tree the layout returned. These add the place to errors that arrive without one.
import { ConvertError, LuaScriptError } from '../engine/index.js';
import { TreeError } from '../../widgets/validate-tree.js';

/** True when the message already starts with `chunk:line: `. */
export function hasPosition(message: string): boolean {
  return /^[^\n]*?:\d+: /.test(message);
}

const MEMORY_HINT = 'not enough memory';

/** A memory error names the configuration's limit, so the user knows it is not the machine's. */
function detail(err: Error, limitMb: number): string {
  return err.message === MEMORY_HINT
    ? `${MEMORY_HINT} (the configuration's Lua heap is limited to ${limitMb} MB)`
    : err.message;
}

/**
 * An error from App:render() (or the conversion of what it returned) as the user should read it.
 * `definedAt` is where App:render is defined: the best place we know for an error without one.
 */
export function renderError(
  err: unknown,
  layoutFile: string,
  definedAt: () => string | null,
  limitMb: number,
): Error {
  if (err instanceof TreeError) return new Error(`${layoutFile}: ${err.message}`);
  if (err instanceof ConvertError) return new Error(`${layoutFile}: App:render()${err.path}: ${err.detail}`);
  if (err instanceof LuaScriptError && !hasPosition(err.message)) {
    let where: string | null = null;
    try {
      where = definedAt();
    } catch {
      // the engine cannot tell (closed, or out of memory again): the file is still known
    }
    return new Error(`${where ?? layoutFile}: ${detail(err, limitMb)}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** An error while loading a file: the file's name when Lua gave no position. */
export function loadError(err: unknown, file: string, limitMb: number): Error {
  if (err instanceof ConvertError) return new Error(`${file}: ${err.message}`);
  if (err instanceof LuaScriptError && !hasPosition(err.message))
    return new Error(`${file}: ${detail(err, limitMb)}`);
  return err instanceof Error ? err : new Error(String(err));
}

/** A handler's error: `source` is where the handler was registered (file:line). */
export function handlerError(err: Error, source: string, limitMb: number): string {
  if (err instanceof ConvertError) return `${source}: returned ${err.message}`;
  return hasPosition(err.message) ? err.message : `${source}: ${detail(err, limitMb)}`;
}
