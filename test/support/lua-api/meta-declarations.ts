// The hub's Lua API as lua/meta/ declares it for LuaLS: aliases, classes with their fields and
// methods, the global tables (`keys = {}` under `---@class botster.keys`) and global functions.
// Functions come from `function X.name(...)` / `function X:name(...)` with the `---@param` lines
// above them, and from `---@field name fun(...)`.
import fs from 'node:fs';
import path from 'node:path';
import { ANY, type Field, type LuaType, type Param, parseType, union } from './annotation-types.js';

export interface FunctionDecl {
  /** As a caller names it: `keys.bind`, `AppActions:notify`. */
  name: string;
  /** In order, `self` first for a `:` declaration; `...` last for a vararg. */
  params: Param[];
}

export interface ClassDecl {
  name: string;
  /** The types it extends (classes by name; `integer[]` and the like too). */
  parents: LuaType[];
  /** `(exact)`: a table of it holds only the fields it declares. */
  exact: boolean;
  fields: Map<string, Field>;
  /** `---@field [integer] T`: its array part. */
  items?: LuaType;
  methods: Map<string, FunctionDecl>;
}

export interface LuaApi {
  aliases: Map<string, LuaType>;
  classes: Map<string, ClassDecl>;
  /** Global tables: name -> the class (or synthetic class) declaring its members. */
  globals: Map<string, string>;
  /** Global functions (`function render(name, data)`). */
  functions: Map<string, FunctionDecl>;
}

const SIGNATURE = /^function\s+([A-Za-z_]\w*)(?:([.:])([A-Za-z_]\w*))?\s*\(([^)]*)\)/;
const BINDING = /^(local\s+)?([A-Za-z_]\w*)\s*=\s*\{\s*\}/;
const FIELD_BINDING = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=\s*(\{\s*\}|[A-Za-z_]\w*)\s*$/;

