// Errors Lua raises without a position get the innermost Lua frame's file:line; errors raised
// with error(msg, 0) or as error objects stay as their author wrote them.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConvertError, LuaEngine } from '../../../src/lua/engine/index.js';
import { caught } from '../../support/lua-caught.js';

let engine: LuaEngine;
beforeEach(async () => {
  engine = await LuaEngine.create({ memoryLimit: 8 * 1024 * 1024 });
});
afterEach(() => engine.close());

describe('errors without a position', () => {
  test('C stack overflow through tostring/__tostring names the Lua line that recursed', () => {
    const err = caught(() =>
      engine.run(
        'local t = setmetatable({}, {})\ngetmetatable(t).__tostring = function(s) return tostring(s) end\nreturn tostring(t)',
        'user/a.lua',
      ),
    );
    expect(err.message).toBe('user/a.lua:2: C stack overflow');
  });

  test('C stack overflow through a C callback (gsub) names the line', () => {
    const err = caught(() =>
      engine.run('local function f() return (("x"):gsub(".", f)) end\nreturn f()', 'user/b.lua'),
    );
    expect(err.message).toBe('user/b.lua:1: C stack overflow');
  });

  test('an error raised by a C function (string.rep) names the line that called it', () => {
    const err = caught(() => engine.run('local n = 2^40\nreturn ("xy"):rep(n)', 'user/c.lua'));
    expect(err.message).toMatch(/^user\/c\.lua:2: /);
  });

  test('error(msg, 0) and error objects are left as written', () => {
    expect(caught(() => engine.run('error("plain", 0)', 'user/d.lua')).message).toBe('plain');
    expect(
      caught(() =>
        engine.run('error(setmetatable({}, { __tostring = function() return "obj" end }))', 'user/d.lua'),
      ).message,
    ).toBe('obj');
  });

  test('a value that cannot be converted names where inside it the problem is', () => {
    const err = caught(() =>
      engine.run('local t = { a = { { 1 } } }; t.a[1][2] = t; return t', 'user/e.lua'),
    );
    expect(err).toBeInstanceOf(ConvertError);
    expect((err as ConvertError).path).toBe('.a[1][2]');
    expect(err.message).toBe('.a[1][2]: cannot convert a table that contains itself (cycle)');
  });
});
