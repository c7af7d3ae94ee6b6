// Errors raised by Lua code, classified so the host can tell a typo from a runaway script.

export type LuaErrorKind = 'syntax' | 'runtime' | 'timeout' | 'memory';

export interface LuaErrorDetails {
  file?: string;
  line?: number;
  traceback?: string;
}

// Lua prefixes positions as "<chunk>:<line>: "; the chunk is whatever name the code was loaded with.
const POSITION = /^(.*?):(\d+): /;

export function parsePosition(message: string): { file?: string; line?: number } {
  const m = POSITION.exec(message);
  if (!m || m[1] === '') return {};
  return { file: m[1], line: Number(m[2]) };
}

export class LuaScriptError extends Error {
  override name = 'LuaScriptError';
  readonly kind: LuaErrorKind;
  /** Chunk name (as loaded, without the leading '@') of the position Lua reported, if any. */
  readonly file?: string;
  readonly line?: number;
  /** Lua stack traceback at the point of the error, when one could be taken. */
  readonly traceback?: string;

  constructor(message: string, kind: LuaErrorKind, details: LuaErrorDetails = {}) {
    super(message);
    this.kind = kind;
    const pos = details.file !== undefined ? details : parsePosition(message);
    if (pos.file !== undefined) this.file = pos.file;
    if (pos.line !== undefined) this.line = pos.line;
    if (details.traceback !== undefined) this.traceback = details.traceback;
  }
}
