import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { realHome } from '../support/homes.js';
import { useHub } from '../support/use-hub.js';

// app:select / app:input in the running hub: the host draws, filters and moves the cursor; the
// Lua callback gets the choice, or nil when the user cancels. Scripted agents, the hub's own time.

const hubs = useHub();

describe('dialogs from Lua', () => {
  it('a spawn dialog overridden in user/hooks.lua: pick by typing, enter starts it; escape tells the callback nil', async () => {
    const t = await hubs.scripted({
      scripts: { 'echo ALPHA-RAN; sleep 30': (pty) => pty.print('ALPHA-RAN\n') },
      files: {
        'user/hooks.lua': `commands.register("agent.spawn", function(app)
          app:select({ { label = "alpha", description = "echo ALPHA", cmd = "echo ALPHA-RAN; sleep 30" }, { label = "beta", description = "echo BETA" } }, { title = "My agents" }, function(choice, app)
            if not choice then return app:notify("spawn cancelled") end
            app:spawn({ command = choice.cmd, name = choice.label })
            app:set_mode("insert")
          end)
        end)`,
      },
      agents: [{ command: 'cat', name: 'first' }],
    });
    await t.press('\x07c');
    await t.frame(/My agents[\s\S]*alpha[\s\S]*beta/);
    await t.press('\x1b'); // escape cancels
    await t.frame(/spawn cancelled/);
    expect(t.hub.state.client.overlay).toBeNull();
    await t.press('c');
    await t.frame(/My agents/);
    await t.press('alp\r');
    await t.frame(/ALPHA-RAN/);
    expect(t.agent('alpha').command).toBe('echo ALPHA-RAN; sleep 30');
    expect(t.hub.focused?.info.name).toBe('alpha');
    expect(t.hub.currentMode).toBe('insert');
  });

  it('app:input starts with its default text; what the user typed reaches the callback', async () => {
    const t = await hubs.scripted({
      files: {
        'user/hooks.lua': `commands.register("demo.rename", function(app)
          app:input({ title = "New name", default = "bob" }, function(text, app) app:notify("name=" .. tostring(text)) end)
        end)
        keys.bind("normal", "R", "demo.rename")`,
      },
      agents: [{ command: 'cat' }],
    });
    await t.press('\x07R');
    const shown = await t.frame(/New name[\s\S]*bob/);
    expect(shown).not.toMatch(/nothing matches|type to filter/); // free text, not a filter
    await t.press('\x7f\x7f\x7f');
    expect(await t.frame(/type, then enter/)).not.toContain('nothing matches');
    await t.press('bob');
    await t.press('\x7fby\r'); // backspace, then "by"
    await t.frame(/name=boby/);
  });

  it("a dialog open while its file is saved still answers, with the code that opened it; a hook's dialog waits as a question", async () => {
    const hooks = (v: string) => `commands.register("demo.pick", function(app)
      app:select({ "alpha", "beta" }, { title = "Pick ${v}" }, function(choice, app) app:notify("picked ${v} " .. tostring(choice)) end)
    end)
    keys.bind("normal", "P", "demo.pick")
    hooks.on("agent_exited", function(ev, app)
      app:select({ "keep", "drop" }, { title = "Exited ${v}" }, function(choice, app) app:notify("exit answer " .. tostring(choice)) end)
    end)
    keys.bind("normal", "Z", "agent.next", { desc = "marker ${v}" })`;
    const home = realHome('dot-folder', { 'user/hooks.lua': hooks('v1') });
    const t = await hubs.scripted({
      home,
      agents: [{ command: 'cat', name: 'one' }],
      scripts: { true: (pty) => pty.exit(0) },
    });
    await t.hub.config.watch();
    const h = t.hub;
    await t.press('\x07P');
    await t.frame(/Pick v1[\s\S]*alpha/);
    await t.press('b');
    fs.writeFileSync(path.join(home, 'user/hooks.lua'), hooks('v2'));
    await t.until(() => h.bindings.some((b) => b.desc === 'marker v2'), 'the save to load');
    // The reload kept the dialog (and what was typed); the answer goes to the v1 callback.
    expect(t.screen()).toMatch(/Pick v1/);
    // An agent exits meanwhile: its hook's dialog is a question (nobody at the keys opened it):
    // it waits for the user to open it, and takes none of the keys.
    await h.lifecycle.spawn({ command: 'true', name: 'brief' });
    await t.until(() => h.state.questions.length === 1, "the exit hook's question");
    expect(t.screen()).toMatch(/Pick v1/);
    await t.press('\r');
    await t.frame(/picked v1 beta/);
    expect(await t.frame(/\? 1 question: o/)).not.toMatch(/Exited v2/);
    await t.press('o');
    await t.frame(/Exited v2[\s\S]*keep/);
    await t.press('dr\r');
    await t.frame(/exit answer drop/);
    await t.press('P');
    await t.frame(/Pick v2/);
    await t.press('\r');
    await t.frame(/picked v2 alpha/);
  });

  it("a dialog's callback is part of the command that opened it: running that command's id reaches the built-in it shadows", async () => {
    const t = await hubs.scripted({
      files: {
        'user/hooks.lua': `commands.register("agent.next", function(app)
          app:select({ "next", "stay" }, { title = "Move?" }, function(choice, app)
            if choice == "next" then app:run("agent.next") end
            app:notify("chose " .. tostring(choice))
          end)
        end)`,
      },
      agents: [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    });
    const first = t.hub.focused?.info.name;
    await t.press('\x07j');
    await t.frame(/Move\?[\s\S]*next[\s\S]*stay/);
    await t.press('\r');
    await t.frame(/chose next/);
    expect(t.hub.focused?.info.name).not.toBe(first);
    expect(t.hub.state.client.overlay).toBeNull(); // the built-in ran, not the override's dialog again
  });

  it("an improvement's dialog answers in its own sandbox", async () => {
    const t = await hubs.scripted({
      agents: [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
      collaborativeWaitMs: 0,
    });
    const reply = await t.hub.improvements.push({
      name: 'picker',
      source: `commands.register("demo.pick", function(app)
        local names = {}
        for _, a in ipairs(app.agents) do names[#names + 1] = a.name end
        app:select(names, { title = "Focus which" }, function(choice, app) if choice then app:focus(choice == "two" and 2 or 1) end end)
      end, { desc = "Pick an agent" })`,
      agent_id: null,
    });
    expect(reply).toMatchObject({ live: true });
    await t.press('\x07:demo.pick\r');
    await t.frame(/Focus which/);
    await t.press('two\r');
    expect(t.hub.focused?.info.name).toBe('two');
    expect(t.screen()).not.toMatch(/Focus which/);
  });
});
