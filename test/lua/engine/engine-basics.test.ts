import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LuaEngine, LuaScriptError, type LuaFunctionRef } from '../../../src/lua/engine/index.js';
import { caught } from '../../support/lua-caught.js';

let engine: LuaEngine;
beforeEach(async () => {
  engine = await LuaEngine.create();
});
afterEach(() => engine.close());

describe('run and call', () => {
  test('run returns all chunk results as plain JS', () => {
    expect(engine.run('return 1, 2.5, "x", true, nil', 'a.lua')).toEqual([1, 2.5, 'x', true, null]);
    expect(engine.run('local x = 1', 'a.lua')).toEqual([]);
  });

  test('run through a loader: it gets the args and the compiled chunk; errors read as from a plain run', () => {
    engine.run('L = {}; function L.load(name, chunk) return chunk(name) end', 'loader.lua');
    expect(engine.run('return "ran " .. ...', 'mod.lua', { through: 'L.load', args: ['mod'] })).toEqual([
      'ran mod',
    ]);
    for (const source of ['x = = 1', 'error("boom")']) {
      const plain = caught(() => engine.run(source, 'user/x.lua'));
      const through = caught(() => engine.run(source, 'user/x.lua', { through: 'L.load', args: ['x'] }));
      expect([through.message, through.kind]).toEqual([plain.message, plain.kind]);
    }
  });

  test('globals persist between runs; call by dotted path', () => {
    engine.run('M = { util = { add = function(a, b) return a + b, "sum" end } }', 'm.lua');
    expect(engine.call('M.util.add', [2, 3])).toEqual([5, 'sum']);
  });

  test('method calls pass the holding table as self (metatable-based classes work)', () => {
    engine.run(
      `local Base = {}; Base.__index = Base
       function Base:render(w) return { width = w, name = self.name } end
       App = setmetatable({ name = "hub" }, Base)`,
      'app.lua',
    );
    expect(engine.call('App.render', [80], { method: true })).toEqual([{ width: 80, name: 'hub' }]);
  });

  test('calling something that is not a function names the path', () => {
    const err = caught(() => engine.call('Nope.render', []));
    expect(err.kind).toBe('runtime');
    expect(err.message).toContain("'Nope' is nil");
    engine.run('X = { y = 3 }', 'x.lua');
    expect(caught(() => engine.call('X.y', [])).message).toContain('it is a number');
  });

  test('setGlobal creates intermediate tables and deep-copies; getGlobal reads back', () => {
    const src = { fg: 'red', list: [1, 2], nested: { ok: true } };
    engine.setGlobal('ui.theme.colors', src);
    src.fg = 'blue'; // a copy: Lua does not see JS mutations
    expect(engine.getGlobal('ui.theme.colors')).toEqual({ fg: 'red', list: [1, 2], nested: { ok: true } });
    expect(engine.run('return ui.theme.colors.list[2], math.type(ui.theme.colors.list[1])', 't.lua')).toEqual(
      [2, 'integer'],
    );
    expect(engine.getGlobal('ui.missing.deeper')).toBeNull();
    engine.setGlobal('n', 1.5);
    expect(engine.run('return math.type(n)', 't.lua')).toEqual(['float']);
  });

  test('setGlobal and getGlobal are raw: a metatable Lua gave the globals (or a table on the way) never runs', () => {
    engine.run(
      `local boom = function() error("tampered") end
       box = setmetatable({}, { __index = boom, __newindex = boom })
       setmetatable(_G, { __index = boom, __newindex = boom })`,
      'evil.lua',
    );
    engine.setGlobal('fresh', 1);
    engine.setGlobal('box.inner.value', 'x');
    expect(engine.getGlobal('fresh')).toBe(1);
    expect(engine.getGlobal('box.inner.value')).toBe('x');
    expect(engine.getGlobal('missing')).toBeNull();
    expect(engine.getGlobal('box.missing.deeper')).toBeNull();
    expect(engine.run('return rawget(_G, "fresh"), rawget(rawget(box, "inner"), "value")', 't.lua')).toEqual([
      1,
      'x',
    ]);
  });

  test('run with env: the chunk reads, defines and replaces globals in that table only', () => {
    engine.run(
      'world = { keys = { bind = true }, tostring = tostring }; keys = { bind = "core" }',
      'setup.lua',
    );
    const through = engine.run('keys.bind = "mine"; own = tostring(1); return own, world', 'w.lua', {
      env: 'world',
    });
    expect(through).toEqual(['1', null]); // (no `world` in the world)
    expect(engine.getGlobal('keys.bind')).toBe('core');
    expect(engine.getGlobal('own')).toBeNull();
    expect(engine.getGlobal('world.own')).toBe('1');
    expect(engine.getGlobal('world.keys.bind')).toBe('mine');
    // also through a loader, and a syntax error still reads as from a plain run
    engine.run('function loader(chunk) return chunk() end', 'l.lua');
    expect(engine.run('return own', 'w2.lua', { env: 'world', through: 'loader' })).toEqual(['1']);
    expect(() => engine.run('return +', 'w3.lua', { env: 'world' })).toThrow(/^w3\.lua:1: /);
    expect(() => engine.run('return 1', 'w4.lua', { env: 'nowhere' })).toThrow(/'nowhere': not a table/);
  });

  test('print goes to the host callback, not stdout', async () => {
    const lines: string[] = [];
    const e = await LuaEngine.create({ print: (t) => lines.push(t) });
    e.run('print("a", 1, nil, {} ~= nil)', 'p.lua');
    e.close();
    expect(lines).toEqual(['a\t1\tnil\ttrue']);
  });
});

