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

  it('X closes an exited agent, x on an exited agent closes it too; a running one is not closed', async () => {
    hub = await hubs.real({
      agents: [
        { command: `sh -c 'exit 4'`, name: 'four' },
        { command: `sh -c 'exit 5'`, name: 'five' },
        { command: 'cat', name: 'alive' },
      ],
    });
    await waitForFrame(hub, /four exited 4[\s\S]*five exited 5/);
    await press(hub, '\x07'); // normal mode; agent 1 (four) is focused
    await press(hub, 'X');
    await waitForFrame(hub, /^(?![\s\S]*four)[\s\S]*1 five exited 5/);
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['five', 'alive']);
    await press(hub, 'x'); // five (focused now) already exited: x closes it
    await waitForFrame(hub, /^(?![\s\S]*five)[\s\S]*1 alive running/);
    await press(hub, 'X'); // alive is running: stays, and says how to stop it
    await waitForFrame(hub, /alive is running: agent\.kill \(x\) stops it first/);
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['alive']);
  });

  it('agent.close takes an agent number from the palette or Lua', async () => {
    hub = await hubs.real({
      agents: [
        { command: 'cat', name: 'alive' },
        { command: `sh -c 'exit 2'`, name: 'two' },
      ],
    });
    await waitForFrame(hub, /two exited 2/);
    await hub.runCommand('agent.close', 2);
    await waitForFrame(hub, /^(?![\s\S]*two exited)[\s\S]*alive running/);
    expect(hub.agents.list()).toHaveLength(1);
  });

  it('settings.close_on_clean_exit closes agents that exit 0 by themselves; failures and signals stay', async () => {
    const home = tempHome({ 'user/keybindings.lua': 'settings.close_on_clean_exit = true\n' });
    const pidFile = path.join(home, 'term.pid');
    hub = await hubs.real({
      home,
      agents: [
        { command: `sh -c 'sleep 0.2; exit 0'`, name: 'clean' },
        { command: `sh -c 'sleep 0.2; exit 3'`, name: 'failed' },
        { command: `sh -c 'echo $$ > "${pidFile}"; exec sleep 30'`, name: 'termed' },
        { command: 'cat', name: 'alive' },
      ],
    });
    await waitForFrame(hub, /failed exited 3/);
    for (let i = 0; i < 100 && !fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 20));
    process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGTERM');
    await waitForFrame(
      hub,
      // (On a slow run the row may name termed's program, sleep, and cat may have gone idle.)
      /^(?![\s\S]*clean)[\s\S]*failed exited 3[\s\S]*termed[^\n]* killed \((SIGTERM\)|…)[\s\S]*alive (running|idle)/,
    );
    expect(hub.agents.list().find((a) => a.info.name === 'termed')?.info.signal).toBe(15);
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['failed', 'termed', 'alive']);
    expect(hub.state.configError).toBeNull();
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
        /user\/keybindings\.lua:1: unknown setting "close_on_clean_exti" \(settings: close_on_clean_exit, machines, notify, on_quit, way_out, worktree_finish\)/,
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
