import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { press, screenText, startHub, tempHome, waitForFrame } from './helpers.js';

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
