import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { tempHome, waitForFrame } from './helpers.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
let hub: Hub | null = null;

const press = async (h: Hub, keys: string) => {
  h.input(keys);
  await h.whenIdle();
};

// A function key that shows what Lua's self.agents says about each agent.
const SHOW_AGENTS = `keys.bind("normal", "e", function(app)
  local out = {}
  for _, a in ipairs(app.agents) do out[#out + 1] = a.name .. "=" .. a.status .. "/" .. tostring(a.exit_code) .. "/" .. tostring(a.signal) .. "/" .. tostring(a.signal_name) end
  app:notify(table.concat(out, " "))
end)
`;

// Closing exited agents and close_on_clean_exit run on scripted terminals: test/scripted/agent-states.test.ts.
describe('honest agent states (real PTYs, real Lua)', () => {
  it('an agent killed by SIGTERM from another agent reads "killed (SIGTERM)", with signal = 15 in Lua', async () => {
    const home = tempHome({ 'user/hooks.lua': SHOW_AGENTS });
    const pidFile = path.join(home, 'victim.pid');
    hub = await hubs.real({
      home,
      agents: [
        { command: `sh -c 'echo $$ > "${pidFile}"; exec sleep 30'`, name: 'victim' },
        {
          command: `sh -c 'while [ ! -s "${pidFile}" ]; do sleep 0.05; done; kill -TERM $(cat "${pidFile}"); echo sent; exec cat'`,
          name: 'killer',
        },
      ],
    });
    const frame = await waitForFrame(hub, /victim killed \(SIGTERM\)/);
    expect(frame).not.toMatch(/victim exited/);
    expect(frame).toMatch(/victim \(killed by SIGTERM\)/); // the focused agent's panel title
    await press(hub, '\x07e');
    await waitForFrame(hub, /victim=exited\/\d+\/15\/SIGTERM killer=running\/nil\/nil\/nil/);
  });

  it('a bad setting is an error at its line and the hub keeps the last good configuration', async () => {
    const home = tempHome({ 'user/keybindings.lua': 'settings.close_on_clean_exit = true\n' });
    hub = await hubs.real({ home, agents: [{ command: 'cat' }] });
    expect(hub.config.settings.close_on_clean_exit).toBe(true);
    for (const [src, message] of [
      [
        '\nsettings.close_on_clean_exit = "yes"\n',
        /user\/keybindings\.lua:2: settings\.close_on_clean_exit must be true or false, got string/,
      ],
      [
        'settings.close_on_clean_exti = true\n',
        /user\/keybindings\.lua:1: unknown setting "close_on_clean_exti" \(settings: close_on_clean_exit, machines, notify, on_quit, plugins, way_out, worktree_finish\)/,
      ],
    ] as const) {
      fs.writeFileSync(path.join(home, 'user/keybindings.lua'), src);
      await hub.config.reload([path.join(home, 'user/keybindings.lua')]);
      // a file with an error a moment after its write is looked at again once it is still
      for (let i = 0; i < 100 && !message.test(hub.state.configError ?? ''); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(hub.state.configError).toMatch(message);
      expect(hub.config.settings.close_on_clean_exit).toBe(true);
    }
  });
});
