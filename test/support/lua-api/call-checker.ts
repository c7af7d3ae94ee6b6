// Checks a Lua source's calls of the hub's API against lua/meta/: `app:NAME(...)` (and the app
// under any name a declared callback gives it: `function(choice, a2) a2:notify(...) end`, `app2`,
// `self` in App's methods), the global tables' functions (`keys.bind`, `ui.text`, ...) and global
// functions (`render`). Each call: the function is declared, the number of arguments fits, and
// every literal argument fits its parameter's type. Variables are not judged (no inference).
import luaparse, { type Node } from 'luaparse';
import type { LuaType, Param } from './annotation-types.js';
import { isLiteral, misfit } from './literal-fit.js';
import {
  type FunctionDecl,
  type LuaApi,
  funOf,
  lineage,
  memberOf,
  resolveType,
} from './meta-declarations.js';

export interface CallProblem {
  line: number;
  message: string;
}

/** Names the shipped code gives the app where no declared callback says so: app, app2, app3... */
const APP_NAME = /^app\d*$/;
const APP_CLASS = 'botster.AppActions';
/** Lua's own global tables (the hub's internals start with `__`). */
const LUA_LIBRARIES = new Set([
  'string',
  'table',
  'math',
  'os',
  'io',
  'utf8',
  'coroutine',
  'debug',
  'package',
]);

/**
 * The problems of `source`'s calls, and the calls judged (`keys.bind`, `app:notify`: one entry a
 * call); a syntax error is thrown (`[line:col] message`).
 */
export function checkCalls(api: LuaApi, source: string): { problems: CallProblem[]; judged: string[] } {
  const bytes = Buffer.from(source, 'utf8').toString('latin1');
  const chunk = luaparse.parse(bytes, { luaVersion: '5.3', locations: true, encodingMode: 'pseudo-latin1' });
  const checker = new CallChecker(api);
  checker.block(chunk.body);
  return { problems: checker.problems.sort((a, b) => a.line - b.line), judged: checker.judged };
}

/** What a local name is known to hold: an instance of a class, or (cls undefined) something else. */
interface Binding {
  cls?: string;
}

class CallChecker {
  readonly problems: CallProblem[] = [];
  readonly judged: string[] = [];
  private readonly scopes: Array<Map<string, Binding>> = [new Map()];
  constructor(private readonly api: LuaApi) {}

