// What must never happen (docs/architecture.md): every Lua error reaches the screen as `file:line: message` (or the tree path for a
// tree), hook errors included (once, with a count), and notes about old handlers go away on reload.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { sleep, tempHome, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

async function hubWithLayout(layout: string): Promise<Hub> {
  const hub = await hubs.real({
    home: tempHome({ 'user/layout.lua': layout }),
    agents: [{ command: 'cat' }],
    cols: 160,
    rows: 20,
  });
  return hub;
}

describe('errors say where', () => {
  it('C stack overflow names the file and line of the recursion', async () => {
    const hub = await hubWithLayout(`local t = setmetatable({}, {})
getmetatable(t).__tostring = function(s) return tostring(s) end
function App:render()
  return ui.text(tostring(t))
end`);
    await waitForFrame(hub, /user\/layout\.lua:2: C stack overflow/);
  });

  it('C stack overflow through a C callback (gsub) names the file and line', async () => {
    const hub = await hubWithLayout(`local function f(s) return (("x"):gsub(".", f)) end
function App:render() return ui.text(f("x")) end`);
    await waitForFrame(hub, /user\/layout\.lua:1: C stack overflow/);
  });

  it('running out of memory names the file (where App:render is defined) and the limit', async () => {
    const hub = await hubWithLayout(`-- a memory bomb
function App:render()
  local s = "x"
  while true do s = s .. s end
end`);
    await waitForFrame(
      hub,
      /user\/layout\.lua:2: not enough memory \(the configuration's Lua heap is limited to 64 MB\)/,
    );
  });

  it('a table that contains itself is named by its tree path', async () => {
    const hub = await hubWithLayout(`function App:render()
  local t = { type = "text", text = "x" }
  t.props = t
  return ui.column({ ui.text("fine"), t })
end`);
    await waitForFrame(
      hub,
      /user\/layout\.lua: App:render\(\)\.children\[2\]\.props: cannot convert a table that contains\s+itself/,
    );
  });

  it('a table nested too deep is named by its tree path', async () => {
    const hub = await hubWithLayout(`function App:render()
  local t = {}
  for i = 1, 200 do t = { t } end
  return ui.column({ ui.text({ "a", t }) })
end`);
    await waitForFrame(
      hub,
      /user\/layout\.lua: App:render\(\)\.children\[1\]\.text\[2\](\[1\])+…\(\d+ more\)…\[1\]\[1\]\[1\]: table nested deeper than 100\s+levels/,
    );
  });

  for (const [what, value, shown] of [
    [
      'a function',
      'function() end',
      /user\/layout\.lua:2: ui\.text expects a string, a span or a list of spans, got a function/,
    ],
    [
      'a coroutine',
      'coroutine.create(function() end)',
      /user\/layout\.lua:2: ui\.text expects a string, a span or a list of spans, got a thread/,
    ],
    [
      'a table whose __tostring errors',
      'setmetatable({}, { __tostring = function() error("no text for you") end })',
      /user\/layout\.lua:2: no text for you/,
    ],
  ] as const) {
    it(`ui.text(${what}) is an error at the caller's line, not an empty text`, async () => {
      const hub = await hubWithLayout(`function App:render()
  return ui.column({ ui.text("before"), ui.text(${value}) })
end`);
      await waitForFrame(hub, shown);
    });
  }

  it('ui.text of a table with a working __tostring shows its text', async () => {
    const hub =
      await hubWithLayout(`local point = setmetatable({ x = 3 }, { __tostring = function(p) return "POINT " .. p.x end })
function App:render() return ui.text(point) end`);
    await waitForFrame(hub, /POINT 3/);
  });

  it('a hook that errors on every output is shown once with a count (not a flood) and goes away when fixed', async () => {
    const home = tempHome({
      'user/hooks.lua': `hooks.on("agent_output", function(ev) error("cannot handle output") end, { name = "noisy" })`,
    });
    const hub = await hubs.real({
      home,
      agents: [{ command: `sh -c 'while :; do echo tick; sleep 0.05; done'` }],
      cols: 160,
      rows: 20,
    });
    await waitForFrame(hub, /user\/hooks\.lua:1: cannot handle output \(noisy on agent_output\)/);
    // ~4 events a second: after 10 failures the note says so, and the log has 2 entries, not 10.
    await waitForFrame(hub, /cannot handle output \(noisy on agent_output, failed 10 times\)/, 15000);
    const log = fs.readFileSync(path.join(home, 'logs/hub.log'), 'utf8');
    expect(log.match(/cannot handle output/g)?.length).toBe(2);
    fs.writeFileSync(
      path.join(home, 'user/hooks.lua'),
      `hooks.on("agent_output", function(ev) end, { name = "noisy" })`,
    );
    await hub.config.reload([path.join(home, 'user/hooks.lua')]);
    await hub.whenIdle();
    await sleep(600); // a few more output events: the fixed handler stays quiet
    await hub.whenIdle();
    expect(hub.screen().toText()).not.toMatch(/cannot handle output/);
  });

  it('the note about a handler over its budget goes away when its file is fixed', async () => {
    const home = tempHome({
      'user/hooks.lua': `hooks.on("focus_changed", function(ev) while true do end end, { name = "spinner" })`,
    });
    const hub = await hubs.real({
      home,
      agents: [{ command: 'cat' }, { command: 'cat' }],
      cols: 220,
      rows: 20,
    });
    for (let i = 0; i < 3; i++) {
      await hub.request({ type: 'focus_next', delta: 1 });
      await hub.whenIdle();
      await sleep(50);
    }
    await waitForFrame(
      hub,
      /user\/hooks\.lua:1 \(spinner\): focus_changed handler ran over its 10 ms budget and was stopped; disabled after 3 overruns/,
    );
    fs.writeFileSync(
      path.join(home, 'user/hooks.lua'),
      `hooks.on("focus_changed", function(ev) end, { name = "spinner" })`,
    );
    await hub.config.reload([path.join(home, 'user/hooks.lua')]);
    await hub.whenIdle();
    expect(hub.screen().toText()).not.toMatch(/ran over its 10 ms budget/);
  });
});
