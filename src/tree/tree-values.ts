// Plain checks on values Lua handed over, shared by the tree's validators.

/** A malformed tree, with the path of the offending node, e.g. `App:render().children[2]`. */
export class TreeError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

export type Raw = Record<string, unknown>;

export function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (isObject(v) && Object.keys(v).length === 0) return [];
  return null;
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return (v as Raw).__luaFunction !== undefined ? 'a function' : 'a table';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function str(v: unknown, path: string, key: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new TreeError(path, `${key} must be a string, got ${describe(v)}`);
}

export function integer(v: unknown, path: string, key: string, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TreeError(path, `${key} must be a number, got ${describe(v)}`);
  if (Math.abs(v) > max) throw new TreeError(path, `${key} must be at most ${max}, got ${v}`);
  return Math.trunc(v);
}
