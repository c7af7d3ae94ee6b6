import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { tempHome, until, waitForFrame } from './helpers.js';
import { useHub } from '../support/use-hub.js';

// A normal-mode key that runs a Lua command costs ONE worker round trip: the worker runs the
// command, reduces its requests with the hub's own reducer and renders the state they lead to; the
// hub takes that tree when it dispatched the same intents (src/worker/predict.ts).

const hubs = useHub();

const LAYOUT = `function App:render()
  return ui.text("focused=" .. (self.focused and self.focused.name or "-") .. " count=" .. tostring(self.state.count or 0) .. " notice=" .. tostring(self.notice))
end`;

async function hubWith(files: Record<string, string>): Promise<{ hub: Hub; renders: () => number }> {
  const hub = await hubs.real({
    home: tempHome({ 'user/layout.lua': LAYOUT, ...files }),
    agents: [
      { command: 'cat', name: 'one' },
      { command: 'cat', name: 'two' },
      { command: 'cat', name: 'three' },
    ],
  });
  let n = 0;
  const render = hub.lua.render.bind(hub.lua);
  hub.lua.render = (app) => {
    n++;
    return render(app);
  };
  hub.input('\x07'); // normal mode
  // Quiet agents turn idle after 1.5 s, which draws again: counted from after that.
  await until('the agents idle', () => hub.appData().agents.every((a) => a.state === 'idle'), 8000);
  await hub.whenIdle();
  return { hub, renders: () => n };
}

describe('a Lua command and the frame it causes share one worker round trip', () => {
  it('j (agent.next in lua/default/commands.lua) draws the new focus without a separate render request', async () => {
    const { hub, renders } = await hubWith({});
    await waitForFrame(hub, /focused=one/);
    const before = renders();
    hub.input('j');
    await waitForFrame(hub, /focused=two/);
    hub.input('j');
    await waitForFrame(hub, /focused=three/);
    expect(renders()).toBe(before);
  });

  it('the folded render sees what the command did to state, and its notice', async () => {
    const { hub, renders } = await hubWith({
      'user/hooks.lua': `commands.register("agent.next", function(app)
        app.state.count = (app.state.count or 0) + 1
        app:focus(#app.agents)
        app:notify("jumped")
      end)`,
    });
    const before = renders();
    hub.input('j');
    await waitForFrame(hub, /focused=three count=1 notice=jumped/);
    expect(renders()).toBe(before);
  });

  it("a mode change too: the worker reduces it with the hub's own reducer", async () => {
    const { hub, renders } = await hubWith({
      'user/hooks.lua': `commands.register("agent.next", function(app) app:focus(2); app:set_mode("insert") end)`,
    });
    const before = renders();
    hub.input('j');
    await waitForFrame(hub, /focused=two/);
    await hub.whenIdle();
    expect(hub.currentMode).toBe('insert');
    expect(renders()).toBe(before);
  });

  it("a command whose outcome only the hub knows (a scroll: the agent's terminal decides how far) is rendered by the hub as before", async () => {
    const { hub, renders } = await hubWith({
      'user/hooks.lua': `commands.register("agent.next", function(app) app:focus(2); app:scroll(3) end)`,
    });
    const before = renders();
    hub.input('j');
    await waitForFrame(hub, /focused=two/);
    await hub.whenIdle();
    expect(renders()).toBe(before + 1);
  });

  it('a tree drawn for a state the hub did not reach (another intent came in between) is not taken', async () => {
    const { hub, renders } = await hubWith({
      'user/hooks.lua': `commands.register("agent.next", function(app) app:focus(2) end)`,
    });
    const before = renders();
    // Something else changes the state while the command runs in the worker.
    const run = hub.lua.runCommand.bind(hub.lua);
    hub.lua.runCommand = async (...args) => {
      const r = await run(...args);
      hub.dispatch({ type: 'notify', text: 'meanwhile', level: 'info' });
      return r;
    };
    hub.input('j');
    await waitForFrame(hub, /focused=two count=0 notice=meanwhile/);
    await hub.whenIdle();
    expect(renders()).toBe(before + 1);
  });
});
