// Whether a literal argument (a string, number, boolean, nil, table constructor or function)
// fits a declared type. Only literals are judged: a variable's type would need inference. A type
// the checker does not understand (a generic, a name nothing declares) accepts anything.
import type { Node } from 'luaparse';
import { type LuaType, showType } from './annotation-types.js';
import { type LuaApi, lineage, resolveType } from './meta-declarations.js';

const LITERALS = new Set([
  'StringLiteral',
  'NumericLiteral',
  'BooleanLiteral',
  'NilLiteral',
  'TableConstructorExpression',
  'FunctionDeclaration',
]);

export const isLiteral = (e: Node) => LITERALS.has(e.type);

/** The text of a string literal (the parser reads bytes as latin1; the sources are UTF-8). */
export const stringValue = (e: Node): string => Buffer.from(String(e.value), 'latin1').toString('utf8');

/** A literal as a message names it: "warn", 3, true, nil, a table, a function. */
export function showLiteral(e: Node): string {
  switch (e.type) {
    case 'StringLiteral':
      return JSON.stringify(stringValue(e));
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return String(e.raw);
    case 'NilLiteral':
      return 'nil';
    case 'TableConstructorExpression':
      return 'a table';
    default:
      return 'a function';
  }
}

// Which literals each builtin type takes.
const BUILTIN: Record<string, (e: Node) => boolean> = {
  string: (e) => e.type === 'StringLiteral',
  number: (e) => e.type === 'NumericLiteral',
  integer: (e) => e.type === 'NumericLiteral' && /^(0x[0-9a-f]+|\d+)$/i.test(String(e.raw)),
  boolean: (e) => e.type === 'BooleanLiteral',
  nil: (e) => e.type === 'NilLiteral',
  table: (e) => e.type === 'TableConstructorExpression',
  function: (e) => e.type === 'FunctionDeclaration',
  userdata: () => false,
  thread: () => false,
  lightuserdata: () => false,
};

/** Why the literal `e` does not fit `t`, or null when it does (or `e` is no literal). */
export function misfit(api: LuaApi, e: Node, t: LuaType): string | null {
  if (!isLiteral(e)) return null;
  const r = resolveType(api, t);
  // (an alias of values is named with them: botster.Border ("single"|"rounded"|...))
  const values = r !== t && r.kind === 'union' && r.of.every((m) => m.kind === 'literal');
  const no = () => `${showLiteral(e)} is not ${showType(t)}${values ? ` (${showType(r)})` : ''}`;
  switch (r.kind) {
    case 'any':
    case 'unknown':
      return null;
    case 'literal':
      return literalEquals(e, r.value) ? null : no();
    case 'union': {
      const whys = r.of.map((m) => misfit(api, e, m));
      if (whys.some((w) => w === null)) return null;
      // A table that fails the one table type of the union: say where inside it.
      const tables = r.of.filter((m) => tableLike(api, m));
      return e.type === 'TableConstructorExpression' && tables.length === 1
        ? whys[r.of.indexOf(tables[0])]
        : no();
    }
    case 'fun':
      return e.type === 'FunctionDeclaration' ? null : no();
    case 'array':
    case 'map':
    case 'shape':
      return e.type === 'TableConstructorExpression' ? tableMisfit(api, e, r) : no();
    case 'name': {
      const builtin = BUILTIN[r.name];
      if (builtin) return builtin(e) ? null : no();
      if (!api.classes.has(r.name)) return null;
      return e.type === 'TableConstructorExpression' ? classMisfit(api, e, r.name) : no();
    }
  }
}

function literalEquals(e: Node, value: string | number | boolean): boolean {
  if (typeof value === 'string') return e.type === 'StringLiteral' && stringValue(e) === value;
  if (typeof value === 'number') return e.type === 'NumericLiteral' && e.value === value;
  return e.type === 'BooleanLiteral' && e.value === value;
}

function tableLike(api: LuaApi, t: LuaType): boolean {
  const r = resolveType(api, t);
  if (r.kind === 'name') return r.name === 'table' || api.classes.has(r.name);
  return r.kind === 'array' || r.kind === 'map' || r.kind === 'shape';
}

/** A table constructor's entries: [key or null for a positional item, value]. */
function entries(e: Node): Array<[string | null, Node]> {
  return e.fields.flatMap((f: Node): Array<[string | null, Node]> => {
    if (f.type === 'TableKeyString') return [[f.key.name, f.value]];
    if (f.type === 'TableValue') return [[null, f.value]];
    return f.key.type === 'StringLiteral' ? [[stringValue(f.key), f.value]] : [];
  });
}

function tableMisfit(api: LuaApi, e: Node, t: LuaType): string | null {
  let n = 0;
  for (const [key, value] of entries(e)) {
    const at = key ?? `[${++n}]`;
    let why: string | null = null;
    if (t.kind === 'array' && key === null) why = misfit(api, value, t.of);
    if (t.kind === 'map') why = misfit(api, value, t.value);
    if (t.kind === 'shape' && key !== null) {
      const field = t.fields.get(key);
      if (field && !(field.optional && value.type === 'NilLiteral')) why = misfit(api, value, field.type);
    }
    if (why) return `${at}: ${why}`;
  }
  return null;
}

function classMisfit(api: LuaApi, e: Node, name: string): string | null {
  const classes = lineage(api, name);
  const exact = classes.some((c) => c.exact);
  const items = classes.find((c) => c.items)?.items;
  let n = 0;
  for (const [key, value] of entries(e)) {
    if (key === null) {
      n++;
      const why = items ? misfit(api, value, items) : null;
      if (why) return `[${n}]: ${why}`;
      continue;
    }
    const field = classes.map((c) => c.fields.get(key)).find(Boolean);
    if (!field) {
      if (exact) return `${key} is not a field of ${name}`;
      continue;
    }
    if (field.optional && value.type === 'NilLiteral') continue;
    const why = misfit(api, value, field.type);
    if (why) return `${key}: ${why}`;
  }
  return null;
}
