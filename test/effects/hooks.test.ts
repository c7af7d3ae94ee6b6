import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../src/agents/types.js';
import type { ScriptedHub } from '../support/scripted-hub.js';
import { basicPrograms, type Script } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// Hooks, custom events, persisted state and flows in a real hub (real Lua, its worker and budgets);
// the agents are the test's and so is the time. That an agent's env, cwd and exit reach a real
// process is tested end to end in test/agents/agent-manager.test.ts.

const hubs = useHub();
/** "a" also begins "a y" (agent.answer): alone, it runs once the key sequence timed out. */
const SEQUENCE_TIMEOUT_MS = 1000;

// A layout that shows what the hooks recorded in state.get("seen").
const SHOW_SEEN = `function App:render()
  local seen = state.get("seen", { list = {} })
  return ui.column({ ui.text("SEEN " .. table.concat(seen.list, ",")), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end`;
const RECORD = `local seen = state.get("seen", { list = {} })
local function record(x) seen.list[#seen.list + 1] = x end
`;

/** A shell that prints the FOO it was handed (as `echo FOO=$FOO` would). */
const SHOWER = 'sh -c "echo FOO=$FOO; sleep 30"';
const showsFoo: Script = (pty) => pty.print(`FOO=${pty.env.FOO ?? ''}\n`);

function hubWith(
  hooks: string,
  agents: AgentSpec[] = [{ command: 'cat' }],
  setup: { home?: string; onQuit?: () => void } = {},
): Promise<ScriptedHub> {
  return hubs.scripted({
    ...(setup.home
      ? { home: setup.home }
      : { files: { 'user/layout.lua': SHOW_SEEN, 'user/hooks.lua': RECORD + hooks } }),
    onQuit: setup.onQuit,
    agents,
    cols: 220,
    rows: 30,
    scripts: (command) => (command === SHOWER ? showsFoo : basicPrograms(command)),
  });
}

const seenLine = (t: ScriptedHub) =>
  t
    .screen()
    .split('\n')
    .find((l) => l.startsWith('SEEN')) ?? '';

/** Draws again until the SEEN line matches (what handlers record in state draws nothing by itself). */
async function seen(t: ScriptedHub, re: RegExp): Promise<string> {
  let line = '';
  try {
    await t.until(async () => {
      await t.hub.frameNow();
      return re.test((line = seenLine(t)));
    }, `SEEN to match ${re}`);
  } catch {
    throw new Error(`SEEN line never matched ${re}: ${line}`);
  }
  return line;
}