/** Reads every file of `dir` (lua/meta) into the API it declares. */
export function readMeta(dir: string): LuaApi {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.lua'))
    .sort();
  return declarationsOf(files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** The API declared by these sources (files of lua/meta, in any order). */
export function declarationsOf(sources: string[]): LuaApi {
  const api: LuaApi = { aliases: new Map(), classes: new Map(), globals: new Map(), functions: new Map() };
  const varClass = new Map<string, string>();
  const methods: Array<{ owner: string; name: string; decl: FunctionDecl }> = [];
  const fieldsOf: Array<{ owner: string; name: string; type?: LuaType; alias?: string }> = [];
  for (const source of sources) {
    let cls: ClassDecl | null = null;
    let alias: { name: string; of: LuaType[] } | null = null;
    let params = new Map<string, Field>();
    let typed: LuaType | null = null;
    const reset = () => {
      cls = null;
      params = new Map();
      typed = null;
    };
    const endAlias = () => {
      if (alias) api.aliases.set(alias.name, union(alias.of));
      alias = null;
    };
    for (const raw of source.split('\n')) {
      const line = raw.trim();
      if (alias && !line.startsWith('---|')) endAlias();
      let m: RegExpExecArray | null;
      if ((m = /^---@class\s+(\(exact\)\s+)?([\w.]+)\s*(?::\s*([^#]*))?/.exec(line))) {
        cls = classNamed(api, m[2]);
        cls.exact ||= Boolean(m[1]);
        for (const parent of (m[3] ?? '').split(',').filter((p) => p.trim()))
          cls.parents.push(parseType(parent.trim()).type);
      } else if ((m = /^---@field\s+(\[[^\]]+\]|[A-Za-z_]\w*)(\?)?\s+(.*)$/.exec(line))) {
        const type = parseType(m[3]).type;
        if (!cls) continue;
        if (m[1] === '[integer]') cls.items = type;
        else if (!m[1].startsWith('[')) cls.fields.set(m[1], { type, optional: Boolean(m[2]) });
      } else if ((m = /^---@alias\s+([\w.]+)\s*(.*)$/.exec(line))) {
        alias = { name: m[1], of: m[2].trim() ? [parseType(m[2]).type] : [] };
        if (m[2].trim()) endAlias();
      } else if (alias && (m = /^---\|\s*(.*)$/.exec(line))) {
        alias.of.push(parseType(m[1]).type);
      } else if ((m = /^---@param\s+(\.\.\.|[A-Za-z_]\w*)(\?)?\s+(.*)$/.exec(line))) {
        params.set(m[1], { type: parseType(m[3]).type, optional: Boolean(m[2]) });
      } else if ((m = /^---@type\s+(.*)$/.exec(line))) {
        typed = parseType(m[1]).type;
      } else if (line === '' || (!line.startsWith('--') && line !== '')) {
        if ((m = SIGNATURE.exec(line))) {
          const [, owner, sep, member, list] = m;
          const names = list
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          const declared: Param[] = names.map((n) => ({
            name: n,
            ...(params.get(n) ?? { type: ANY, optional: true }),
          }));
          if (sep === ':') declared.unshift({ name: 'self', type: ANY, optional: false });
          if (!member) api.functions.set(owner, { name: owner, params: declared });
          else
            methods.push({
              owner,
              name: member,
              decl: { name: `${owner}${sep}${member}`, params: declared },
            });
        } else if ((m = BINDING.exec(line))) {
          const bound: string =
            (cls as ClassDecl | null)?.name ?? (typed?.kind === 'name' ? typed.name : `global ${m[2]}`);
          varClass.set(m[2], bound);
          if (!m[1]) api.globals.set(m[2], bound);
        } else if ((m = FIELD_BINDING.exec(line))) {
          if (m[3].startsWith('{')) fieldsOf.push({ owner: m[1], name: m[2], type: typed ?? ANY });
          else fieldsOf.push({ owner: m[1], name: m[2], alias: m[3] });
        }
        reset();
      }
    }
    endAlias();
  }
  // Members attach once every file said which class each table is (keys.lua binds AppActions,
  // plugins.lua adds methods to it).
  const owner = (v: string) => classNamed(api, varClass.get(v) ?? `global ${v}`);
  for (const { owner: v, name, decl } of methods) owner(v).methods.set(name, decl);
  for (const f of fieldsOf) {
    const fn = f.alias ? api.functions.get(f.alias) : undefined;
    if (fn) owner(f.owner).methods.set(f.name, { ...fn, name: `${f.owner}.${f.name}` });
    else owner(f.owner).fields.set(f.name, { type: f.type ?? ANY, optional: true });
  }
  for (const [v, c] of varClass) if (api.globals.has(v)) api.globals.set(v, c);
  return api;
}

function classNamed(api: LuaApi, name: string): ClassDecl {
  let c = api.classes.get(name);
  if (!c) {
    c = { name, parents: [], exact: false, fields: new Map(), methods: new Map() };
    api.classes.set(name, c);
  }
  return c;
}

/** An alias followed to what it names (cycles and unknown names stay as they are). */
export function resolveType(api: LuaApi, t: LuaType, seen = new Set<string>()): LuaType {
  if (t.kind !== 'name' || !api.aliases.has(t.name) || seen.has(t.name)) return t;
  seen.add(t.name);
  return resolveType(api, api.aliases.get(t.name)!, seen);
}

/** The classes `name` is, itself first, then what it extends. */
export function lineage(api: LuaApi, name: string): ClassDecl[] {
  const out: ClassDecl[] = [];
  const visit = (n: string) => {
    const c = api.classes.get(n);
    if (!c || out.includes(c)) return;
    out.push(c);
    for (const p of c.parents) if (p.kind === 'name') visit(p.name);
  };
  visit(name);
  return out;
}

/**
 * What calling member `name` of class `cls` calls: its declaration, `'field'` when it is a
 * field of a type the checker cannot call-check, or null when nothing declares it.
 */
export function memberOf(api: LuaApi, cls: string, name: string): FunctionDecl | 'field' | null {
  for (const c of lineage(api, cls)) {
    const method = c.methods.get(name);
    if (method) return method;
    const field = c.fields.get(name);
    if (!field) continue;
    const fun = funOf(api, field.type);
    return fun ? { name: `${c.name}.${name}`, params: fun } : 'field';
  }
  return null;
}

/** The parameters of the one function type `t` allows (`fun(...)`, through aliases and unions), else null. */
export function funOf(api: LuaApi, t: LuaType): Param[] | null {
  const r = resolveType(api, t);
  if (r.kind === 'fun') return r.params;
  if (r.kind !== 'union') return null;
  const funs = r.of.map((m) => resolveType(api, m)).filter((m) => m.kind === 'fun');
  return funs.length === 1 ? (funs[0] as { params: Param[] }).params : null;
}
