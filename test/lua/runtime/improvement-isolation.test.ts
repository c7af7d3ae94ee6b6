// Each improvement lives in its own world (src/lua/runtime/unit-world.ts): whatever one does to
// its globals, to the metatables it can reach, to the API tables or to what the host hands it, a
// second improvement, the user's files and the shipped Lua work as before, and the hub's calls into
// the tampering one still reach the core functions it was loaded with. Real Lua states: the
// configuration's and one sandbox per improvement, built as the hub builds them.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../../src/lua/runtime/config-runtime.js';
import { loadImprovement } from '../../../src/lua/runtime/improvement-unit.js';
import { readConfigFiles } from '../../../src/reload/config-files.js';
import { PieceHealth } from '../../../src/lua/runtime/piece-health.js';
import { SAMPLE_APP } from '../../../src/lua/runtime/sample-app.js';
import type { AppData } from '../../../src/hub/self.js';
import type { ConfigFile } from '../../../src/lua/runtime/config-file.js';
import { BUILTIN_COMMANDS } from '../../../src/commands/builtin-commands.js';
import { treeText } from '../../../src/cli/tree-text.js';
import { tempHome } from '../../support/hub.js';
import { screenOf } from '../../support/status.js';

const runtimes: ConfigRuntime[] = [];
afterEach(() => {
  for (const rt of runtimes.splice(0)) rt.dispose();
});

const APP: AppData = { ...SAMPLE_APP, size: { width: 100, height: 20 } };

const improvement = (name: string, source: string): ConfigFile => ({
  name: `improvements/${name}.lua`,
  source,
  layer: 'improvement',
});

// The user's files: a key whose function uses a module of theirs (require, package.loaded) and
// string methods.
const USER = {
  'user/greet.lua': 'return { text = function(what) return ("user %s"):format(what):rep(1) end }',
  'user/keybindings.lua': `local greet = require("greet")
keys.bind("normal", "u", function(app) app:notify(greet.text("key")) end, { desc = "user key" })`,
};

// The improvement pushed after the tampering one: a key, a command, a hook, a piece and a status
// adapter, each using the standard library the way code does.
const GOOD = `keys.bind("normal", "y", function(app) app:notify("good key " .. string.rep("!", 2)) end, { desc = "good" })
commands.register("good.hello", function(app) app:notify(("good %s"):format("command")) end)
hooks.on("agent_exited", function(ev, app) app:notify("good hook " .. tostring(ev.name)) end)
hooks.on("before_agent_spawn", function(ev) ev.env = ev.env or {}; ev.env.GOOD = "1"; return ev end)
layout.piece("status.right", "good", function(app) return ("good piece %d"):format(#app.agents) end)
status.adapter({ name = "goodtool", match = "goodtool*", detect = function(screen) return "idle", "good adapter" end })`;

async function build(evil: string | null, more: ConfigFile[] = []) {
  const notices: string[] = [];
  const logged: string[] = [];
  const files = [
    ...readConfigFiles({ home: tempHome(USER) }),
    ...(evil === null ? [] : [improvement('evil', evil)]),
    improvement('good', GOOD),
    ...more,
  ];
  const rt = await ConfigRuntime.build(
    files,
    (level, message) => logged.push(`${level}: ${message}`),
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
    undefined,
    { health: new PieceHealth(), notice: (t) => notices.push(t) },
  );
  runtimes.push(rt);
  return { rt, notices, logged };
}

/**
 * A frame. The layout's own Lua has 100 ms: on a loaded machine the shipped files can be stopped
 * (as in slot-pieces.test.ts); that render is drawn again. What these tests look at never is.
 */
function frame(rt: ConfigRuntime, app: AppData): string {
  for (let tries = 1; ; tries++) {
    try {
      return treeText(rt.render(app), app.size.width, app.size.height);
    } catch (err) {
      const stalled = /^lua\/(core|default)\/[\w/.-]+:\d+: stopped after 100 ms/.test((err as Error).message);
      if (!stalled || tries === 3) throw err;
    }
  }
}

const texts = (requests: unknown[]) => requests.map((r) => (r as { text?: string }).text);

