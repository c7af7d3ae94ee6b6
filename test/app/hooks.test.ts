import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import type { AgentSpec } from '../../src/agents/types.js';
import { sleep, tempHome, waitForFrame } from './helpers.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

// A layout that shows what the hooks recorded in state.get("seen").
const SHOW_SEEN = `function App:render()
  local seen = state.get("seen", { list = {} })
  return ui.column({ ui.text("SEEN " .. table.concat(seen.list, ",")), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end`;
const RECORD = `local seen = state.get("seen", { list = {} })
local function record(x) seen.list[#seen.list + 1] = x end
`;

async function hubWith(
  hooks: string,
  agents: AgentSpec[] = [{ command: 'cat' }],
  extra: Record<string, string> = {},
  home?: string,
): Promise<{ hub: Hub; home: string }> {
  const dir = home ?? tempHome({ 'user/layout.lua': SHOW_SEEN, 'user/hooks.lua': RECORD + hooks, ...extra });
  const hub = await hubs.real({ home: dir, agents, cols: 220, rows: 30 });
  return { hub, home: dir };
}

/** Re-renders until the SEEN line matches (handlers run asynchronously after events). */
async function seen(hub: Hub, re: RegExp, ms = 8000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    await hub.frameNow();
    const line =
      hub
        .screen()
        .toText()
        .split('\n')
        .find((l) => l.startsWith('SEEN')) ?? '';
    if (re.test(line)) return line;
    if (Date.now() > end) throw new Error(`SEEN line never matched ${re}: ${line}`);
    await sleep(30);
  }
}

