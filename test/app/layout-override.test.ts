import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { renderSnapshot } from '../../src/cli/run-snapshot.js';
import { realHome, startHub, tempHome, waitForFrame } from './helpers.js';

const MY_LAYOUT = `
function App:render()
  return ui.column({
    ui.text(ui.span("MY LAYOUT " .. #self.agents .. " " .. self.mode, { fg = "magenta" })),
    ui.panel({ grow = 1, title = "only terminal", border = "double" }, ui.terminal(self.focused)),
  })
end
`;

let hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.dispose()));
  hubs = [];
});

describe('the user layout replaces App:render', () => {
  it('from $BOTSTER_HOME/user/layout.lua', async () => {
    const home = realHome('symlinked', { 'user/layout.lua': MY_LAYOUT });
    const frame = await renderSnapshot({ home, agents: [{ command: 'echo inside' }], cols: 60, rows: 12, waitMs: 200, ansi: false });
    expect(frame.split('\n')[0]).toBe('MY LAYOUT 1 insert');
    expect(frame).toContain('╔═ only terminal ═');
    expect(frame).toContain('inside');
    expect(frame).not.toContain('Botster Hub');
  });

  it('from --layout FILE, which wins over user/layout.lua', async () => {
    const home = realHome('spaces', { 'user/layout.lua': 'function App:render() return ui.text("USER FILE") end' });
    const file = path.join(home, 'other.lua');
    fs.writeFileSync(file, MY_LAYOUT);
    const frame = await renderSnapshot({ home, layoutFile: file, agents: [{ command: 'true' }], cols: 60, rows: 12, waitMs: 100, ansi: false });
    expect(frame).toContain('MY LAYOUT');
    expect(frame).not.toContain('USER FILE');
  });
});

describe('broken Lua never takes the hub down', () => {
  it('a syntax error in user/layout.lua: defaults stay live and the error names file:line', async () => {
    const home = tempHome({ 'user/layout.lua': 'function App:render()\n  return ui.column({\nend\n' });
    const hub = await startHub({ home, agents: [{ command: 'echo alive' }] });
    hubs.push(hub);
    const frame = await waitForFrame(hub, /alive/);
    expect(frame).toContain('Botster Hub');
    expect(frame).toMatch(/user\/layout\.lua:\d+: .*'}' expected|user\/layout\.lua:\d+:/);
  });

  it('a runtime error while rendering: the last good tree stays, the error is shown with file:line', async () => {
    // Renders fine while the agent runs, then fails once it has exited.
    const home = tempHome({
      'user/layout.lua': `
function App:render()
  local a = self.agents[1]
  if a.status == "exited" then
    local t = nil
    return t.boom
  end
  return ui.column({ ui.text("GOOD " .. a.status), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end`,
    });
    const hub = await startHub({ home, agents: [{ command: `sh -c 'echo first; sleep 0.6; echo second'` }] });
    hubs.push(hub);
    await waitForFrame(hub, /GOOD running/);
    const frame = await waitForFrame(hub, /layout\.lua:6: attempt to index a nil value/);
    expect(frame).toContain('GOOD running'); // the last good tree
    expect(frame).toContain('second'); // ...still showing live terminal content
  });

  it('a malformed tree names the file and the path in the tree', async () => {
    const home = tempHome({
      'user/layout.lua': `function App:render() return { type = "column", children = { ui.text("x"), { type = "colum" } } } end`,
    });
    const hub = await startHub({ home, agents: [{ command: 'true' }] });
    hubs.push(hub);
    await waitForFrame(hub, /user\/layout\.lua: App:render\(\)\.children\[2\]: unknown widget "colum"/);
  });

  it('an unknown ui.* builder is an error at its line', async () => {
    const home = tempHome({ 'user/layout.lua': `function App:render()\n  return ui.colum({})\nend` });
    const hub = await startHub({ home, agents: [{ command: 'true' }] });
    hubs.push(hub);
    await waitForFrame(hub, /user\/layout\.lua:2: unknown widget ui\.colum/);
  });

  it('an infinite loop in render is stopped; the hub and the agent keep working', async () => {
    const home = tempHome({ 'user/layout.lua': `function App:render()\n  while true do end\nend` });
    const hub = await startHub({ home, agents: [{ command: 'cat' }] });
    hubs.push(hub);
    await waitForFrame(hub, /user\/layout\.lua:2: .*stopped/);
    hub.input('typed into cat\r');
    await waitForFrame(hub, /typed into cat/);
  });

  it('a runaway pattern match (C code, no hook fires) is stopped by restarting the Lua worker', async () => {
    const home = tempHome({
      'user/layout.lua': `
function App:render()
  if self.agents[1] and self.agents[1].status == "exited" then
    string.rep("a", 40000):find(".-.-.-.-x")
  end
  return ui.column({ ui.text("PATTERN OK"), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end`,
    });
    const hub = await startHub({ home, agents: [{ command: `sh -c 'sleep 0.3; echo done'` }] });
    hubs.push(hub);
    await waitForFrame(hub, /PATTERN OK/);
    const frame = await waitForFrame(hub, /layout\.lua: App:render\(\) did not return within \d+ ms/, 10000);
    expect(frame).toContain('PATTERN OK');
  });

  it('a runaway while loading at start: the defaults come up and the error names the file', async () => {
    const home = tempHome({ 'user/layout.lua': `local x = string.rep("a", 40000):find(".-.-.-.-x")\nfunction App:render() return ui.text("never") end` });
    const hub = await startHub({ home, agents: [{ command: 'echo alive' }] });
    hubs.push(hub);
    const frame = await waitForFrame(hub, /user\/layout\.lua: loading the configuration[\s\S]*did[\s\S]*finish within/);
    expect(frame).toContain('Botster Hub');
    hub.input('typed\r');
    await waitForFrame(hub, /alive/);
  });
});