/** Everything but the tampering improvement works as it does without it. */
function othersWork(rt: ConfigRuntime): void {
  // the good improvement: its key, its command, its hooks, its piece, its adapter
  expect(texts(rt.invokeBinding('normal', 'y', APP, 'good'))).toEqual(['good key !!']);
  expect(texts(rt.runCommand('good.hello', APP, undefined, 'good'))).toEqual(['good command']);
  const exited = rt.dispatch('agent_exited', { name: 'claude' }, 'claude', () => {}, APP);
  expect(exited.requests.find((r) => r.owner === 'good')?.requests).toEqual([
    { type: 'notify', text: 'good hook claude', level: 'info' },
  ]);
  expect(exited.notes.filter((n) => !n.startsWith('improvements/evil.lua'))).toEqual([]);
  const spawn = rt.dispatch('before_agent_spawn', { command: 'sh', env: {} }, 'sh', () => {}, APP);
  expect(spawn.cancelled).toBe(false);
  // (an improvement may refuse what starts, never change it: its env goes nowhere)
  expect((spawn.payload as { env: Record<string, string> }).env.GOOD).toBeUndefined();
  expect(
    rt.detectStatus({ id: '9', name: 'g', program: 'goodtool', command: 'goodtool' }, screenOf('$ ')),
  ).toMatchObject({ state: 'idle', adapter: 'goodtool', reason: 'good adapter' });
  // the user's key (and their module)
  expect(texts(rt.invokeBinding('normal', 'u', APP))).toEqual(['user key']);
  // the shipped Lua: a command, the default layout with the good piece, a shipped status adapter
  expect(rt.runCommand('agent.next', APP)).toEqual([{ type: 'focus', id: '2' }]);
  expect(frame(rt, APP)).toContain('good piece 3');
  const dialog = 'Do you want to proceed?\n ❯ 1. Yes\n   2. No\n\n Esc to cancel';
  expect(
    rt.detectStatus({ id: '1', name: 'claude', program: 'claude', command: 'claude' }, screenOf(dialog)),
  ).toMatchObject({ state: 'waiting', adapter: 'claude' });
}

const evilKeys = (rt: ConfigRuntime) =>
  rt
    .export()
    .bindings.filter((b) => b.source.startsWith('improvements/evil.lua'))
    .map((b) => b.spec);