describe('errors carry file:line', () => {
  test('syntax error', () => {
    const err = caught(() => engine.run('local x = 1\nlocal = 2', 'user/layout.lua'));
    expect(err.kind).toBe('syntax');
    expect(err.message).toMatch(/^user\/layout\.lua:2: /);
    expect(err.file).toBe('user/layout.lua');
    expect(err.line).toBe(2);
  });

  test('runtime error, with a traceback', () => {
    const err = caught(() => engine.run('local t = nil\n\nreturn t.x', 'user/layout.lua'));
    expect(err.kind).toBe('runtime');
    expect(err.message).toBe("user/layout.lua:3: attempt to index a nil value (local 't')");
    expect([err.file, err.line]).toEqual(['user/layout.lua', 3]);
    expect(err.traceback).toContain('user/layout.lua:3');
  });

  test('error() with a table that has __tostring', () => {
    const err = caught(() =>
      engine.run('error(setmetatable({}, { __tostring = function() return "custom!" end }))', 'e.lua'),
    );
    expect(err.message).toBe('custom!');
    expect(caught(() => engine.run('error({ code = 1 })', 'e.lua')).message).toBe(
      '(error object is a table value)',
    );
  });

  test('errors inside a called function point at that function', () => {
    engine.run('function boom()\n  error("bad thing")\nend', 'lib/boom.lua');
    const err = caught(() => engine.call('boom', []));
    expect(err.message).toBe('lib/boom.lua:2: bad thing');
  });

  test('long chunk names come back whole (Lua shortens them to "...tail")', () => {
    const name =
      '/home/someone/.config/botster-tui/keybindings/very/deeply/nested/layout-with-a-long-name.lua';
    const runtime = caught(() => engine.run('\nerror("oops")', name));
    expect(runtime.message).toBe(`${name}:2: oops`);
    expect([runtime.file, runtime.line]).toEqual([name, 2]);
    const syntax = caught(() => engine.run('x = = 1', name));
    expect(syntax.message.startsWith(`${name}:1: `)).toBe(true);
    const timeout = caught(() => engine.run('while true do end', name, { budgetMs: 10 }));
    expect(timeout.file).toBe(name);
  });

  test('the engine keeps working after errors', () => {
    caught(() => engine.run('error("x")', 'a.lua'));
    caught(() => engine.run('(', 'a.lua'));
    expect(engine.run('return 42', 'a.lua')).toEqual([42]);
  });
});

