import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LuaEngine, LuaScriptError } from '../../../src/lua/engine/index.js';

let sandbox: LuaEngine;
const printed: string[] = [];
beforeAll(async () => {
  sandbox = await LuaEngine.create({
    sandbox: true,
    print: (t) => printed.push(t),
    memoryLimit: 16 * 1024 * 1024,
  });
});
afterAll(() => sandbox.close());

/** Runs an escape attempt; it must either raise a LuaScriptError or yield nothing useful (nil/false). */
function attempt(src: string): { error?: LuaScriptError; value?: unknown } {
  try {
    const [value] = sandbox.run(src, 'evil.lua', { budgetMs: 200 });
    return { value };
  } catch (err) {
    expect(err).toBeInstanceOf(LuaScriptError);
    return { error: err as LuaScriptError };
  }
}

describe('sandbox escape corpus: each attempt fails cleanly', () => {
  const corpus: [string, string][] = [
    ['io.open', 'return io.open("/etc/passwd")'],
    ['io.write', 'io.write("x")'],
    ['io via rawget on _G', 'return rawget(_G, "io")'],
    ['io via _ENV', 'return _ENV.io'],
    ['os.execute', 'return os.execute("echo pwned")'],
    ['os.getenv', 'return os.getenv("HOME")'],
    ['os.remove', 'return os.remove("/tmp/x")'],
    ['os.rename', 'return os.rename("/tmp/x", "/tmp/y")'],
    ['os.exit', 'os.exit(1)'],
    ['os.tmpname', 'return os.tmpname()'],
    ['require"os"', 'return require"os"'],
    ['require"debug"', 'return require("debug")'],
    ['package.loaded', 'return package.loaded'],
    ['package via _G', 'return _G.package'],
    ['debug.sethook', 'debug.sethook()'],
    ['debug.getregistry', 'return debug.getregistry()'],
    ['dofile', 'return dofile("/etc/passwd")'],
    ['loadfile', 'return loadfile("/etc/passwd")'],
    ['collectgarbage()', 'collectgarbage()'],
    ['collectgarbage via _G', 'return _G.collectgarbage'],
    ['string.dump', 'return string.dump(function() end)'],
    ['load(string.dump(f))', 'return load(string.dump(function() return 1 end))'],
    ['("").dump via the string metatable', 'return ("").dump'],
    ['getmetatable("").__index.dump', 'return getmetatable("").__index.dump'],
    ['binary chunk via load', 'return (load("\\27LuaT\\0\\25\\147\\r\\n\\26\\n\\4\\8\\8"))'],
    ['binary chunk with explicit mode "b"', 'return (load("\\27LuaT\\0", "x", "b"))'],
    [
      'binary chunk via a reader function',
      'local done = false return (load(function() if done then return nil end done = true return "\\27LuaT\\0" end))',
    ],
    [
      'load with an env cannot see removed globals',
      'return load("return io or os.execute or require", "x", "t", _G)()',
    ],
    [
      'a finalizer that would run without hooks',
      'setmetatable({}, { __gc = function() while true do end end })',
    ],
    [
      '__gc added after setmetatable is inert',
      `local ran = false
       local mt = {}
       local t = setmetatable({}, mt)
       mt.__gc = function() ran = true end
       local weak = setmetatable({}, { __mode = "k" })
       weak[t] = true
       t = nil
       for i = 1, 3e5 do local _ = { i } end
       return next(weak) == nil and not ran and "alive"`,
    ],
    ['warn', 'warn("@on") warn("x")'],
    ['getfenv/setfenv/module (5.1)', 'return getfenv or setfenv or module or newproxy'],
    [
      'xpcall handler that loops forever',
      'return xpcall(function() error("x") end, function() while true do end end)',
    ],
    [
      'timeout hook cannot be escaped with coroutines',
      'while true do pcall(coroutine.wrap(function() while true do end end)) end',
    ],
    ['C loop: empty string.rep', 'return #(""):rep(2^40)'],
    ['C loop: empty string.rep with empty separator', 'return #string.rep("", 2^40, "")'],
    ['C loop: table.move over a huge range', 'return table.move({1, 2, 3}, 1, 1e12, 2)'],
    [
      'C loop: table.insert with a lying __len',
      'local t = setmetatable({}, { __len = function() return 2^62 end }) table.insert(t, 1, "x")',
    ],
    [
      'C loop: table.remove with a lying __len',
      'local t = setmetatable({}, { __len = function() return 2^62 end }) table.remove(t, 1)',
    ],
    ['memory bomb', 'local t = {} for i = 1, 1e8 do t[i] = ("x"):rep(1000) .. i end'],
    ['one giant string', 'return ("x"):rep(2^31)'],
  ];

  for (const [name, src] of corpus) {
    test(name, () => {
      const r = attempt(src);
      if (r.error) {
        expect(r.error.message.length).toBeGreaterThan(0);
      } else if (name === '__gc added after setmetatable is inert') {
        expect(r.value).toBe('alive');
      } else if (name.startsWith('C loop: empty string.rep')) {
        expect(r.value).toBe(0);
      } else {
        expect(r.value === null || r.value === false).toBe(true);
      }
      // and the sandbox still works
      expect(sandbox.run('return 1 + 1', 'ok.lua')).toEqual([2]);
    });
  }

  test('the looping xpcall handler is stopped by the deadline', () => {
    const r = attempt('return xpcall(function() error("x") end, function() while true do end end)');
    expect(r.error?.kind).toBe('timeout');
  });
});