describe('an improvement that tampers with its world changes nothing for the others', () => {
  it('the reported case: _G given an erroring metatable and the API tables removed; its own key still works', async () => {
    const { rt, notices } =
      await build(`keys.bind("normal", "z", function(app) app:notify("evil key") end, { desc = "z" })
setmetatable(_G, { __index = function(_, k) error("tampered") end,
  __newindex = function() error("tampered") end })
keys, ui, hooks = nil, nil, nil`);
    expect(notices).toEqual([]);
    othersWork(rt);
    expect(texts(rt.invokeBinding('normal', 'z', APP, 'evil'))).toEqual(['evil key']);
  });

  it("new globals, and globals named like the host's (__host_*, App, settings, print)", async () => {
    const { rt, notices } =
      await build(`keys.bind("normal", "z", function(app) print("from evil"); app:notify(helper()) end)
function helper() return "evil key" end
x, keys2, App, settings, state2 = 1, {}, { render = function() error("tampered") end }, { way_out = "z" }, {}
__host_key_for = function() error("tampered") end
__host_log = function() error("tampered") end
__host_slot = function() error("tampered") end
__host_parse_key_spec = function() error("tampered") end
print = function() error("tampered") end`);
    expect(notices).toEqual([]);
    othersWork(rt);
    // (its print is its own: the key's own print fails, so the key fails, with its line)
    expect(() => rt.invokeBinding('normal', 'z', APP, 'evil')).toThrow(
      /^improvements\/evil\.lua:8: tampered/,
    );
  });

  it('_ENV replaced in the chunk: its own functions see the replacement (its key fails, or it does not load), nobody else does', async () => {
    const { rt, notices } = await build(`keys.bind("normal", "z", function(app) app:notify(tostring(1)) end)
local G = _G
_ENV = setmetatable({}, { __newindex = function() G.error("tampered") end })
keys = nil`);
    expect(notices).toEqual(['improvements/evil.lua:3: tampered (improvement evil left out)']);
    othersWork(rt);
    const { rt: rt2, notices: notices2 } =
      await build(`keys.bind("normal", "z", function(app) app:notify(tostring(1)) end)
_ENV = {}`);
    expect(notices2).toEqual([]);
    othersWork(rt2);
    expect(() => rt2.invokeBinding('normal', 'z', APP, 'evil')).toThrow(
      /^improvements\/evil\.lua:1: attempt to call a nil value \(global 'tostring'\)/,
    );
  });

  it("the string metatable and the string table: strings' methods stay the core's, its own string.* calls see its changes", async () => {
    const { rt, notices } = await build(`local mt = getmetatable("")
mt.__index = function() error("tampered") end
pcall(setmetatable, mt, { __index = function() error("tampered") end })
string.rep = function() error("tampered") end
string.format = nil
rawset(string, "upper", function() error("tampered") end)
function string.shout(s) return s:upper() .. "!" end
keys.bind("normal", "z", function(app) app:notify(("evil"):shout() .. (" key"):rep(1)) end)
keys.bind("normal", "x", function(app) app:notify(string.rep("x", 2)) end)`);
    expect(notices).toEqual([]);
    othersWork(rt);
    expect(texts(rt.invokeBinding('normal', 'z', APP, 'evil'))).toEqual(['EVIL! key']);
    expect(() => rt.invokeBinding('normal', 'x', APP, 'evil')).toThrow(
      /^improvements\/evil\.lua:4: tampered/,
    );
  });

  it('API functions replaced after registering (keys.bind, hooks.on, commands.register, layout.piece, status.adapter): what it registered still works', async () => {
    const { rt, notices } = await build(`keys.bind("normal", "z", function(app) app:notify("evil key") end)
hooks.on("agent_exited", function(ev, app) app:notify("evil hook") end)
hooks.on("agent_exited", function(ev, app) app:notify("evil once") end, { once = true })
hooks.on("agent_bell", function() while true do end end, { budget_ms = 400 })
commands.register("evil.cmd", function(app) app:notify("evil command") end)
local boom = function() error("tampered") end
keys.bind, keys.unbind, keys.list, keys.key_for = boom, boom, boom, boom
hooks.on, hooks.off, events.emit, events.on = boom, boom, boom, boom
commands.register, commands.run = boom, boom
layout.piece, status.adapter, status.list, state.get = boom, boom, boom, boom
hooks.budget_ms = 1e9
setmetatable(keys, { __index = boom, __newindex = boom })
setmetatable(hooks, { __index = boom, __newindex = boom })
ui = setmetatable({}, { __index = boom })`);
    expect(notices).toEqual([]);
    // its once-handler runs once and is gone (the host removes it with the hooks.off it was loaded with)
    const first = rt.dispatch('agent_exited', { name: 'a' }, 'a', () => {}, APP);
    expect(texts(first.requests.find((r) => r.owner === 'evil')?.requests ?? [])).toEqual([
      'evil hook',
      'evil once',
    ]);
    othersWork(rt);
    expect(texts(rt.invokeBinding('normal', 'z', APP, 'evil'))).toEqual(['evil key']);
    expect(texts(rt.runCommand('evil.cmd', APP, undefined, 'evil'))).toEqual(['evil command']);
    const exited = rt.dispatch('agent_exited', { name: 'a' }, 'a', () => {}, APP);
    expect(texts(exited.requests.find((r) => r.owner === 'evil')?.requests ?? [])).toEqual(['evil hook']);
    expect(exited.notes).toEqual([]);
    // a handler gets at most an improvement's 50 ms a call, whatever budget it asked for
    const logged: string[] = [];
    rt.dispatch('agent_bell', { name: 'a' }, 'a', (_, m) => logged.push(m), APP);
    expect(logged).toEqual([
      'improvements/evil.lua (handler 3): agent_bell handler ran over its 50 ms budget and was stopped',
    ]);
  });

  it('__botster replaced: the host still calls the core functions it loaded with', async () => {
    const { rt, notices } = await build(`keys.bind("normal", "z", function(app) app:notify("evil key") end)
local boom = function() error("tampered") end
__botster = setmetatable({ export = boom, invoke = boom, handlers_for = boom, run_piece = boom, adapters_for = boom },
  { __index = boom, __newindex = boom })`);
    expect(notices).toEqual([]);
    othersWork(rt);
    expect(evilKeys(rt)).toEqual(['z']);
    expect(texts(rt.invokeBinding('normal', 'z', APP, 'evil'))).toEqual(['evil key']);
  });

  it('__botster.export replaced: there is no __botster in its world, so it does not load; left out with a notice', async () => {
    const { rt, notices } = await build(`keys.bind("normal", "z", function(app) end)
__botster.export = function() return { bindings = { { mode = "insert", spec = "ctrl+g", keys = { "ctrl+g" } } } } end`);
    expect(notices).toEqual([
      "improvements/evil.lua:2: attempt to index a nil value (global '__botster') (improvement evil left out)",
    ]);
    othersWork(rt);
    expect(evilKeys(rt)).toEqual([]);
  });

  it('rawset on the tables it shares with the core of its own state (status.adapters, layout.slots, its globals)', async () => {
    const { rt, notices } = await build(`keys.bind("normal", "z", function(app) app:notify("evil key") end)
status.adapter({ name = "eviltool", match = "eviltool*", detect = function() return "idle" end })
rawset(status.adapters, 2, 42)
rawset(layout.slots, "status.right", "tampered")
rawset(_G, "keys", nil)
rawset(string, "rep", nil)
local boom = function() error("tampered") end
for _, name in ipairs({ "export", "invoke", "handlers_for", "run_piece", "adapters_for", "namespaces" }) do
  rawset(rawget(_G, "__botster") or {}, name, boom)
end
rawset(rawget(_G, "hooks") or {}, "off", boom)`);
    expect(notices).toEqual([]);
    othersWork(rt);
    // its adapters cannot be listed any more: left out of the answer, the others answer
    expect(
      rt.detectStatus({ id: '9', name: 'e', program: 'eviltool', command: 'eviltool' }, screenOf('$ ')),
    ).not.toMatchObject({
      adapter: 'eviltool',
    });
    expect(texts(rt.invokeBinding('normal', 'z', APP, 'evil'))).toEqual(['evil key']);
  });

  it('coroutines left suspended (inside keys.bind too) or yielding across the host', async () => {
    const { rt, notices } = await build(`local co = coroutine.wrap(function()
  keys.bind("normal", "z", function(app) app:notify("evil key") end)
  coroutine.yield()
  error("never")
end)
co()
keys.bind("normal", "x", function() coroutine.yield() end)
local opts = setmetatable({}, { __index = function() coroutine.yield() end })
coroutine.wrap(function() keys.bind("normal", "w", function() end, opts) end)()
kept = {}
hooks.on("agent_exited", function()
  local c = coroutine.create(function() while true do coroutine.yield() end end)
  coroutine.resume(c)
  kept[#kept + 1] = c
  coroutine.yield()
end)`);
    expect(notices).toEqual([]);
    // its hook fails (and says so), the others' run
    const exited = rt.dispatch('agent_exited', { name: 'a' }, 'a', () => {}, APP);
    expect(exited.notes).toEqual([
      'improvements/evil.lua:15: attempt to yield from outside a coroutine (handler 1 on agent_exited)',
    ]);
    othersWork(rt);
    expect(evilKeys(rt).sort()).toEqual(['x', 'z']); // w: its bind never finished
    expect(texts(rt.invokeBinding('normal', 'z', APP, 'evil'))).toEqual(['evil key']);
    expect(() => rt.invokeBinding('normal', 'x', APP, 'evil')).toThrow(/yield from outside a coroutine/);
  });

  it('metatables set on what the host hands it (an event payload, the app, the agents): the next improvement gets plain data', async () => {
    const { rt, notices } = await build(`local boom = function() error("tampered") end
local bad = { __index = boom, __newindex = boom, __pairs = boom, __len = boom, __eq = boom, __tostring = boom }
hooks.on("before_agent_spawn", function(ev, app)
  ev.env = setmetatable({ EVIL = "1" }, bad)
  setmetatable(app, bad)
  return setmetatable(ev, bad)
end)
hooks.on("agent_exited", function(ev, app) setmetatable(ev, bad); setmetatable(app.agents, bad) end)
layout.piece("status.left", "evil", function(app)
  for _, a in ipairs(app.agents) do setmetatable(a, bad) end
  setmetatable(app.agents, bad)
  return "evil piece"
end)
keys.bind("normal", "z", function(app) setmetatable(app, bad) end)`);
    expect(notices).toEqual([]);
    othersWork(rt);
    const spawn = rt.dispatch('before_agent_spawn', { command: 'sh', env: {} }, 'sh', () => {}, APP);
    // (an improvement's change to what starts goes nowhere: neither the tampering one's nor the good one's)
    expect(Object.keys((spawn.payload as { env: object }).env)).toEqual([]);
    expect(spawn.cancelled).toBe(false);
    expect(rt.invokeBinding('normal', 'z', APP, 'evil')).toEqual([]);
    // a second frame: the agents the piece tampered with are handed over again; the good piece draws
    expect(frame(rt, APP)).toContain('good piece 3');
    expect(frame(rt, { ...APP, agents: APP.agents.slice(0, 2) })).toContain('good piece 2');
  });

  it("package, require and load: its own; chunks it loads run in its world, not the core's", async () => {
    const { rt, notices } =
      await build(`package = { loaded = { greet = { text = function() error("tampered") end } } }
require = function() error("tampered") end
local f = load("keys_seen = keys ~= nil; __botster_seen = __botster ~= nil; return _G")
got_world = f() == _G
keys.bind("normal", "z", function(app) app:notify(tostring(got_world) .. " " .. tostring(__botster_seen)) end)`);
    expect(notices).toEqual([]);
    othersWork(rt);
    expect(texts(rt.invokeBinding('normal', 'z', APP, 'evil'))).toEqual(['true false']);
  });

  it("an improvement whose state cannot run at all (here: closed under the hub) misses events; the others' still run", async () => {
    const { rt } = await build(`hooks.on("agent_exited", function(ev, app) app:notify("evil hook") end)
status.adapter({ name = "eviltool", detect = function() return "idle" end })`);
    const evil = (rt as unknown as { improvements: Map<string, { engine: { close(): void } }> }).improvements;
    evil.get('evil')!.engine.close();
    const exited = rt.dispatch('agent_exited', { name: 'claude' }, 'claude', () => {}, APP);
    expect(exited.notes).toEqual(['improvements/evil.lua: LuaEngine is closed (agent_exited not handled)']);
    expect(rt.subscribedEvents()).toContain('agent_exited');
    othersWork(rt); // (its second failure is not shown again)
  });

  it('an improvement that fails to export or register is left out alone, with file:line, and the rest loads', async () => {
    const { rt, notices } = await build(`keys.bind("normal", "z", function() end)
error("broken on purpose")`);
    expect(notices).toEqual(['improvements/evil.lua:2: broken on purpose (improvement evil left out)']);
    othersWork(rt);
  });
});

