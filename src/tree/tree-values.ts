// Reading plain values out of a raw widget tree, with errors that name where (validate-tree.ts).

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
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new TreeError(path, `${key} must be a number, got ${describe(v)}`);
  if (Math.abs(v) > max) throw new TreeError(path, `${key} must be at most ${max}, got ${v}`);
  return Math.trunc(v);
}

export function oneOf<T extends string>(
  v: unknown,
  allowed: Set<T>,
  path: string,
  key: string,
): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !allowed.has(v as T))
    throw new TreeError(path, `${key} must be one of ${[...allowed].join('|')}, got ${describe(v)}`);
  return v as T;
}
