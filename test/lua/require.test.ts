// require("name") in the trusted configuration: $BOTSTER_HOME/user/name.lua (or name/init.lua,
// dotted names as folders), cached per configuration build, errors at the module's file:line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import { loadImprovement } from '../../src/lua/runtime/improvement-unit.js';
import { waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

/** A home as users have it: ~/.botster, under a dot-folder, with a space in the path. */
function dotHome(files: Record<string, string>): string {
  const home = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster require-')), '.botster');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), content);
  }
  return home;
}

async function hubAt(home: string): Promise<Hub> {
  const hub = await hubs.real({ home, agents: [{ command: 'cat' }], cols: 120, rows: 16 });
  return hub;
}

const HELPERS = `local M = {}
function M.greeting() return "HELLO FROM HELPERS" end
return M
`;

describe('require in the user configuration', () => {
  it('loads user/name.lua, name/init.lua and dotted names, once per configuration build', async () => {
    const home = dotHome({
      'user/helpers.lua': HELPERS,
      'user/widgets/init.lua':
        'return { box = function(t) return ui.panel({ title = "BOX" }, ui.text(t)) end }\n',
      'user/widgets/deep/thing.lua': 'count = (count or 0) + 1\nreturn { text = "DEEP THING" }\n',
      'user/layout.lua': `local helpers = require("helpers")
local widgets = require("widgets")
local thing = require("widgets.deep.thing")
local again = require("widgets.deep.thing")
function App:render()
  return ui.column({ ui.text(helpers.greeting()), widgets.box(thing.text), ui.text("LOADED " .. count .. " " .. tostring(thing == again)) })
end
`,
    });
    const hub = await hubAt(home);
    const frame = await waitForFrame(hub, /HELLO FROM HELPERS/);
    expect(frame).toMatch(/BOX/);
    expect(frame).toMatch(/DEEP THING/);
    expect(frame).toMatch(/LOADED 1 true/);
  });

  it('an error inside a module names the module file and line; a reload after fixing it builds fresh', async () => {
    const home = dotHome({
      'user/helpers.lua': 'local M = {}\nfunction M.greeting()\n  return nil .. "x"\nend\nreturn M\n',
      'user/layout.lua':
        'local helpers = require("helpers")\nfunction App:render() return ui.text(helpers.greeting()) end\n',
    });
    const hub = await hubAt(home);
    await waitForFrame(hub, /\.botster\/user\/helpers\.lua:3: attempt to concatenate a nil value/);
    fs.writeFileSync(path.join(home, 'user/helpers.lua'), HELPERS);
    await hub.config.reload([path.join(home, 'user/helpers.lua')]);
    const frame = await waitForFrame(hub, /HELLO FROM HELPERS/);
    expect(frame).not.toMatch(/helpers\.lua:\d+/);
  });

  it('a syntax error in a module names the module file and line', async () => {
    const home = dotHome({
      'user/broken.lua': 'local M = {\nreturn M\n',
      'user/layout.lua': 'require("broken")\nfunction App:render() return ui.text("x") end\n',
    });
    const hub = await hubAt(home);
    await waitForFrame(hub, /\.botster\/user\/broken\.lua:2: .*expected/);
  });

  it('a missing module is an error at the require, listing where it looked', async () => {
    const home = dotHome({
      'user/layout.lua':
        'local x = 1\nlocal h = require("helperz")\nfunction App:render() return ui.text("x") end\n',
    });
    const hub = await hubAt(home);
    const frame = await waitForFrame(hub, /user\/layout\.lua:2: module 'helperz' not found:/);
    expect(frame).toMatch(/no file .*\.botster\/user\/helperz\.lua/);
    expect(frame).toMatch(/no file .*\.botster\/user\/helperz\/init\.lua/);
  });

  it('a module that requires itself is an error, not a stack overflow', async () => {
    const home = dotHome({
      'user/a.lua': 'require("b")\nreturn {}\n',
      'user/b.lua': 'require("a")\nreturn {}\n',
      'user/layout.lua': 'require("a")\nfunction App:render() return ui.text("x") end\n',
    });
    const hub = await hubAt(home);
    await waitForFrame(hub, /user\/b\.lua:1: require: module 'a' requires itself \(a loop\)/);
  });

  it('improvements (sandboxed) have no require, even with user modules present', async () => {
    const home = dotHome({ 'user/helpers.lua': HELPERS });
    const core = readConfigFiles({ home }).filter((f) => f.layer === 'core');
    const unit = await loadImprovement('probe', 'probe_require = type(require)', core, () => {});
    try {
      expect(unit.engine.getGlobal('__botster.world.probe_require')).toBe('nil'); // its own globals
    } finally {
      unit.dispose();
    }
  });
});