describe('what a configuration cannot take from an improvement leaves that one out, or is made to fit', () => {
  it('a key bound to a command nobody registered: that improvement is left out, with a notice', async () => {
    const { rt, notices } = await build(`keys.bind("normal", "z", function() end)
keys.bind("normal", "Z", "gone.command")`);
    expect(notices).toEqual([
      'improvements/evil.lua: unknown command "gone.command" (keys.bind) (improvement evil left out)',
    ]);
    othersWork(rt);
    expect(evilKeys(rt)).toEqual([]);
  });

  it('a command id the hub would refuse is an error where it is registered', async () => {
    const { rt, notices } = await build('commands.register("evil..twice", function() end)');
    expect(notices).toEqual([
      'improvements/evil.lua:1: commands.register: id must be dotted lower-case words like "git.status", got evil..twice (improvement evil left out)',
    ]);
    othersWork(rt);
  });

  it('descriptions that are not text become text (the keymap and the commands take only text)', async () => {
    const { rt, notices } = await build(`keys.bind("normal", "z", function() end, { desc = { 1, 2 } })
keys.bind("normal", "Z", function() end, { desc = 42 })
commands.register("evil.cmd", function() end, { desc = setmetatable({}, { __tostring = function() return "x" end }), category = {} })
commands.register("evil.blank", function() end, { desc = "   " })
hooks.on("agent_exited", function() end, { name = { "n" } })
keys.mode("evilmode", { desc = {} })`);
    expect(notices).toEqual([]);
    othersWork(rt);
    const exp = rt.export();
    const mine = (source: string) => source.startsWith('improvements/evil.lua');
    expect(exp.bindings.filter((b) => mine(b.source)).map((b) => [b.spec, b.desc])).toEqual([
      ['z', ''],
      ['Z', '42'],
    ]);
    expect(
      exp.commands
        .filter((c) => mine(c.source))
        .map((c) => [c.id, c.desc, c.category])
        .sort(),
    ).toEqual([
      ['evil.blank', 'evil.blank', 'user'],
      ['evil.cmd', 'evil.cmd', ''],
    ]);
    expect(exp.hooks.filter((h) => mine(h.source)).map((h) => h.name)).toEqual(['']);
    expect(exp.modes.evilmode?.desc).toBe('');
  });
});

