import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  LuaEngine,
  LuaScriptError,
  isLuaFunctionRef,
  type LuaFunctionRef,
} from '../../../src/lua/engine/index.js';

let engine: LuaEngine;
beforeAll(async () => {
  engine = await LuaEngine.create({ defaultBudgetMs: 2000 }); // the printed timings below must not trip the 100 ms guard on a loaded machine
});
afterAll(() => engine.close());

const one = (src: string): unknown => engine.run(src, 'conv.lua')[0];

describe('Lua -> JS', () => {
  test.each([
    ['return nil', null],
    ['return true', true],
    ['return false', false],
    ['return 42', 42],
    ['return -7.25', -7.25],
    ['return 2^53', 2 ** 53],
    ['return 1/0', Infinity],
    ['return "plain"', 'plain'],
    ['return ""', ''],
    ['return {}', []],
    ['return {10, 20, 30}', [10, 20, 30]],
    ['return {[1]="a", [2]="b"}', ['a', 'b']],
    ['return {[2]="b"}', { 2: 'b' }],
    ['return {1, nil, 3}', { 1: 1, 3: 3 }],
    ['return {[1.5]="x"}', { '1.5': 'x' }],
    ['return {[0]="z", "a"}', { 0: 'z', 1: 'a' }],
    ['return {x = 1, y = {z = {true}}}', { x: 1, y: { z: [true] } }],
    ['return {1, 2, name = "mixed"}', { 1: 1, 2: 2, name: 'mixed' }],
    ['return {[true] = "yes"}', { true: 'yes' }],
    ['return {{}, {{}}}', [[], [[]]]],
    ['return coroutine.create(function() end)', null],
  ])('%s', (src, expected) => {
    expect(one(src)).toEqual(expected);
  });

  test('UTF-8 strings, including emoji and embedded NUL', () => {
    const s = 'héllo wörld — 日本語 🎉👩‍💻';
    engine.setGlobal('s', s);
    expect(one('return s')).toBe(s);
    expect(one('return #s')).toBe(Buffer.byteLength(s, 'utf8'));
    expect(one('return "\\u{1F600}"')).toBe('😀');
    expect(one('return "a\\0b"')).toBe('a\0b');
    const long = '✓'.repeat(5000) + 'x'.repeat(5000);
    engine.setGlobal('long', long);
    expect(one('return long')).toBe(long);
    expect(one('return utf8.len(long)')).toBe(10000);
    expect(one('return {["ключ"] = "значение"}')).toEqual({ ключ: 'значение' });
  });

  test('shared subtables are fine; cycles are an error, not a JS stack overflow', () => {
    expect(one('local s = {1} return {a = s, b = s}')).toEqual({ a: [1], b: [1] });
    const err = (() => {
      try {
        one('local t = {} t.self = t return t');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LuaScriptError);
    expect((err as LuaScriptError).message).toContain('cycle');
    expect(() => one('local a, b = {}, {} a[1] = b b[1] = a return a')).toThrow(/cycle/);
  });

  test('nesting deeper than 100 is an error; 99 is fine', () => {
    expect(() => one('local t = {} for i = 1, 150 do t = {t} end return t')).toThrow(/deeper than 100/);
    let depth = 0;
    let v = one('local t = {} for i = 1, 98 do t = {t} end return t');
    while (Array.isArray(v) && v.length > 0) {
      depth++;
      v = v[0];
    }
    expect(depth).toBe(98);
  });

  test('functions become refs, callable later', () => {
    const v = one('return { on = { click = function(x) return "clicked " .. x end } }') as {
      on: { click: LuaFunctionRef };
    };
    expect(isLuaFunctionRef(v.on.click)).toBe(true);
    expect(engine.call(v.on.click, ['ok'])).toEqual(['clicked ok']);
    engine.release(v.on.click);
  });
});

describe('JS -> Lua', () => {
  test('round trip through Lua keeps plain data', () => {
    const data = { a: [1, 2, { b: 'c' }], d: true, e: 1.5, f: 'ü', empty: [], neg: -3 };
    engine.setGlobal('data', data);
    expect(engine.getGlobal('data')).toEqual(data);
    expect(one('return math.type(data.neg), math.type(data.e), #data.a')).toBe('integer');
  });

  test('null/undefined become nil; holes in arrays too', () => {
    engine.setGlobal('v', { a: null, b: undefined, list: [1, null, 3] });
    expect(one('local n = 0 for _ in pairs(v) do n = n + 1 end return n')).toBe(1);
    expect(one('return v.list[2] == nil and v.list[3] == 3')).toBe(true);
  });

  test('cyclic JS values are refused', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(() => engine.setGlobal('o', o)).toThrow(/cycle/);
    expect(one('return 1')).toBe(1);
  });
});

describe('performance (printed, not asserted)', () => {
  test('convert a ~200-node layout tree', () => {
    engine.run(
      `function buildTree()
         local function node(depth, i)
           local n = { type = "box", props = { width = "50%", grow = 1, border = "rounded", padding = { top = 0, right = 1, bottom = 0, left = 1 } }, children = {} }
           if depth < 3 then
             for c = 1, 5 do n.children[c] = node(depth + 1, c) end
           else
             n.children[1] = { type = "text", props = { fg = "cyan", bold = true }, children = { "agent " .. i .. " ✓" } }
           end
           return n
         end
         return node(0, 0)
       end`,
      'tree.lua',
    );
    const count = (n: unknown): number =>
      typeof n === 'object' && n !== null && 'children' in n
        ? 1 + (n as { children: unknown[] }).children.reduce<number>((s, c) => s + count(c), 0)
        : 1;
    const [tree] = engine.call('buildTree', []);
    const nodes = count(tree);
    for (let i = 0; i < 50; i++) engine.call('buildTree', []); // warm up
    engine.run('T = buildTree()', 'tree.lua');
    const n = 200;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) engine.getGlobal('T');
    const convertMs = (performance.now() - t0) / n;
    t0 = performance.now();
    for (let i = 0; i < n; i++) engine.call('buildTree', []);
    const buildAndConvertMs = (performance.now() - t0) / n;
    console.log(
      `[lua-engine] ${nodes}-node tree: convert ${convertMs.toFixed(3)} ms, build in Lua + convert ${buildAndConvertMs.toFixed(3)} ms`,
    );
    expect(nodes).toBeGreaterThan(150);
  });
});