  private declare(name: string, b: Binding = {}) {
    this.scopes[this.scopes.length - 1].set(name, b);
  }
  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b) return b;
    }
    return undefined;
  }
  private scoped(fn: () => void) {
    this.scopes.push(new Map());
    try {
      fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** The class of what the name `name` holds here, if known. */
  private classOf(name: string): string | null {
    const b = this.lookup(name);
    if (b?.cls) return b.cls;
    if (APP_NAME.test(name)) return APP_CLASS;
    if (b) return null;
    return this.api.globals.get(name) ?? null;
  }

  block(body: Node[]) {
    for (const s of body) this.statement(s);
  }

  private statement(s: Node): void {
    switch (s.type) {
      case 'LocalStatement':
        s.init.forEach((e: Node) => this.expr(e));
        s.variables.forEach((v: Node) => this.declare(v.name));
        return;
      case 'AssignmentStatement':
        s.variables.forEach((v: Node) => this.expr(v));
        s.init.forEach((e: Node) => this.expr(e));
        return;
      case 'CallStatement':
        return this.expr(s.expression);
      case 'ReturnStatement':
        return s.arguments.forEach((e: Node) => this.expr(e));
      case 'FunctionDeclaration':
        return this.functionDeclaration(s);
      case 'IfStatement':
        for (const c of s.clauses) {
          if (c.condition) this.expr(c.condition);
          this.scoped(() => this.block(c.body));
        }
        return;
      case 'WhileStatement':
        this.expr(s.condition);
        return this.scoped(() => this.block(s.body));
      case 'RepeatStatement':
        return this.scoped(() => {
          this.block(s.body);
          this.expr(s.condition);
        });
      case 'DoStatement':
        return this.scoped(() => this.block(s.body));
      case 'ForNumericStatement':
        [s.start, s.end, s.step].filter(Boolean).forEach((e: Node) => this.expr(e));
        return this.scoped(() => {
          this.declare(s.variable.name);
          this.block(s.body);
        });
      case 'ForGenericStatement':
        s.iterators.forEach((e: Node) => this.expr(e));
        return this.scoped(() => {
          s.variables.forEach((v: Node) => this.declare(v.name));
          this.block(s.body);
        });
    }
  }

  /** `function X.name(...)`, `function X:name(...)`, `local function f(...)`. */
  private functionDeclaration(s: Node) {
    const id = s.identifier;
    if (!id) return this.functionBody(s, null);
    if (id.type === 'Identifier') {
      if (s.isLocal) this.declare(id.name);
      return this.functionBody(s, null);
    }
    // A method of a declared table or class: its parameters are what the declaration says.
    const cls = id.base.type === 'Identifier' ? this.classOf(id.base.name) : null;
    const decl = cls ? memberOf(this.api, cls, id.identifier.name) : null;
    let params: Param[] | null = decl && decl !== 'field' ? decl.params : null;
    if (id.indexer === ':') {
      // `self` first, of the class the table is (App's methods draw with self:agents_panel()).
      const self: Param = { name: 'self', type: cls ? named(cls) : { kind: 'any' }, optional: false };
      params = [self, ...(params?.[0]?.name === 'self' ? params.slice(1) : (params ?? []))];
    }
    this.functionBody(s, params, id.indexer === ':');
  }

  /** A function's body, its parameters typed by `declared` (a fun type's, or a declaration's). */
  private functionBody(fn: Node, declared: Param[] | null, method = false) {
    this.scoped(() => {
      const names: string[] = [
        ...(method ? ['self'] : []),
        ...fn.parameters.map((p: Node) => p.name ?? '...'),
      ];
      names.forEach((name, i) => {
        if (name !== '...') this.declare(name, { cls: classIn(this.api, declared?.[i]?.type) });
      });
      this.block(fn.body);
    });
  }

  /** Visits an expression; `expected`: the type the place it sits in declares (for callbacks). */
  private expr(e: Node, expected?: LuaType): void {
    switch (e.type) {
      case 'FunctionDeclaration':
        return this.functionBody(e, expected ? funOf(this.api, expected) : null);
      case 'CallExpression':
      case 'StringCallExpression':
      case 'TableCallExpression':
        return this.call(e);
      case 'TableConstructorExpression':
        for (const f of e.fields) {
          if (f.type === 'TableKey') this.expr(f.key);
          const key = f.type === 'TableKeyString' ? f.key.name : null;
          this.expr(f.value, expected && key ? fieldType(this.api, expected, key) : undefined);
        }
        return;
      case 'MemberExpression':
        return this.expr(e.base);
      case 'IndexExpression':
        this.expr(e.base);
        return this.expr(e.index);
      case 'BinaryExpression':
      case 'LogicalExpression':
        this.expr(e.left);
        return this.expr(e.right);
      case 'UnaryExpression':
        return this.expr(e.argument);
    }
  }

  private call(e: Node): void {
    const args: Node[] =
      e.type === 'CallExpression'
        ? e.arguments
        : [e.type === 'StringCallExpression' ? e.argument : e.arguments];
    const found = this.callee(e.base);
    if (!found) {
      this.expr(e.base);
      return args.forEach((a) => this.expr(a));
    }
    const { shown, decl } = found;
    if (decl === null) {
      this.problems.push({ line: e.loc!.start.line, message: `${shown} is not declared in lua/meta` });
      return args.forEach((a) => this.expr(a));
    }
    if (decl === 'field') return args.forEach((a) => this.expr(a));
    const colon = e.base.type === 'MemberExpression' && e.base.indexer === ':';
    const params = this.judge(e, shown, decl, colon ? [e.base.base, ...args] : args, colon ? 1 : 0);
    this.expr(e.base.type === 'MemberExpression' ? e.base.base : e.base);
    args.forEach((a, i) => this.expr(a, params[i + (colon ? 1 : 0)]?.type));
  }

  /** The declaration a call's callee names, if it names the hub's API; null decl: none declares it. */
  private callee(base: Node): { shown: string; decl: FunctionDecl | 'field' | null } | null {
    if (base.type === 'Identifier') {
      const decl = this.lookup(base.name) ? undefined : this.api.functions.get(base.name);
      return decl ? { shown: base.name, decl } : null;
    }
    if (base.type !== 'MemberExpression' || base.base.type !== 'Identifier') return null;
    const table = base.base.name;
    const shown = `${table}${base.indexer}${base.identifier.name}`;
    const cls = this.classOf(table);
    if (cls) return { shown, decl: memberOf(this.api, cls, base.identifier.name) };
    // A global table that is neither the hub's nor Lua's: a misspelled one (`hook.on`), or one
    // the shipped Lua defines without declaring it.
    const global = !this.lookup(table) && !LUA_LIBRARIES.has(table) && !table.startsWith('__');
    return global ? { shown, decl: null } : null;
  }

  /** Checks the arguments' count and literals; returns the parameter each argument fills. */
  private judge(e: Node, shown: string, decl: FunctionDecl, args: Node[], shift: number): Param[] {
    const line = e.loc!.start.line;
    this.judged.push(shown);
    const vararg = decl.params.at(-1)?.name === '...' ? decl.params.at(-1)! : null;
    const fixed = vararg ? decl.params.slice(0, -1) : decl.params;
    const optional = (p: Param) => p.optional || admitsNil(this.api, p.type);
    const required = fixed.reduce((n, p, i) => (optional(p) ? n : i + 1), 0);
    const last = args.at(-1);
    const spreads = last && /CallExpression$|^VarargLiteral$/.test(last.type);
    const count = (n: number) => `${n - shift} argument${n - shift === 1 ? '' : 's'}`;
    if (!vararg && args.length > fixed.length)
      this.problems.push({
        line,
        message: `${shown} takes at most ${count(fixed.length)}, got ${args.length - shift}`,
      });
    else if (!spreads && args.length < required)
      this.problems.push({ line, message: `${shown} needs ${count(required)}, got ${args.length - shift}` });
    const params = args.map((_, i) => fixed[i] ?? vararg!);
    args.forEach((a, i) => {
      const p = params[i];
      if (!p || !isLiteral(a) || (a.type === 'NilLiteral' && optional(p))) return;
      const why = misfit(this.api, a, p.type);
      if (why)
        this.problems.push({
          line: a.loc!.start.line,
          message: `${shown} argument ${i + 1 - shift} (${p.name}): ${why}`,
        });
    });
    return params;
  }
}

const named = (name: string): LuaType => ({ kind: 'name', name });

/** Whether nil fits `t` (`T?`, `T|nil`, `nil`): the parameter may be left out. */
function admitsNil(api: LuaApi, t: LuaType): boolean {
  const r = resolveType(api, t);
  if (r.kind === 'name') return r.name === 'nil';
  return r.kind === 'union' && r.of.some((m) => admitsNil(api, m));
}

/** The one class `t` names (`botster.AppActions`, `botster.Agent|nil`), else undefined. */
function classIn(api: LuaApi, t: LuaType | undefined): string | undefined {
  if (!t) return undefined;
  const r = resolveType(api, t);
  if (r.kind === 'name') return api.classes.has(r.name) ? r.name : undefined;
  if (r.kind !== 'union') return undefined;
  const classes = r.of.map((m) => classIn(api, m)).filter(Boolean);
  const rest = r.of.filter((m) => !(m.kind === 'name' && m.name === 'nil'));
  return classes.length === 1 && rest.length === 1 ? classes[0] : undefined;
}

/** The type a table of type `t` declares for its field `key` (for the callbacks it holds). */
function fieldType(api: LuaApi, t: LuaType, key: string): LuaType | undefined {
  const r = resolveType(api, t);
  if (r.kind === 'shape') return r.fields.get(key)?.type;
  if (r.kind === 'name')
    return lineage(api, r.name)
      .find((c) => c.fields.has(key))
      ?.fields.get(key)?.type;
  if (r.kind === 'union') for (const m of r.of) if (fieldType(api, m, key)) return fieldType(api, m, key);
  return undefined;
}