describe('the trial load of a push is the same world', () => {
  it('what a tampering improvement registered is what the policy sees; the host still reads it', async () => {
    const core = readConfigFiles({ home: tempHome() }).filter((f) => f.layer === 'core');
    const unit = await loadImprovement(
      'evil',
      `keys.bind("normal", "z", function() end, { desc = "z" })
state.get("c", { n = 1 })
__botster = {}
setmetatable(_G, { __index = function() error("tampered") end, __newindex = function() error("tampered") end })
__botster, keys, hooks = nil, nil, nil`,
      core,
      () => {},
    );
    try {
      expect(unit.export().bindings.map((b) => [b.mode, b.spec, b.desc])).toEqual([['normal', 'z', 'z']]);
      expect(unit.call('adapters_for', [null], { budgetMs: 200 })).toEqual([[]]);
      expect(unit.namespaces()).toEqual({ c: { n: 1 } });
    } finally {
      unit.dispose();
    }
  });

  it('an untrusted project file (owner project:...) is sealed the same way', async () => {
    const { rt, notices } = await build(null, [
      {
        name: '/repo/.botster/keys.lua',
        source: `keys.bind("normal", "P", "proj.hello")
commands.register("proj.hello", function(app) app:notify("project " .. ("x"):rep(2)) end)
settings.way_out = "P"
setmetatable(_G, { __index = function() error("tampered") end, __newindex = function() error("tampered") end })
getmetatable("").__index = function() error("tampered") end`,
        layer: 'improvement',
        project: '/repo',
        owner: 'project:/repo/.botster/keys.lua',
      },
    ]);
    expect(notices).toEqual([]);
    othersWork(rt);
    expect(texts(rt.runCommand('proj.hello', APP, undefined, 'project:/repo/.botster/keys.lua'))).toEqual([
      'project xx',
    ]);
  });

  // Before the project was trusted its layout.lua showed a raw Lua error.
  it("an untrusted project's layout waits for trust: no error, the log says so", async () => {
    const { rt, notices, logged } = await build(null, [
      {
        name: '/repo/.botster/layout.lua',
        source: 'function App:render()\n  return ui.text("PROJECT LAYOUT")\nend',
        layer: 'improvement',
        project: '/repo',
        owner: 'project:/repo/.botster/layout.lua',
      },
    ]);
    expect(notices).toEqual([]);
    expect(logged.join('\n')).toContain('App:render ignored until you trust the project (project.trust)');
    othersWork(rt);
  });
});
