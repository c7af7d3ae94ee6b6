// Every call of the hub's Lua API in the Lua that ships (lua/core, lua/default, keybindings, the
// examples and starters, the README's and docs' ```lua blocks) matches its declaration in
// lua/meta/: the function is declared, the number of arguments fits, and each literal argument
// fits its parameter's type (a notice's level is "info" or "error", never "warn"). LuaLS would say
// so in an editor; lua-language-server is not packaged here, so the suite says it instead.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shippedLua } from '../../scripts/shipped-lua.mjs';
import { parseType, showType } from '../support/lua-api/annotation-types.js';
import { checkCalls } from '../support/lua-api/call-checker.js';
import { declarationsOf, readMeta } from '../support/lua-api/meta-declarations.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const api = readMeta(path.join(ROOT, 'lua/meta'));

/** The problems of a snippet checked against lua/meta, as `snippet.lua:LINE: message`. */
const problemsOf = (source: string, against = api) =>
  checkCalls(against, source).problems.map((p) => `snippet.lua:${p.line}: ${p.message}`);

describe('shipped Lua calls the hub API as lua/meta declares it', () => {
  const pieces = shippedLua(ROOT);

  it('reads the shipped Lua', () => {
    const names = pieces.map((p) => p.name);
    for (const f of [
      'lua/core/keys.lua',
      'lua/default/notify.lua',
      'lua/default/clis/claude.lua',
      'keybindings/normal.lua',
    ])
      expect(names).toContain(f);
    expect(names.some((n) => n.startsWith('README.md:'))).toBe(true);
    expect(names.some((n) => n.startsWith('docs/lua/'))).toBe(true);
  });

  it('every piece parses, and every call matches its declaration', () => {
    const problems: string[] = [];
    const judged: string[] = [];
    for (const p of pieces) {
      try {
        const found = checkCalls(api, p.source);
        judged.push(...found.judged);
        for (const c of found.problems) problems.push(`${p.line(c.line)}: ${c.message}`);
      } catch (e) {
        const m = /^\[(\d+):\d+\] (.*)$/.exec((e as Error).message);
        problems.push(m ? `${p.line(Number(m[1]))}: ${m[2]}` : `${p.name}: ${(e as Error).message}`);
      }
    }
    if (problems.length) console.log(problems.join('\n'));
    expect(problems).toEqual([]);
    // It judged the calls it is for, not a handful: the app's, the tables' and the callbacks' app.
    expect(judged.length).toBeGreaterThan(1000);
    for (const name of [
      'app:notify',
      'app2:notify',
      'self:agents_panel',
      'keys.bind',
      'hooks.on',
      'ui.text',
      'screen:last',
    ])
      expect(judged).toContain(name);
  });
});

