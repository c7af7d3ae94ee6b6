import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import fs from 'node:fs';
import path from 'node:path';
import { press, realHome, screenText, startHub, tempHome, waitForFrame } from './helpers.js';

// app:select / app:input in the running hub: the host draws, filters and moves the cursor; the
// Lua callback gets the choice, or nil when the user cancels.

let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

describe('dialogs from Lua', () => {
  it('a spawn dialog overridden in user/hooks.lua: pick by typing, enter starts it; escape tells the callback nil', async () => {
    hub = await startHub({
      home: tempHome({
        'user/hooks.lua': `commands.register("agent.spawn", function(app)
          app:select({ { label = "alpha", description = "echo ALPHA", cmd = "echo ALPHA-RAN; sleep 30" }, { label = "beta", description = "echo BETA" } }, { title = "My agents" }, function(choice, app)
            if not choice then return app:notify("spawn cancelled") end
            app:spawn({ command = choice.cmd, name = choice.label })
            app:set_mode("insert")
          end)
        end)`,
      }),
      agents: [{ command: 'cat', name: 'first' }],
    });
    await press(hub, '\x07c');
    await waitForFrame(hub, /My agents[\s\S]*alpha[\s\S]*beta/);
    await press(hub, '\x1b'); // escape cancels
    await waitForFrame(hub, /spawn cancelled/);
    expect(hub.state.client.overlay).toBeNull();
    await press(hub, 'c');
    await waitForFrame(hub, /My agents/);
    await press(hub, 'alp\r');
    await waitForFrame(hub, /ALPHA-RAN/);
    expect(hub.focused?.info.name).toBe('alpha');
    expect(hub.currentMode).toBe('insert');
  });

  it('app:input starts with its default text; what the user typed reaches the callback', async () => {
    hub = await startHub({
      home: tempHome({
        'user/hooks.lua': `commands.register("demo.rename", function(app)
          app:input({ title = "New name", default = "bob" }, function(text, app) app:notify("name=" .. tostring(text)) end)
        end)
        keys.bind("normal", "R", "demo.rename")`,
      }),
      agents: [{ command: 'cat' }],
    });
    await press(hub, '\x07R');
    await waitForFrame(hub, /New name[\s\S]*bob/);
    await press(hub, '\x7fby\r'); // backspace, then "by"
    await waitForFrame(hub, /name=boby/);
  });

  it('a dialog open while its file is saved still answers, with the code that opened it; a hook\'s dialog waits its turn', async () => {
    const hooks = (v: string) => `commands.register("demo.pick", function(app)
      app:select({ "alpha", "beta" }, { title = "Pick ${v}" }, function(choice, app) app:notify("picked ${v} " .. tostring(choice)) end)
    end)
    keys.bind("normal", "P", "demo.pick")
    hooks.on("agent_exited", function(ev, app)
      app:select({ "keep", "drop" }, { title = "Exited ${v}" }, function(choice, app) app:notify("exit answer " .. tostring(choice)) end)
    end)
    keys.bind("normal", "Z", "agent.next", { desc = "marker ${v}" })`;
    const home = realHome('dot-folder', { 'user/hooks.lua': hooks('v1') });
    hub = await startHub({ home, agents: [{ command: 'cat', name: 'one' }] });
    await hub.config.watch();
    const h = hub;
    await press(h, '\x07P');
    await waitForFrame(h, /Pick v1[\s\S]*alpha/);
    await press(h, 'b');
    fs.writeFileSync(path.join(home, 'user/hooks.lua'), hooks('v2'));
    await waitFor(() => h.bindings.some((b) => b.desc === "marker v2"));
    // The reload kept the dialog (and what was typed); the answer goes to the v1 callback.
    expect(screenText(h)).toMatch(/Pick v1/);
    // An agent exits meanwhile: its hook's dialog waits behind the open one.
    await h.lifecycle.spawnFromKey({ command: 'true', name: 'brief' });
    await waitFor(() => h.state.client.queued?.length === 1);
    expect(screenText(h)).toMatch(/Pick v1/);
    await press(h, '\r');
    await waitForFrame(h, /picked v1 beta/);
    await waitForFrame(h, /Exited v2[\s\S]*keep/);
    await press(h, 'dr\r');
    await waitForFrame(h, /exit answer drop/);
    await press(h, 'P');
    await waitForFrame(h, /Pick v2/);
    await press(h, '\r');
    await waitForFrame(h, /picked v2 alpha/);
  });

  it("a dialog's callback is part of the command that opened it: running that command's id reaches the built-in it shadows", async () => {
    hub = await startHub({
      home: tempHome({
        'user/hooks.lua': `commands.register("agent.next", function(app)
          app:select({ "next", "stay" }, { title = "Move?" }, function(choice, app)
            if choice == "next" then app:run("agent.next") end
            app:notify("chose " .. tostring(choice))
          end)
        end)`,
      }),
      agents: [{ command: 'cat', name: 'one' }, { command: 'cat', name: 'two' }],
    });
    const first = hub.focused?.info.name;
    await press(hub, '\x07j');
    await waitForFrame(hub, /Move\?[\s\S]*next[\s\S]*stay/);
    await press(hub, '\r');
    await waitForFrame(hub, /chose next/);
    expect(hub.focused?.info.name).not.toBe(first);
    expect(hub.state.client.overlay).toBeNull(); // the built-in ran, not the override's dialog again
  });

  it("an improvement's dialog answers in its own sandbox", async () => {
    hub = await startHub({ home: tempHome(), agents: [{ command: 'cat', name: 'one' }, { command: 'cat', name: 'two' }], collaborativeWaitMs: 0 });
    const reply = await hub.improvements.push({
      name: 'picker',
      source: `commands.register("demo.pick", function(app)
        local names = {}
        for _, a in ipairs(app.agents) do names[#names + 1] = a.name end
        app:select(names, { title = "Focus which" }, function(choice, app) if choice then app:focus(choice == "two" and 2 or 1) end end)
      end, { desc = "Pick an agent" })`,
      agent_id: null,
    });
    expect(reply).toMatchObject({ live: true });
    await press(hub, '\x07:demo.pick\r');
    await waitForFrame(hub, /Focus which/);
    await press(hub, 'two\r');
    expect(hub.focused?.info.name).toBe('two');
    expect(screenText(hub)).not.toMatch(/Focus which/);
  });
});

async function waitFor(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition never became true');
    await new Promise((r) => setTimeout(r, 20));
  }
}
