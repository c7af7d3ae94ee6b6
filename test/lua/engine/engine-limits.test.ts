import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LuaEngine, LuaScriptError } from '../../../src/lua/engine/index.js';
import { caught } from '../../support/lua-caught.js';

let engine: LuaEngine;
beforeEach(async () => {
  engine = await LuaEngine.create();
});
afterEach(() => engine.close());

describe('CPU budget', () => {
  const loops: [string, string][] = [
    ['plain loop', 'local x = 0\nwhile true do\n  x = x + 1\nend'],
    ['pcall inside the loop', 'while true do\n  pcall(function() while true do end end)\nend'],
    [
      'coroutines',
      'while true do\n  local co = coroutine.wrap(function() while true do end end)\n  pcall(co)\nend',
    ],
    [
      'xpcall whose handler loops',
      'xpcall(function() while true do end end, function() while true do end end)\nwhile true do end',
    ],
    ['error thrown and caught forever', 'while true do pcall(error, "x") end'],
  ];
  for (const [name, src] of loops) {
    test(`stops: ${name}`, () => {
      const err = caught(() => engine.run(src, 'user/layout.lua', { budgetMs: 50 }));
      expect(err.kind).toBe('timeout');
      expect(err.message).toMatch(/^user\/layout\.lua:\d+: stopped after 50 ms \(infinite loop\?\)$/);
      expect(err.file).toBe('user/layout.lua');
      expect(engine.run('return 1', 'ok.lua')).toEqual([1]);
    });
  }

  test('the message names the line that was running', () => {
    engine.run('function spin()\n  local i = 0\n  while true do i = i + 1 end\nend', 'lib/spin.lua');
    const err = caught(() => engine.call('spin', [], { budgetMs: 30 }));
    expect(err.message).toBe('lib/spin.lua:3: stopped after 30 ms (infinite loop?)');
    expect(err.line).toBe(3);
  });

  test('default budget applies when none is given', async () => {
    const e = await LuaEngine.create({ defaultBudgetMs: 20 });
    expect(caught(() => e.run('while true do end', 'a.lua')).message).toContain('stopped after 20 ms');
    e.close();
  });

  test('a long but finite run within budget is fine, and the hook rate recovers after a timeout', () => {
    caught(() => engine.run('while true do end', 'a.lua', { budgetMs: 10 }));
    expect(
      engine.run('local x = 0 for i = 1, 2e6 do x = x + i end return x', 'a.lua', { budgetMs: 5000 }),
    ).toEqual([2000001000000]);
  });

  test('nested calls keep the outer deadline', () => {
    engine.run('function spin() while true do end end', 'spin.lua');
    // the inner call asks for 10 s but must be cut at the outer 50 ms
    engine.setGlobal('hostSpin', () => engine.call('spin', [], { budgetMs: 10_000 }));
    const err = caught(() => engine.run('while true do pcall(hostSpin) end', 'outer.lua', { budgetMs: 50 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('stopped after 50 ms');
  });

  test('a shorter inner budget times out the inner call only', () => {
    engine.run('function spin() while true do end end', 'spin.lua');
    engine.setGlobal('hostSpin', () => engine.call('spin', [], { budgetMs: 10 }));
    const [ok, msg, after] = engine.run(
      'local ok, msg = pcall(hostSpin) return ok, msg, 1 + 1',
      'outer.lua',
      { budgetMs: 5000 },
    ) as [boolean, string, number];
    expect(ok).toBe(false);
    expect(msg).toBe('spin.lua:1: stopped after 10 ms (infinite loop?)');
    expect(after).toBe(2);
  });

  test('an inner timeout that escapes is reported as a timeout', () => {
    engine.run('function spin() while true do end end', 'spin.lua');
    engine.setGlobal('hostSpin', () => engine.call('spin', [], { budgetMs: 10 }));
    const err = caught(() => engine.run('hostSpin()', 'outer.lua', { budgetMs: 5000 }));
    expect(err.kind).toBe('timeout');
  });
});

describe('memory', () => {
  test('a memory bomb fails with kind memory and the engine keeps working', async () => {
    const e = await LuaEngine.create({ memoryLimit: 16 * 1024 * 1024 });
    const err = caught(() =>
      e.run('local t = {} for i = 1, 1e8 do t[i] = ("x"):rep(1000) .. i end', 'bomb.lua', {
        budgetMs: 10_000,
      }),
    );
    expect(err.kind).toBe('memory');
    expect(err.message).toBe('not enough memory');
    expect(e.memoryUsed()).toBeLessThan(4 * 1024 * 1024); // the bomb's garbage was collected
    expect(e.run('local s = ("y"):rep(100) return #s', 'after.lua')).toEqual([100]);
    e.close();
  });

  test('the default 64 MiB limit holds', () => {
    const err = caught(() =>
      engine.run('local t = {} for i = 1, 1e8 do t[i] = ("x"):rep(1000) .. i end', 'bomb.lua', {
        budgetMs: 10_000,
      }),
    );
    expect(err.kind).toBe('memory');
    expect(engine.run('return "alive"', 'a.lua')).toEqual(['alive']);
  });

  test('a limit too small for the standard library fails cleanly at create()', async () => {
    await expect(LuaEngine.create({ memoryLimit: 4096 })).rejects.toThrow(
      /not enough memory|could not create/,
    );
    const e = await LuaEngine.create(); // the shared wasm module survived
    expect(e.run('return 1', 'a.lua')).toEqual([1]);
    e.close();
  });

  test('one huge allocation', () => {
    const err = caught(() => engine.run('return ("x"):rep(1e9)', 'big.lua'));
    expect(err.kind).toBe('memory');
  });

  test('a memory error inside a nested call keeps its kind', () => {
    engine.run(
      'function bomb() local t = {} for i = 1, 1e8 do t[i] = ("x"):rep(1000) .. i end end',
      'bomb.lua',
    );
    engine.setGlobal('hostBomb', () => engine.call('bomb', [], { budgetMs: 10_000 }));
    const err = caught(() => engine.run('hostBomb()', 'outer.lua', { budgetMs: 10_000 }));
    expect(err.kind).toBe('memory');
  });
});

describe('recursion', () => {
  test('deep Lua recursion is a stack overflow error', () => {
    const err = caught(() =>
      engine.run('local function f() return 1 + f() end\nreturn f()', 'rec.lua', { budgetMs: 10_000 }),
    );
    expect(err.kind).toBe('runtime');
    expect(err.message).toMatch(/^rec\.lua:1: stack overflow/);
    expect(engine.run('return 1', 'a.lua')).toEqual([1]);
  });

  test('C-level recursion (metamethods, gsub) is a C stack overflow error', () => {
    const a = caught(() =>
      engine.run(
        'local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x',
        'idx.lua',
      ),
    );
    expect(a.message).toContain('stack overflow');
    const b = caught(() =>
      engine.run('local function f(s) return (s:gsub(".", f)) end return f("ab")', 'gsub.lua'),
    );
    expect(b.message).toContain('stack overflow');
    expect(engine.run('return 2', 'a.lua')).toEqual([2]);
  });

  test('recursion through JS functions is bounded too', () => {
    engine.setGlobal('again', () => engine.call('recurse', []));
    engine.run('function recurse() return again() end', 'r.lua');
    const err = caught(() => engine.call('recurse', [], { budgetMs: 10_000 }));
    expect(err.message).toMatch(/stack overflow|C stack/);
    expect(engine.run('return 3', 'a.lua')).toEqual([3]);
  });
});