describe('the call checker', () => {
  it('says a level app:notify does not take, an undeclared method, and too many arguments', () => {
    expect(problemsOf('app:notify("x", "warn")')).toEqual([
      'snippet.lua:1: app:notify argument 2 (level): "warn" is not "info"|"error"',
    ]);
    expect(problemsOf('app:frobnicate(1)')).toEqual([
      'snippet.lua:1: app:frobnicate is not declared in lua/meta',
    ]);
    expect(problemsOf('app:notify("x", "info", {}, 4)')).toEqual([
      'snippet.lua:1: app:notify takes at most 3 arguments, got 4',
    ]);
  });

  it('says too few arguments, unless the last one is a call or ... that may give more', () => {
    expect(problemsOf('keys.bind("normal", "j")')).toEqual([
      'snippet.lua:1: keys.bind needs 3 arguments, got 2',
    ]);
    expect(problemsOf('keys.bind("normal", table.unpack(rest))')).toEqual([]);
    expect(problemsOf('local function f(...) return keys.bind(...) end')).toEqual([]);
  });

  it('knows the app under the name a declared callback gives it, and self in App methods', () => {
    const src = [
      'app:select({ "a" }, {}, function(choice, a2)',
      '  a2:notify("picked", "warn")',
      'end)',
      'hooks.on("agent_bell", function(ev, b) b:nope() end)',
      'function App:render() return self:nada() end',
    ].join('\n');
    expect(problemsOf(src)).toEqual([
      'snippet.lua:2: a2:notify argument 2 (level): "warn" is not "info"|"error"',
      'snippet.lua:4: b:nope is not declared in lua/meta',
      'snippet.lua:5: self:nada is not declared in lua/meta',
    ]);
  });

  it('judges literal tables against their class or shape, and global tables by name', () => {
    expect(problemsOf('ui.text("x", { wrapp = "truncate" })')).toEqual([
      'snippet.lua:1: ui.text argument 2 (props): wrapp is not a field of botster.TextProps',
    ]);
    expect(problemsOf('ui.panel({ border = "dotted" })')).toEqual([
      'snippet.lua:1: ui.panel argument 1 (props): border: "dotted" is not botster.Border ("single"|"rounded"|"double"|"bold"|"classic"|"none")',
    ]);
    expect(problemsOf('app:compare_scroll(1, { pages = "yes" })')).toEqual([
      'snippet.lua:1: app:compare_scroll argument 2 (opts): pages: "yes" is not boolean',
    ]);
    expect(problemsOf('hook.on("agent_bell", function() end)')).toEqual([
      'snippet.lua:1: hook.on is not declared in lua/meta',
    ]);
  });

  it('leaves alone what it cannot know: variables, locals of the same name, Lua libraries', () => {
    const src = [
      'app:notify(msg, level)',
      'app:notify("done", "error")',
      'keys.bind("normal", "j", "agent.next", { desc = "Next" })',
      'local keys = {}',
      'keys.whatever(1, 2, 3)',
      'print(string.format("%d", 1))',
    ].join('\n');
    expect(problemsOf(src)).toEqual([]);
  });

  it('reads aliases, varargs and fun fields as LuaLS does', () => {
    const meta = [
      '---@alias my.Level',
      '---| "low"   # quiet',
      '---| "high"',
      '---@class my.t',
      '---@field hook fun(n: integer, name?: string)',
      'my = {}',
      '---@param level my.Level',
      '---@param ... integer',
      'function my.f(level, ...) end',
    ].join('\n');
    const mine = declarationsOf([meta]);
    expect(problemsOf('my.f("mid")', mine)).toEqual([
      'snippet.lua:1: my.f argument 1 (level): "mid" is not my.Level ("low"|"high")',
    ]);
    expect(problemsOf('my.f("low", 1, 2, 3)', mine)).toEqual([]);
    expect(problemsOf('my.f("low", 1, 2.5)', mine)).toEqual([
      'snippet.lua:1: my.f argument 3 (...): 2.5 is not integer',
    ]);
    expect(problemsOf('my.hook(1, "a", 3)', mine)).toEqual([
      'snippet.lua:1: my.hook takes at most 2 arguments, got 3',
    ]);
    expect(problemsOf('my.hook()', mine)).toEqual(['snippet.lua:1: my.hook needs 1 argument, got 0']);
  });

  it('reads annotation types, and what it does not understand accepts anything', () => {
    const read = (t: string) => showType(parseType(t).type);
    expect(read('string|fun(app: botster.AppActions, arg: any)|botster.VerbBinding  # a comment')).toBe(
      'string|fun(app, arg)|botster.VerbBinding',
    );
    expect(read('(botster.Agent|string|integer)[]')).toBe('(botster.Agent|string|integer)[]');
    expect(read('{ question?: integer, agent?: string }')).toBe('{ question?: integer, agent?: string }');
    expect(read('fun(ev: table, app: botster.AppActions): (any, string?)')).toBe('fun(ev, app)');
    expect(read('table<string, botster.BoxDef>')).toBe('table<string, botster.BoxDef>');
    expect(read('@@@')).toBe('?');
  });
});