describe('hooks', () => {
  it('run in priority order (ties in registration order), once runs once, pattern filters by subject', async () => {
    const t = await hubWith(
      `
hooks.on("agent_spawned", function(ev) record("late") end, { priority = hooks.LATE })
hooks.on("agent_spawned", function(ev) record("first") end, { priority = hooks.FIRST })
hooks.on("agent_spawned", function(ev) record("normal1") end)
hooks.on("agent_spawned", function(ev) record("normal2") end)
hooks.on("agent_spawned", function(ev) record("once") end, { once = true })
hooks.on("agent_spawned", function(ev) record("only-cat:" .. ev.agent.name) end, { pattern = "ca*" })`,
      [{ command: 'cat' }, { command: 'sleep 30', name: 'sleeper' }],
    );
    await seen(t, /^SEEN first,normal1,normal2,once,only-cat:cat,late,first,normal1,normal2,late$/);
  });

  it('before_agent_spawn can change the spawn (env) or cancel it with a reason', async () => {
    const t = await hubWith(
      `
hooks.on("before_agent_spawn", function(ev) ev.env.FOO = "from-hook"; return ev end)
hooks.on("before_agent_spawn", function(ev) return false, "no forbidden agents" end, { pattern = "forbidden*" })`,
      [
        { command: SHOWER, name: 'shower' },
        { command: 'true', name: 'forbidden-one' },
      ],
    );
    await t.frame(/FOO=from-hook/);
    expect(t.agent('shower').env.FOO).toBe('from-hook');
    expect(t.hub.agents.list().map((a) => a.info.name)).toEqual(['shower']);
    expect(t.ptys.all.map((p) => p.command)).toEqual([SHOWER]); // the cancelled one never started
    await t.frame(/user\/hooks\.lua:\d+: no forbidden agents/);
  });

  it('a handler that errors is logged and skipped; the others still run', async () => {
    const t = await hubWith(`
hooks.on("agent_spawned", function(ev) error("broken handler") end, { name = "broken" })
hooks.on("agent_spawned", function(ev) record("survivor") end)`);
    await seen(t, /survivor/);
    expect(fs.readFileSync(path.join(t.hub.opts.home, 'logs/hub.log'), 'utf8')).toMatch(
      /user\/hooks\.lua:\d+: broken handler \(broken on agent_spawned\)/,
    );
  });

  it('a handler over its time budget is stopped (treated as nil) and disabled after 3 overruns, with a note', async () => {
    const t = await hubWith(
      `
hooks.on("focus_changed", function(ev) while true do end end, { name = "spinner" })
hooks.on("focus_changed", function(ev) record("f" .. ev.to) end)`,
      [{ command: 'cat' }, { command: 'cat' }],
    );
    for (let i = 0; i < 4; i++) {
      await t.hub.request({ type: 'focus_next', delta: 1 });
      await t.settle();
    }
    await seen(t, /f2,f1,f2,f1/);
    await t.frame(
      /spinner\): focus_changed handler ran over its 10 ms budget and was stopped; disabled after 3 overruns/,
    );
  });

  it('every agent event fires from what an agent prints and how it ends; exit code in agent_exited', async () => {
    const t = await hubWith(
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
      [{ command: 'evented', name: 'evented' }],
    );
    const agent = t.agent('evented');
    agent.printRaw('\x1b]2;my title\x07\x1b]7;file://localhost/tmp\x07\x07');
    agent.print('output\n');
    await t.advance(500);
    agent.exit(3);
    const line = await seen(t, /agent_exited=3/);
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

  it('agent_renamed: the name before and the one after, once the name changed', async () => {
    const t = await hubWith(
      `hooks.on("agent_renamed", function(ev) record("renamed:" .. ev.from .. ">" .. ev.agent.name) end)`,
      [{ command: 'cat', name: 'old' }],
    );
    await t.hub.request({ type: 'verb', name: 'rename', args: { agent: 'old', name: 'new' } });
    await seen(t, /renamed:old>new/);
  });

  it('hub events: focus_changed, mode_changed, key_unhandled, reload, and before_quit can cancel quitting', async () => {
    let quits = 0;
    const t = await hubWith(
      `
hooks.on("focus_changed", function(ev) record("focus:" .. ev.to) end)
hooks.on("mode_changed", function(ev) record("mode:" .. ev.to) end)
hooks.on("key_unhandled", function(ev) record("unhandled:" .. ev.key) end)
hooks.on("reload", function(ev) record("reload:" .. tostring(ev.ok)) end)
hooks.on("before_quit", function(ev) record("quit?"); return false, "not now" end)
settings.on_quit = "stop" -- q stops without asking (test/scripted/quit.test.ts has the question)`,
      [{ command: 'cat' }, { command: 'cat' }],
      { onQuit: () => quits++ },
    );
    await t.press('\x07jz');
    await seen(t, /mode:normal,focus:2,unhandled:z/);
    const hooksFile = path.join(t.hub.opts.home, 'user/hooks.lua');
    await t.save('user/hooks.lua', `${fs.readFileSync(hooksFile, 'utf8')}\n-- touched\n`);
    await seen(t, /reload:true/);
    await t.press('q');
    await seen(t, /quit\?/);
    await t.frame(/quit cancelled: .*not now/);
    expect(quits).toBe(0);
  });

  it('custom events: events.on / events.emit with namespace:name, same ordering and error rules', async () => {
    const t = await hubWith(`
events.on("demo:ping", function(p) record("b" .. p.n) end, { priority = 10 })
events.on("demo:ping", function(p) error("bad") end)
events.on("demo:ping", function(p) record("a" .. p.n) end, { priority = -10 })
keys.bind("normal", "e", function(app) events.emit("demo:ping", { n = 1 }) end)`);
    await t.press('\x07e');
    await seen(t, /^SEEN a1,b1$/);
  });

  it('state.get with persist = true survives a restart of the hub; past the cap it says so', async () => {
    const hooks = `local p = state.get("prefs", { n = 0 }, { persist = true })
keys.bind("normal", "u", function(app) p.n = p.n + 1; record("n=" .. p.n) end)
keys.bind("normal", "b", function(app) state.get("big", {}, { persist = true }).blob = string.rep("x", 2000000) end)`;
    const first = await hubWith(hooks);
    const home = first.hub.opts.home;
    await first.press('\x07uu');
    await seen(first, /n=2/);
    await first.hub.dispose();
    expect(JSON.parse(fs.readFileSync(path.join(home, 'state/prefs.json'), 'utf8'))).toEqual({ n: 2 });
    const second = await hubWith(hooks, [{ command: 'cat' }], { home });
    await second.press('\x07u');
    await seen(second, /n=3/);
    await second.press('b');
    await second.hub.runner.saveState();
    await second.frame(/state "big" is \d+ bytes, over the 1048576 byte cap/);
  });

  it('handlers from an old version are gone after a reload: none run twice after 10 reloads', async () => {
    const t = await hubWith(`hooks.on("focus_changed", function(ev) record("x") end)`, [
      { command: 'cat' },
      { command: 'cat' },
    ]);
    const hooksFile = path.join(t.hub.opts.home, 'user/hooks.lua');
    for (let i = 0; i < 10; i++)
      await t.save('user/hooks.lua', `${fs.readFileSync(hooksFile, 'utf8')}\n-- ${i}\n`);
    expect(t.hub.state.configError).toBeNull();
    const before = (await seen(t, /SEEN/)).split(',').filter((x) => x.endsWith('x')).length;
    await t.hub.request({ type: 'focus_next', delta: 1 });
    const after = await seen(t, /x/);
    expect(after.split(',').filter((x) => x.endsWith('x')).length).toBe(before + 1);
  });
});

describe('flows in the hub', () => {
  it('a flow driven by keys: guards, invalid actions, history, and flow_transition events to hooks', async () => {
    const t = await hubWith(`
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
    await t.press('\x07a');
    await t.advance(SEQUENCE_TIMEOUT_MS);
    await seen(
      t,
      /^SEEN ->pending,->pending,guard_failed,invalid_action,pending>approved,success,history=2$/,
    );
  });
});
