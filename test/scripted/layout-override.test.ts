import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSnapshot } from '../../src/cli/run-snapshot.js';
import { realHome } from '../support/homes.js';
import { catScript, type Script } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

const MY_LAYOUT = `
function App:render()
  return ui.column({
    ui.text(ui.span("MY LAYOUT " .. #self.agents .. " " .. self.mode, { fg = "magenta" })),
    ui.panel({ grow = 1, title = "only terminal", border = "double" }, ui.terminal(self.focused)),
  })
end
`;

const hubs = useHub();
/** A program that prints `text` and exits, as `echo` does. */
const echoes =
  (text: string): Script =>
  (pty) => {
    pty.print(text);
    pty.exit(0);
  };

describe('the user layout replaces App:render', () => {
  it('from $BOTSTER_HOME/user/layout.lua', async () => {
    const home = realHome('symlinked', { 'user/layout.lua': MY_LAYOUT });
    const frame = await renderSnapshot({
      home,
      agents: [{ command: 'echo inside' }],
      cols: 60,
      rows: 12,
      waitMs: 200,
      ansi: false,
    });
    expect(frame.split('\n')[0]).toBe('MY LAYOUT 1 insert');
    expect(frame).toContain('╔═ only terminal ═');
    expect(frame).toContain('inside');
    expect(frame).not.toContain('Botster Hub');
  });

  it('from --layout FILE, which wins over user/layout.lua', async () => {
    const home = realHome('spaces', {
      'user/layout.lua': 'function App:render() return ui.text("USER FILE") end',
    });
    const file = path.join(home, 'other.lua');
    fs.writeFileSync(file, MY_LAYOUT);
    const frame = await renderSnapshot({
      home,
      layoutFile: file,
      agents: [{ command: 'true' }],
      cols: 60,
      rows: 12,
      waitMs: 100,
      ansi: false,
    });
    expect(frame).toContain('MY LAYOUT');
    expect(frame).not.toContain('USER FILE');
  });
});

// A scripted hub: the layout's Lua is real (the worker, its watchdogs); the agents are the test's.
describe('broken Lua never takes the hub down', () => {
  it('a syntax error in user/layout.lua: defaults stay live and the error names file:line', async () => {
    const t = await hubs.scripted({
      files: { 'user/layout.lua': 'function App:render()\n  return ui.column({\nend\n' },
      scripts: { 'echo alive': echoes('alive\n') },
      agents: [{ command: 'echo alive' }],
    });
    const frame = await t.frame(/alive/);
    expect(frame).toContain('Botster Hub');
    expect(frame).toMatch(/user\/layout\.lua:\d+: .*'}' expected|user\/layout\.lua:\d+:/);
  });

  it('a runtime error while rendering: the last good tree stays, the error is shown with file:line', async () => {
    // Renders fine while the agent runs, then fails once it has exited.
    const t = await hubs.scripted({
      files: {
        'user/layout.lua': `
function App:render()
  local a = self.agents[1]
  if a.status == "exited" then
    local t = nil
    return t.boom
  end
  return ui.column({ ui.text("GOOD " .. a.status), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end`,
      },
      agents: [{ command: 'first-then-second' }],
    });
    const agent = t.agent('1');
    agent.print('first\n');
    await t.frame(/GOOD running/);
    await t.advance(600);
    agent.print('second\n');
    agent.exit(0);
    const frame = await t.frame(/layout\.lua:6: attempt to index a nil value/);
    expect(frame).toContain('GOOD running'); // the last good tree
    expect(frame).toContain('second'); // ...still showing live terminal content
  });

  it('a malformed tree names the file and the path in the tree', async () => {
    const t = await hubs.scripted({
      files: {
        'user/layout.lua': `function App:render() return { type = "column", children = { ui.text("x"), { type = "colum" } } } end`,
      },
      scripts: { true: (pty) => pty.exit(0) },
      agents: [{ command: 'true' }],
    });
    await t.frame(/user\/layout\.lua: App:render\(\)\.children\[2\]: unknown widget "colum"/);
  });

  it('an unknown ui.* builder is an error at its line', async () => {
    const t = await hubs.scripted({
      files: { 'user/layout.lua': `function App:render()\n  return ui.colum({})\nend` },
      scripts: { true: (pty) => pty.exit(0) },
      agents: [{ command: 'true' }],
    });
    await t.frame(/user\/layout\.lua:2: unknown widget ui\.colum/);
  });

  // `return ui.column{...}` is a tail call: the frame of the line that made it is gone, and the
  // error's level used to land in lua/core/app.lua (which calls App:render).
  it('a bad child is blamed on the user file, never on lua/core, even when returned by a tail call', async () => {
    const layout = (render: string) => ({
      files: {
        'user/layout.lua': `local function body()\n  local x = ui.row({ ui.text("a"), nil, ui.text("b") })\n  return x\nend\n${render}`,
      },
      scripts: { true: ((pty) => pty.exit(0)) as Script },
      agents: [{ command: 'true' }],
    });
    const called = await hubs.scripted(layout('function App:render()\n  return body()\nend'));
    await called.frame(/user\/layout\.lua:2: ui\.row: children must be a list without holes \(index 3\)/);
    const tail = await hubs.scripted(
      layout('function App:render()\n  return ui.column({ ui.text("a"), nil, ui.text("b") })\nend'),
    );
    // The line of the return is gone with its frame: the App:render the hub called is named.
    await tail.frame(/user\/layout\.lua:5: ui\.column: children must be a list without holes/);
    expect(tail.hub.state.configError).not.toMatch(/lua\/core/);
  });

  it('an infinite loop in render is stopped; the hub and the agent keep working', async () => {
    const t = await hubs.scripted({
      files: { 'user/layout.lua': `function App:render()\n  while true do end\nend` },
      scripts: { cat: catScript },
      agents: [{ command: 'cat' }],
    });
    await t.frame(/user\/layout\.lua:2: .*stopped/);
    await t.press('typed into cat\r');
    await t.frame(/typed into cat/);
    expect(t.agent('cat').received).toBe('typed into cat\r');
  });

  it('a runaway pattern match (C code, no hook fires) is stopped by restarting the Lua worker', async () => {
    const t = await hubs.scripted({
      files: {
        'user/layout.lua': `
function App:render()
  if self.agents[1] and self.agents[1].status == "exited" then
    string.rep("a", 40000):find(".-.-.-.-x")
  end
  return ui.column({ ui.text("PATTERN OK"), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end`,
      },
      agents: [{ command: 'done-later' }],
    });
    await t.frame(/PATTERN OK/);
    await t.advance(300);
    t.agent('1').print('done\n');
    t.agent('1').exit(0);
    const frame = await t.frame(/layout\.lua: App:render\(\) did not return within \d+ ms/, 10000);
    expect(frame).toContain('PATTERN OK');
  });

  it('a runaway while loading at start: the defaults come up and the error names the file', async () => {
    const t = await hubs.scripted({
      files: {
        'user/layout.lua': `local x = string.rep("a", 40000):find(".-.-.-.-x")\nfunction App:render() return ui.text("never") end`,
      },
      scripts: { 'echo alive': echoes('alive\n') },
      agents: [{ command: 'echo alive' }],
    });
    const frame = await t.frame(/user\/layout\.lua: loading the configuration[\s\S]*did[\s\S]*finish within/);
    expect(frame).toContain('Botster Hub');
    await t.press('typed\r');
    await t.frame(/alive/);
  });
});
