import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { tempHome, waitForFrame } from '../support/hub.js';
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

// Closing exited agents, close_on_clean_exit and its setting's errors run on scripted terminals:
// test/scripted/agent-states.test.ts. Here a real signal from another process.
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
});