describe('hooks', () => {
  it('run in priority order (ties in registration order), once runs once, pattern filters by subject', async () => {
    const { hub } = await hubWith(
      `
hooks.on("agent_spawned", function(ev) record("late") end, { priority = hooks.LATE })
hooks.on("agent_spawned", function(ev) record("first") end, { priority = hooks.FIRST })
hooks.on("agent_spawned", function(ev) record("normal1") end)
hooks.on("agent_spawned", function(ev) record("normal2") end)
hooks.on("agent_spawned", function(ev) record("once") end, { once = true })
hooks.on("agent_spawned", function(ev) record("only-cat:" .. ev.agent.name) end, { pattern = "ca*" })`,
      [{ command: 'cat' }, { command: 'sleep 30', name: 'sleeper' }],
    );
    await seen(hub, /^SEEN first,normal1,normal2,once,only-cat:cat,late,first,normal1,normal2,late$/);
  });

  it('before_agent_spawn can change the spawn (env) or cancel it with a reason', async () => {
    const { hub } = await hubWith(
      `
hooks.on("before_agent_spawn", function(ev) ev.env.FOO = "from-hook"; return ev end)
hooks.on("before_agent_spawn", function(ev) return false, "no forbidden agents" end, { pattern = "forbidden*" })`,
      [
        { command: 'sh -c "echo FOO=$FOO; sleep 30"', name: 'shower' },
        { command: 'true', name: 'forbidden-one' },
      ],
    );
    await waitForFrame(hub, /FOO=from-hook/);
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['shower']);
    await waitForFrame(hub, /user\/hooks\.lua:\d+: no forbidden agents/);
  });

  it('a handler that errors is logged and skipped; the others still run', async () => {
    const { hub, home } = await hubWith(`
hooks.on("agent_spawned", function(ev) error("broken handler") end, { name = "broken" })
hooks.on("agent_spawned", function(ev) record("survivor") end)`);
    await seen(hub, /survivor/);
    expect(fs.readFileSync(path.join(home, 'logs/hub.log'), 'utf8')).toMatch(
      /user\/hooks\.lua:\d+: broken handler \(broken on agent_spawned\)/,
    );
  });

  it('a handler over its time budget is stopped (treated as nil) and disabled after 3 overruns, with a note', async () => {
    const { hub } = await hubWith(
      `
hooks.on("focus_changed", function(ev) while true do end end, { name = "spinner" })
hooks.on("focus_changed", function(ev) record("f" .. ev.to) end)`,
      [{ command: 'cat' }, { command: 'cat' }],
    );
    for (let i = 0; i < 4; i++) {
      await hub.request({ type: 'focus_next', delta: 1 });
      await hub.whenIdle();
      await sleep(50);
    }
    await seen(hub, /f2,f1,f2,f1/);
    await waitForFrame(
      hub,
      /spinner\): focus_changed handler ran over its 10 ms budget and was stopped; disabled after 3 overruns/,
    );
  });

  it('every agent event fires from a real agent; exit code in agent_exited', async () => {
    const script = `printf '\\033]2;my title\\007'; printf '\\033]7;file://localhost/tmp\\007'; printf '\\a'; echo output; sleep 0.5; exit 3`;
    const { hub } = await hubWith(
      `
for _, name in ipairs({ "agent_spawned", "agent_output", "agent_title_changed", "agent_cwd_changed", "agent_bell", "agent_status_changed", "agent_exited" }) do
  hooks.on(name, function(ev)
    local extra = ""
    if name == "agent_exited" then extra = "=" .. tostring(ev.exit_code) end
    if name == "agent_title_changed" then extra = "=" .. ev.title end
    if name == "agent_cwd_changed" then extra = "=" .. ev.cwd end
    if name == "agent_output" then extra = ev.bytes > 0 and "+" or "0" end
    if not seen.list[name] then record(name .. extra); seen.list[name] = true end
  end)
end`,
      [{ command: `sh -c "${script.replace(/"/g, '\\"')}"`, name: 'evented' }],
    );
    const line = await seen(hub, /agent_exited=3/);
    for (const ev of [
      'agent_spawned',
      'agent_output+',
      'agent_title_changed=my title',
      'agent_cwd_changed=/tmp',
      'agent_bell',
      'agent_status_changed',
    ])
      expect(line).toContain(ev);
  });

  it('hub events: focus_changed, mode_changed, key_unhandled, reload, and before_quit can cancel quitting', async () => {
    let quits = 0;
    const home = tempHome({
      'user/layout.lua': SHOW_SEEN,
      'user/hooks.lua':
        RECORD +
        `
hooks.on("focus_changed", function(ev) record("focus:" .. ev.to) end)
hooks.on("mode_changed", function(ev) record("mode:" .. ev.to) end)
hooks.on("key_unhandled", function(ev) record("unhandled:" .. ev.key) end)
hooks.on("reload", function(ev) record("reload:" .. tostring(ev.ok)) end)
hooks.on("before_quit", function(ev) record("quit?"); return false, "not now" end)
settings.on_quit = "stop" -- q stops without asking (test/scripted/quit.test.ts has the question)`,
    });
    const hub = await hubs.real({
      home,
      agents: [{ command: 'cat' }, { command: 'cat' }],
      cols: 220,
      rows: 30,
      onQuit: () => quits++,
    });
    await hub.config.watch();
    hub.input('\x07jz');
    await hub.whenIdle();
    await seen(hub, /mode:normal,focus:2,unhandled:z/);
    fs.appendFileSync(path.join(home, 'user/hooks.lua'), '\n-- touched\n');
    await seen(hub, /reload:true/);
    hub.input('q');
    await seen(hub, /quit\?/);
    await waitForFrame(hub, /quit cancelled: .*not now/);
    expect(quits).toBe(0);
  });

  it('custom events: events.on / events.emit with namespace:name, same ordering and error rules', async () => {
    const { hub } = await hubWith(`
events.on("demo:ping", function(p) record("b" .. p.n) end, { priority = 10 })
events.on("demo:ping", function(p) error("bad") end)
events.on("demo:ping", function(p) record("a" .. p.n) end, { priority = -10 })
keys.bind("normal", "e", function(app) events.emit("demo:ping", { n = 1 }) end)`);
    hub.input('\x07e');
    await seen(hub, /^SEEN a1,b1$/);
  });

  it('state.get with persist = true survives a restart of the hub; past the cap it says so', async () => {
    const hooks = `local p = state.get("prefs", { n = 0 }, { persist = true })
keys.bind("normal", "u", function(app) p.n = p.n + 1; record("n=" .. p.n) end)
keys.bind("normal", "b", function(app) state.get("big", {}, { persist = true }).blob = string.rep("x", 2000000) end)`;
    const first = await hubWith(hooks);
    first.hub.input('\x07uu');
    await seen(first.hub, /n=2/);
    await first.hub.dispose();
    expect(JSON.parse(fs.readFileSync(path.join(first.home, 'state/prefs.json'), 'utf8'))).toEqual({ n: 2 });
    const second = await hubWith(hooks, [{ command: 'cat' }], {}, first.home);
    second.hub.input('\x07u');
    await seen(second.hub, /n=3/);
    second.hub.input('b');
    await second.hub.whenIdle();
    await second.hub.runner.saveState();
    await waitForFrame(second.hub, /state "big" is \d+ bytes, over the 1048576 byte cap/);
  });

  it('handlers from an old version are gone after a reload: none run twice after 10 reloads', async () => {
    const { hub, home } = await hubWith(`hooks.on("focus_changed", function(ev) record("x") end)`, [
      { command: 'cat' },
      { command: 'cat' },
    ]);
    await hub.config.watch();
    for (let i = 0; i < 10; i++) {
      fs.appendFileSync(path.join(home, 'user/hooks.lua'), `\n-- ${i}\n`);
      await sleep(120);
    }
    await sleep(300);
    await hub.frameNow();
    const before = (await seen(hub, /SEEN/)).split(',').filter((x) => x.endsWith('x')).length;
    await hub.request({ type: 'focus_next', delta: 1 });
    await hub.whenIdle();
    const after = await seen(hub, /x/);
    expect(after.split(',').filter((x) => x.endsWith('x')).length).toBe(before + 1);
  });
});

describe('flows in the hub', () => {
  it('a flow driven by keys: guards, invalid actions, history, and flow_transition events to hooks', async () => {
    const { hub } = await hubWith(`
flows.define({ id = "review", initial = "pending", states = {
  pending = { on = { approve = "approved", reject = "rejected" }, guards = { approve = function(ctx) return ctx.score > 0.5 end } },
  approved = { type = "final" }, rejected = { type = "final" } } })
hooks.on("flow_transition", function(ev) record((ev.from or "-") .. ">" .. ev.to) end, { pattern = "review" })
local low = flows.start("review", { score = 0.2 })
local high = flows.start("review", { score = 0.9 })
keys.bind("normal", "a", function(app)
  record(flows.send(low, "approve").type)
  record(flows.send(low, "bogus").type)
  record(flows.send(high, "approve").type)
  record("history=" .. #flows.get(high).history)
end)`);
    hub.input('\x07a');
    await seen(
      hub,
      /^SEEN ->pending,->pending,guard_failed,invalid_action,pending>approved,success,history=2$/,
    );
  });
});