describe('JS functions called from Lua', () => {
  test('arguments arrive as plain JS, results come back', () => {
    let seen: unknown[] = [];
    engine.setGlobal('host.echo', (...args: unknown[]) => {
      seen = args;
      return { got: args.length, first: args[0] };
    });
    expect(engine.run('return host.echo({1, 2}, "s", nil, 3).got', 'a.lua')).toEqual([4]);
    expect(seen).toEqual([[1, 2], 's', null, 3]);
    engine.setGlobal('nothing', () => undefined);
    expect(engine.run('return select("#", nothing())', 'a.lua')).toEqual([0]);
  });

  test('a thrown Error becomes a Lua error with its message, catchable by pcall', () => {
    engine.setGlobal('fail', () => {
      throw new Error('disk on fire');
    });
    const [ok, msg] = engine.run('return pcall(fail)', 'a.lua') as [boolean, string];
    expect(ok).toBe(false);
    expect(msg).toContain('disk on fire');
    const err = caught(() => engine.run('\nfail()', 'caller.lua'));
    expect(err.message).toBe('caller.lua:2: disk on fire');
  });

  test('a Promise result is refused (functions must be synchronous)', () => {
    engine.setGlobal('later', async () => 1);
    expect(caught(() => engine.run('later()', 'a.lua')).message).toContain('must be synchronous');
  });

  test('nested: Lua -> JS -> engine.call -> Lua', () => {
    engine.run('function inner(x) return x * 2 end', 'a.lua');
    engine.setGlobal('viaHost', (x: unknown) => engine.call('inner', [x])[0]);
    expect(engine.run('return viaHost(21) + 0', 'b.lua')).toEqual([42]);
    // errors of the inner call surface in Lua with their own position
    engine.run('function innerFail() error("deep") end', 'deep.lua');
    engine.setGlobal('viaHostFail', () => engine.call('innerFail', []));
    const [ok, msg] = engine.run('return pcall(viaHostFail)', 'b.lua') as [boolean, string];
    expect(ok).toBe(false);
    expect(msg).toBe('deep.lua:1: deep');
  });

  test('nested calls inside a coroutine run on the coroutine', () => {
    engine.run('function twice(x) return x * 2 end', 'a.lua');
    engine.setGlobal('viaHost', (x: unknown) => engine.call('twice', [x])[0]);
    const r = engine.run(
      `local co = coroutine.create(function(a) local b = viaHost(a); coroutine.yield(b); return viaHost(b) end)
       local _, first = coroutine.resume(co, 5)
       local _, second = coroutine.resume(co)
       return first, second`,
      'co.lua',
    );
    expect(r).toEqual([10, 20]);
  });

  test('close() from inside a call takes effect afterwards', () => {
    engine.setGlobal('shutdown', () => engine.close());
    expect(engine.run('shutdown(); return 1', 'a.lua')).toEqual([1]);
    expect(() => engine.run('return 1', 'a.lua')).toThrow(/closed/);
    engine.close(); // idempotent
  });
});

describe('several engines', () => {
  test('are independent, and may call each other', async () => {
    const other = await LuaEngine.create({ sandbox: true });
    engine.run('x = "main"', 'a.lua');
    other.run('x = "other"', 'b.lua');
    engine.setGlobal('askOther', () => other.run('return x', 'q.lua')[0]);
    expect(engine.run('return x, askOther()', 'a.lua')).toEqual(['main', 'other']);
    expect(() => other.run('while true do end', 'spin.lua', { budgetMs: 10 })).toThrow(/stopped after 10 ms/);
    expect(engine.run('return x', 'a.lua')).toEqual(['main']);
    other.close();
  });

  test('creating and closing many engines does not leak wasm function slots', async () => {
    for (let i = 0; i < 150; i++) {
      const e = await LuaEngine.create();
      e.setGlobal('f', () => i);
      expect(e.run('return f()', 'x.lua')).toEqual([i]);
      e.close();
    }
  });
});

describe('function references', () => {
  test('functions come back as refs that can be called later and released', () => {
    const [handlers] = engine.run(
      'local n = 0; return { inc = function(by) n = n + (by or 1); return n end, name = "h" }',
      'h.lua',
    ) as [{ inc: LuaFunctionRef; name: string }];
    expect(typeof handlers.inc.__luaFunction).toBe('number');
    expect(engine.call(handlers.inc, [5])).toEqual([5]);
    expect(engine.call(handlers.inc, [])).toEqual([6]);
    // a structured clone (e.g. after crossing a worker boundary) still works
    expect(engine.call(structuredClone(handlers.inc), [])).toEqual([7]);
    expect(engine.functionRefCount()).toBe(1);
    engine.release(handlers.inc);
    expect(engine.functionRefCount()).toBe(0);
    expect(() => engine.call(handlers.inc, [])).toThrow(/released/);
  });

  test('refs passed back into Lua are the original function', () => {
    const [f] = engine.run('F = function() end; return F', 'f.lua') as [LuaFunctionRef];
    engine.setGlobal('G', f);
    expect(engine.run('return F == G', 'x.lua')).toEqual([true]);
  });

  test("functions: 'null' skips functions (nothing to release)", () => {
    expect(engine.run('return { f = function() end, 1 }', 'x.lua', { functions: 'null' })).toEqual([
      { 1: 1, f: null },
    ]);
    expect(engine.functionRefCount()).toBe(0);
  });
});
