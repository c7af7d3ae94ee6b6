// The type expressions of LuaLS annotations (`---@param level? "info"|"error"`, `fun(app: X): Y`,
// `{ mode?: string }`, `table<string, T>`, `(A|B)[]`) read into a small tree. What it does not
// understand becomes `unknown`, which every value fits: the checker judges only what it is sure of.

export type LuaType =
  | { kind: 'any' }
  | { kind: 'unknown' }
  | { kind: 'name'; name: string } // a builtin (string, integer...), an alias, a class, or a generic
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'union'; of: LuaType[] }
  | { kind: 'array'; of: LuaType }
  | { kind: 'map'; key: LuaType; value: LuaType }
  | { kind: 'shape'; fields: Map<string, Field> }
  | { kind: 'fun'; params: Param[] };

/** A field or parameter: its declared type, and whether it may be left out (`name?`). */
export interface Field {
  type: LuaType;
  optional: boolean;
}
export interface Param extends Field {
  name: string; // `...` for a vararg
}

export const ANY: LuaType = { kind: 'any' };
export const UNKNOWN: LuaType = { kind: 'unknown' };
export const NIL: LuaType = { kind: 'name', name: 'nil' };

/** A union of `of`, flattened; one member is itself. */
export function union(of: LuaType[]): LuaType {
  const flat = of.flatMap((t) => (t.kind === 'union' ? t.of : [t]));
  return flat.length === 1 ? flat[0] : { kind: 'union', of: flat };
}

const TOKEN =
  /\s*(\.\.\.|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|-?\d+(?:\.\d+)?|[A-Za-z_][\w.]*|\[\]|[|?<>{}()[\],:])/y;

/** Reads one type from the start of `text`; `rest` is what follows it (a description, say). */
export function parseType(text: string): { type: LuaType; rest: string } {
  const p = new TypeReader(text);
  try {
    const type = p.union(false);
    return { type, rest: text.slice(p.at) };
  } catch {
    return { type: UNKNOWN, rest: '' };
  }
}

class TypeReader {
  at = 0;
  constructor(private readonly text: string) {}

  private peek(): string | null {
    TOKEN.lastIndex = this.at;
    const m = TOKEN.exec(this.text);
    return m ? m[1] : null;
  }
  private next(): string {
    TOKEN.lastIndex = this.at;
    const m = TOKEN.exec(this.text);
    if (!m) throw new Error(`no type at ${this.text.slice(this.at)}`);
    this.at = TOKEN.lastIndex;
    return m[1];
  }
  private expect(tok: string): void {
    const got = this.next();
    if (got !== tok) throw new Error(`expected ${tok}, got ${got}`);
  }

  /** `A|B|C`; inside a list (`nested`) a fun's returns stop at a comma. */
  union(nested: boolean): LuaType {
    const of = [this.postfix(nested)];
    while (this.peek() === '|') {
      this.next();
      of.push(this.postfix(nested));
    }
    return union(of);
  }

  private postfix(nested: boolean): LuaType {
    let t = this.primary(nested);
    for (let tok = this.peek(); tok === '[]' || tok === '?'; tok = this.peek()) {
      this.next();
      t = tok === '[]' ? { kind: 'array', of: t } : union([t, NIL]);
    }
    return t;
  }

  private primary(nested: boolean): LuaType {
    const tok = this.next();
    if (tok === '(') {
      // A group, or a fun's returns in parentheses: `(any, string?)`.
      const of = [this.union(true)];
      while (this.peek() === ',') {
        this.next();
        of.push(this.union(true));
      }
      this.expect(')');
      return of.length === 1 ? of[0] : UNKNOWN;
    }
    if (tok === '{') return this.shape();
    if (/^["'`]/.test(tok)) return { kind: 'literal', value: tok.slice(1, -1) };
    if (/^-?\d/.test(tok)) return { kind: 'literal', value: Number(tok) };
    if (tok === 'true' || tok === 'false') return { kind: 'literal', value: tok === 'true' };
    if (tok === 'any') return ANY;
    if (tok === 'fun') return this.fun(nested);
    if (tok === 'table' && this.peek() === '<') {
      this.next();
      const key = this.union(true);
      this.expect(',');
      const value = this.union(true);
      this.expect('>');
      return { kind: 'map', key, value };
    }
    if (/^[A-Za-z_]/.test(tok)) return { kind: 'name', name: tok };
    throw new Error(`unexpected ${tok}`);
  }

  /** `{ a: T, b?: U, [string]: V }` (index fields are read and dropped). */
  private shape(): LuaType {
    const fields = new Map<string, Field>();
    while (this.peek() !== '}') {
      let name: string | null;
      if (this.peek() === '[') {
        this.next();
        this.union(true);
        this.expect(']');
        name = null;
      } else name = this.next();
      const optional = this.peek() === '?' && Boolean(this.next());
      this.expect(':');
      const type = this.union(true);
      if (name) fields.set(name, { type, optional });
      if (this.peek() === ',') this.next();
    }
    this.next();
    return { kind: 'shape', fields };
  }

  /** `fun(a: T, b?: U, ...): R1, R2` (the returns are read and dropped). */
  private fun(nested: boolean): LuaType {
    this.expect('(');
    const params: Param[] = [];
    while (this.peek() !== ')') {
      const name = this.next();
      const optional = this.peek() === '?' && Boolean(this.next());
      let type: LuaType = ANY;
      if (this.peek() === ':') {
        this.next();
        type = this.union(true);
      }
      params.push({ name, type, optional });
      if (this.peek() === ',') this.next();
    }
    this.next();
    if (this.peek() === ':') {
      this.next();
      this.union(true);
      while (!nested && this.peek() === ',') {
        this.next();
        this.union(true);
      }
    }
    return { kind: 'fun', params };
  }
}

/** A type as an annotation writes it, for messages. */
export function showType(t: LuaType): string {
  switch (t.kind) {
    case 'any':
      return 'any';
    case 'unknown':
      return '?';
    case 'name':
      return t.name;
    case 'literal':
      return typeof t.value === 'string' ? JSON.stringify(t.value) : String(t.value);
    case 'union':
      return t.of.map(showType).join('|');
    case 'array':
      return `${t.of.kind === 'union' ? `(${showType(t.of)})` : showType(t.of)}[]`;
    case 'map':
      return `table<${showType(t.key)}, ${showType(t.value)}>`;
    case 'shape':
      return `{ ${[...t.fields].map(([k, f]) => `${k}${f.optional ? '?' : ''}: ${showType(f.type)}`).join(', ')} }`;
    case 'fun':
      return `fun(${t.params.map((p) => p.name).join(', ')})`;
  }
}