describe('sandbox keeps the safe standard library', () => {
  test('globals are exactly the whitelist', () => {
    const [names] = sandbox.run(
      'local n = {} for k in pairs(_G) do n[#n + 1] = k end table.sort(n) return n',
      'g.lua',
    ) as [string[]];
    expect(names).toEqual(
      [
        '_G',
        '_VERSION',
        'assert',
        'coroutine',
        'error',
        'getmetatable',
        'ipairs',
        'load',
        'math',
        'next',
        'os',
        'pairs',
        'pcall',
        'print',
        'rawequal',
        'rawget',
        'rawlen',
        'rawset',
        'select',
        'setmetatable',
        'string',
        'table',
        'tonumber',
        'tostring',
        'type',
        'unpack',
        'utf8',
        'xpcall',
      ].sort(),
    );
    expect(
      sandbox.run('local n = {} for k in pairs(os) do n[#n + 1] = k end table.sort(n) return n', 'g.lua'),
    ).toEqual([['clock', 'date', 'time']]);
  });

  test('the allowed functions work', () => {
    const r = sandbox.run(
      `local t = {3, 1, 2}
       table.sort(t)
       local ok, err = pcall(error, "boom")
       local xok, xmsg = xpcall(function() error({ code = 7 }) end, function(e) return e.code end)
       return {
         sorted = table.concat(t, ","),
         up = ("abc"):upper(),
         fmt = string.format("%d-%s", 5, "x"),
         unpack = select("#", unpack({1, 2, 3})),
         utf8 = utf8.len("héllo"),
         math = math.floor(3.7),
         pcall = ok == false and err:find("boom") ~= nil,
         xpcall = xmsg,
         co = coroutine.wrap(function() coroutine.yield(9) end)(),
         time = type(os.time()) == "number" and type(os.clock()) == "number" and type(os.date("%Y")) == "string",
         loadEnv = load("return x * 2", "chunk", "t", { x = 21 })(),
         loadDefault = load("return 40 + 2")(),
         mt = getmetatable(setmetatable({}, { __index = function() return "dflt" end })) ~= nil,
       }`,
      'ok.lua',
    );
    expect(r).toEqual([
      {
        sorted: '1,2,3',
        up: 'ABC',
        fmt: '5-x',
        unpack: 3,
        utf8: 5,
        math: 3,
        pcall: true,
        xpcall: 7,
        co: 9,
        time: true,
        loadEnv: 42,
        loadDefault: 42,
        mt: true,
      },
    ]);
  });

  test('guarded table functions keep their behaviour', () => {
    const r = sandbox.run(
      `local plain = {1, 2, 3}
       table.insert(plain, 4); table.insert(plain, 1, 0)
       local removed = table.remove(plain, 2)
       local last = table.remove(plain)
       local proxy = setmetatable({10, 20, 30}, {})
       table.insert(proxy, 40); table.insert(proxy, 2, 15)
       local premoved = table.remove(proxy, 1)
       local plast = table.remove(proxy)
       local empty = setmetatable({}, {})
       local none = table.remove(empty)
       local ok, err = pcall(table.insert, proxy, 99, 1)
       local ok2, err2 = pcall(table.insert, proxy, 1, 2, 3)
       return plain, removed, last, proxy, premoved, plast, none, ok, err, ok2, err2,
              table.move({1, 2, 3}, 1, 3, 2), ("ab"):rep(3, "-"), ("x"):rep(0), ("").rep("", 5)`,
      'tbl.lua',
    );
    expect(r).toEqual([
      [0, 2, 3],
      1,
      4,
      [15, 20, 30],
      10,
      40,
      null,
      false,
      "bad argument #2 to 'insert' (position out of bounds)",
      false,
      "wrong number of arguments to 'insert'",
      [1, 1, 2, 3],
      'ab-ab-ab',
      '',
      '',
    ]);
  });

  test('print is routed to the host', () => {
    printed.length = 0;
    sandbox.run('print("hello", 42)', 'p.lua');
    expect(printed).toEqual(['hello\t42']);
  });

  test('the non-sandboxed engine still has the full library (except os.exit)', async () => {
    const e = await LuaEngine.create();
    expect(
      e.run(
        'return type(io), type(debug), type(require), type(collectgarbage), type(string.dump), os.exit',
        'x.lua',
      ),
    ).toEqual(['table', 'table', 'function', 'function', 'function', null]);
    e.close();
  });
});
