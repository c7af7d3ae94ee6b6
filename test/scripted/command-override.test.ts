import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/hub.js';
import type { ScriptedHub } from '../support/scripted-hub.js';
import { useHub } from '../support/use-hub.js';

// One command registry: a Lua registration of a built-in id wins on the keys bound to it, and the
// built-in comes back when the file that registered it goes away. A scripted hub: real Lua, keys
// and file watching; the agents are the test's.

const hubs = useHub();

const THREE = [
  { command: 'cat', name: 'one' },
  { command: 'cat', name: 'two' },
  { command: 'cat', name: 'three' },
];

async function watched(
  files: Record<string, string>,
): Promise<{ t: ScriptedHub; hub: ScriptedHub['hub']; home: string }> {
  // TODO(after the watcher fix lands on main): a home under a dot-folder, as ~/.botster is.
  const home = path.join(tempHome(), 'botster home');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), content);
  }
  const t = await hubs.scripted({ home, agents: THREE, collaborativeWaitMs: 0 });
  await t.hub.config.watch();
  await t.settle();
  return { t, hub: t.hub, home };
}

describe('overriding built-in commands from Lua', () => {
  it('a user agent.next in user/hooks.lua runs on j; deleting the file brings the built-in back', async () => {
    const { t, hub, home } = await watched({
      'user/hooks.lua':
        'commands.register("agent.next", function(app) app:focus(#app.agents) end, { desc = "Jump to the last agent" })',
    });
    await t.press('\x07j');
    expect(hub.focused?.info.name).toBe('three');
    // the palette shows the override, not the built-in
    await t.press(':agent.next');
    await t.frame(/Jump to the last agent/);
    await t.press('\x07'); // closes the palette

    fs.unlinkSync(path.join(home, 'user/hooks.lua'));
    await t.until(
      () => !hub.commandSources('agent.next').some((s) => s.includes('hooks.lua')),
      'the file to be reloaded',
    );
    await t.press('1');
    await t.press('j');
    expect(hub.focused?.info.name).toBe('two');
  });

  it("an improvement's agent.next_waiting override is reviewed as collaborative, then runs on w until it is removed", async () => {
    const { t, hub, home } = await watched({});
    const reply = await hub.improvements.push({
      name: 'waiting2',
      source:
        'commands.register("agent.next_waiting", function(app) app:focus(2) end, { desc = "Always the second" })',
      agent_id: '1',
    });
    expect(reply).toMatchObject({ decision: 'collaborative', rule: 'overrides-command', waiting: true });
    expect(String(reply.reasoning)).toMatch(/agent\.next_waiting \(lua\/default\/commands\.lua:\d+\)/);
    await t.frame(/\? 1 question/); // it waits behind the badge (its notice comes first)
    await t.press('\x07:improvements.accept\r');
    await t.frame(/improvement waiting2 is live/);
    await t.press('w');
    expect(hub.focused?.info.name).toBe('two');

    fs.unlinkSync(path.join(home, 'improvements/waiting2.lua'));
    await t.until(
      () => !hub.commandSources('agent.next_waiting').some((s) => s.startsWith('improvements/')),
      'the file to be reloaded',
    );
    await t.press('1');
    await t.press('w');
    // the built-in: nobody is waiting, so focus stays and the hub says so
    await t.frame(/no agent is waiting for you/);
    expect(hub.focused?.info.name).toBe('one');
  });

  it('keys wait for the Lua command before them: j j (typed at once) moves twice', async () => {
    const { t, hub } = await watched({});
    expect(hub.commandSources('agent.next')[0]).toMatch(/^lua\/default\/commands\.lua:\d+$/);
    await t.press('\x07jj');
    expect(hub.focused?.info.name).toBe('three');
    await t.press('jk');
    expect(hub.focused?.info.name).toBe('three');
  });

  it('adding a new command is autonomous', async () => {
    const { t, hub } = await watched({});
    const reply = await hub.improvements.push({
      name: 'fresh',
      source: 'commands.register("demo.fresh", function(app) end, { desc = "New" })',
      agent_id: '1',
    });
    expect(reply).toMatchObject({ decision: 'autonomous', live: true });
  });

  it('an override that runs its own id runs the built-in it shadows (no loop)', async () => {
    const { t, hub } = await watched({
      'user/hooks.lua':
        'commands.register("agent.next", function(app) app:notify("wrapped"); commands.run("agent.next") end, { desc = "Wrapped next" })',
    });
    await t.press('\x07j');
    expect(hub.focused?.info.name).toBe('two');
    await t.press('j');
    expect(hub.focused?.info.name).toBe('three');
  });

  it('while Lua is stopped for a runaway override, j still moves focus through the built-in', async () => {
    const { t, hub } = await watched({
      'user/hooks.lua':
        'commands.register("agent.next", function(app) string.rep("a", 40000):find(".-.-.-.-x") end, { desc = "Stalls" })',
    });
    await t.press('\x07j');
    await t.frame(/did not return within \d+ ms/);
    expect(hub.focused?.info.name).toBe('two');
    await t.press('j');
    expect(hub.focused?.info.name).toBe('three');
  });
});
