// json and crypto through real Lua (the configuration's runtime, the shipped core files).
import { afterEach, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { ConfigRuntime } from '../../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../../src/reload/config-files.js';
import { BUILTIN_COMMANDS } from '../../../src/commands/builtin-commands.js';
import { tempHome } from '../../support/hub.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

/** Runs `body` as a user file's command; what it put in `out` (JSON-able) or its error. */
async function run(body: string): Promise<unknown> {
  rt = await ConfigRuntime.build(
    readConfigFiles({
      home: tempHome({
        'user/t.lua': `local out = state.get("out", {})\ncommands.register("t.run", function(app)\n${body}\nend)`,
      }),
    }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  try {
    rt.runCommand('t.run', app());
  } catch (err) {
    return { error: (err as Error).message };
  }
  return (rt.persisted().namespaces as Record<string, unknown>).out;
}

const app = () => ({
  agents: [],
  focused_id: null,
  selected: 0,
  mode: 'normal',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  hint: '',
  shell: '/bin/sh',
});

describe('json', () => {
  it('round-trips objects, arrays, null, numbers and escapes', async () => {
    const out = await run(`
      local v = json.decode('{"a":[1,null,3],"b":null,"c":{},"d":[],"e":"x\\\\"\\\\n\\\\u00e9","f":1.5,"g":-0}')
      out.null_in_array = v.a[2] == json.null
      out.len = #v.a
      out.b_is_null = v.b == json.null
      out.again = json.encode(v)
      out.plain = json.encode({ list = { 1, 2, "three" }, n = 42, f = 0.1, t = true, nested = { k = "v" } })
      out.empty = json.encode({})
      out.arr = json.encode(json.array())
      out.obj = json.encode(json.object({}))
      out.nil_top = json.encode(nil)
    `);
    expect(out).toEqual({
      null_in_array: true,
      len: 3,
      b_is_null: true,
      again: '{"a":[1,null,3],"b":null,"c":{},"d":[],"e":"x\\"\\né","f":1.5,"g":-0}',
      plain: '{"f":0.1,"list":[1,2,"three"],"n":42,"nested":{"k":"v"},"t":true}',
      empty: '{}',
      arr: '[]',
      obj: '{}',
      nil_top: 'null',
    });
  });

  it('errors say where: the caller line, the position in the text, the path in the value', async () => {
    expect(await run(`json.decode('{"a": }')`)).toEqual({
      error: expect.stringMatching(/user\/t\.lua:3: json\.decode: .* at line 1, column 7$/),
    });
    expect(await run(`json.decode('[1,\\n 2,,]')`)).toEqual({
      error: expect.stringMatching(/t\.lua:3: json\.decode: .* at line 2, column 4$/),
    });
    expect(await run(`json.encode({ list = { 1, function() end } })`)).toEqual({
      error: expect.stringMatching(/t\.lua:3: json\.encode: value\.list\[2\]: cannot encode a function$/),
    });
    expect(await run(`local t = {}; t.self = t; json.encode(t)`)).toEqual({
      error: expect.stringMatching(/t\.lua:3: json\.encode: value\.self: a table that contains itself$/),
    });
    expect(await run(`json.encode(0/0)`)).toEqual({
      error: expect.stringMatching(/cannot encode (-?nan|-?NaN)/),
    });
  });

  it('a decode bomb is refused: deep nesting, too many values, too large', async () => {
    const deep = await run(`json.decode(string.rep("[", 100000) .. string.rep("]", 100000))`);
    expect(deep).toEqual({
      error: expect.stringMatching(/t\.lua:3: json\.decode: nested deeper than 64 levels/),
    });
    const many = await run(`json.decode("[" .. string.rep("0,", 600000) .. "0]")`);
    expect(many).toEqual({ error: expect.stringMatching(/more than 500000 values/) });
    const big = await run(`json.decode('"' .. string.rep("x", 9 * 1024 * 1024) .. '"')`);
    expect(big).toEqual({ error: expect.stringMatching(/over the limit/) });
  });
});

describe('crypto', () => {
  it('sha256, hmac_sha256 as lowercase hex; random_bytes; equal', async () => {
    const out = await run(`
      out.sha = crypto.sha256("hello")
      out.hmac = crypto.hmac_sha256("secret", '{"action":"opened"}')
      out.rand = crypto.random_bytes(16)
      out.rand2 = crypto.random_bytes(16)
      out.eq = crypto.equal("abc", "abc")
      out.ne = crypto.equal("abc", "abd")
      out.ne_len = crypto.equal("abc", "abcd")
    `);
    expect(out).toMatchObject({
      sha: crypto.createHash('sha256').update('hello').digest('hex'),
      hmac: crypto.createHmac('sha256', 'secret').update('{"action":"opened"}').digest('hex'),
      eq: true,
      ne: false,
      ne_len: false,
    });
    const o = out as { rand: string; rand2: string };
    expect(o.rand).toMatch(/^[0-9a-f]{32}$/);
    expect(o.rand).not.toBe(o.rand2);
    expect(await run(`crypto.random_bytes(0)`)).toEqual({
      error: expect.stringMatching(
        /t\.lua:3: crypto\.random_bytes: n must be a whole number from 1 to 1024$/,
      ),
    });
    expect(await run(`crypto.sha256(nil)`)).toEqual({
      error: expect.stringMatching(/t\.lua:3: crypto\.sha256: expected a string, got nil$/),
    });
  });
});
