import { describe, expect, it } from 'vitest';
import type { ScriptedHub } from '../support/scripted-hub.js';
import { basicPrograms } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// A normal-mode key that runs a Lua command costs ONE worker round trip: the worker runs the
// command, reduces its requests with the hub's own reducer and renders the state they lead to; the
// hub takes that tree when it dispatched the same intents (src/worker/predict.ts). A scripted hub:
// the worker and the renders counted are real; the agents and the time are the test's.

const hubs = useHub();

/** Quiet agents turn idle after 1.5 s of quiet, which draws again: the renders are counted after that. */
const PAST_IDLE_MS = 1600;

const LAYOUT = `function App:render()
  return ui.text("focused=" .. (self.focused and self.focused.name or "-") .. " count=" .. tostring(self.state.count or 0) .. " notice=" .. tostring(self.notice))
end`;

async function hubWith(files: Record<string, string>): Promise<{ t: ScriptedHub; renders: () => number }> {
  const t = await hubs.scripted({
    files: { 'user/layout.lua': LAYOUT, ...files },
    agents: [
      { command: 'cat', name: 'one' },
      { command: 'cat', name: 'two' },
      { command: 'cat', name: 'three' },
    ],
    scripts: basicPrograms,
  });
  const hub = t.hub;
  let n = 0;
  const render = hub.lua.render.bind(hub.lua);
  hub.lua.render = (app) => {
    n++;
    return render(app);
  };
  await t.press('\x07'); // normal mode
  await t.advance(PAST_IDLE_MS);
  await t.until(() => hub.appData().agents.every((a) => a.state === 'idle'), 'the agents idle');
  return { t, renders: () => n };
}

describe('a Lua command and the frame it causes share one worker round trip', () => {
  it('j (agent.next in lua/default/commands.lua) draws the new focus without a separate render request', async () => {
    const { t, renders } = await hubWith({});
    await t.frame(/focused=one/);
    const before = renders();
    await t.press('j');
    await t.frame(/focused=two/);
    await t.press('j');
    await t.frame(/focused=three/);
    expect(renders()).toBe(before);
  });

  it('the folded render sees what the command did to state, and its notice', async () => {
    const { t, renders } = await hubWith({
      'user/hooks.lua': `commands.register("agent.next", function(app)
        app.state.count = (app.state.count or 0) + 1
        app:focus(#app.agents)
        app:notify("jumped")
      end)`,
    });
    const before = renders();
    await t.press('j');
    await t.frame(/focused=three count=1 notice=jumped/);
    expect(renders()).toBe(before);
  });

  it("a mode change too: the worker reduces it with the hub's own reducer", async () => {
    const { t, renders } = await hubWith({
      'user/hooks.lua': `commands.register("agent.next", function(app) app:focus(2); app:set_mode("insert") end)`,
    });
    const before = renders();
    await t.press('j');
    await t.frame(/focused=two/);
    expect(t.hub.currentMode).toBe('insert');
    expect(renders()).toBe(before);
  });

  it("a command whose outcome only the hub knows (a scroll: the agent's terminal decides how far) is rendered by the hub as before", async () => {
    const { t, renders } = await hubWith({
      'user/hooks.lua': `commands.register("agent.next", function(app) app:focus(2); app:scroll(3) end)`,
    });
    const before = renders();
    await t.press('j');
    await t.frame(/focused=two/);
    expect(renders()).toBe(before + 1);
  });

  it('a tree drawn for a state the hub did not reach (another intent came in between) is not taken', async () => {
    const { t, renders } = await hubWith({
      'user/hooks.lua': `commands.register("agent.next", function(app) app:focus(2) end)`,
    });
    const hub = t.hub;
    const before = renders();
    // Something else changes the state while the command runs in the worker.
    const run = hub.lua.runCommand.bind(hub.lua);
    hub.lua.runCommand = async (...args) => {
      const r = await run(...args);
      hub.dispatch({ type: 'notify', text: 'meanwhile', level: 'info' });
      return r;
    };
    await t.press('j');
    await t.frame(/focused=two count=0 notice=meanwhile/);
    expect(renders()).toBe(before + 1);
  });
});
