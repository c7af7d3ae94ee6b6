// `botster-tui plugin new NAME [DIR]`: a plugin that works as it is (a piece in the status bar, a
// command and its key) with a Lua test that draws it headlessly (botster-tui test), to start from.
import fs from 'node:fs';
import path from 'node:path';

function files(name: string): Record<string, string> {
  const id = name.replace(/-/g, '_');
  return {
    'plugin.json':
      JSON.stringify(
        {
          name,
          version: '0.1.0',
          description: `${name}: what it adds, in a line`,
          provides: [`piece: status.right ${name}`, `command: ${id}.toggle (key t in normal mode)`],
          capabilities: ['pieces', 'commands', 'keys'],
        },
        null,
        2,
      ) + '\n',
    'init.lua': `-- ${name}: a botster-tui plugin (docs/plugins.md: writing, testing and sharing one).
-- It runs in a Lua state of its own with what plugin.json asks for and the user granted; other
-- files of this folder load with require("name").

-- Its own state, kept across reloads.
local s = state.get("${id}", { shown = true })

layout.piece("status.right", "${name}", function(app)
  if not s.shown then return nil end
  local waiting = 0
  for _, a in ipairs(app.agents) do
    if a.state == "waiting" then waiting = waiting + 1 end
  end
  return ui.span("${name}: " .. #app.agents .. " agents, " .. waiting .. " waiting", { fg = "cyan" })
end)

commands.register("${id}.toggle", function(app)
  s.shown = not s.shown
  app:notify("${name} " .. (s.shown and "shown" or "hidden"), "info")
end, { desc = "${name}: show or hide its piece in the status bar", category = "plugins" })

keys.bind("normal", "t", "${id}.toggle", { desc = "${name}: show or hide" })
`,
    [`${id}_test.lua`]: `-- ${name}'s test: botster-tui test runs it, with this plugin added to a home of its own (all it
-- asks for granted) and sample agents (docs/lua/testing.md).
describe("${name}", function()
  it("draws its piece in the status bar", function()
    local frame = hub:frame{ size = "100x30" }
    expect(frame):to_contain("${name}: 2 agents, 0 waiting")
    expect(frame):to_match_golden("status-bar") -- __golden__/status-bar.txt, written by the first run
  end)

  it("t hides it", function()
    local frame = hub:frame{ size = "100x30", keys = "ctrl+g t" }
    expect(frame:find("${name}: 2 agents", 1, true)):to_be(nil)
  end)
end)
`,
    'README.md': `# ${name}

A botster-tui plugin. Add it with

    botster-tui plugin add PATH-OR-GIT-URL

which shows what it asks for (${'`'}pieces${'`'}, ${'`'}commands${'`'}, ${'`'}keys${'`'}) and adds it once you grant that.
${'`'}botster-tui test .${'`'} in this folder runs ${'`'}${id}_test.lua${'`'}: it draws the hub headlessly with the plugin and
compares the frame with ${'`'}__golden__/${'`'} (${'`'}--update${'`'} accepts a change). docs/plugins.md in botster-tui says the rest.
`,
  };
}

/** Writes the plugin's files into `dir` (made; an existing file is never overwritten). */
export function scaffoldPlugin(name: string, dir: string): string[] {
  const out: string[] = [];
  const all = files(name);
  for (const f of Object.keys(all))
    if (fs.existsSync(path.join(dir, f)))
      throw new Error(`${path.join(dir, f)} is there already: nothing written`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(all)) {
    fs.writeFileSync(path.join(dir, f), text);
    out.push(path.join(dir, f));
  }
  return out;
}
