// Behaviour shipped as ordinary Lua (lua/default/attention.lua, ...) in a running hub: the default
// works, a user file saved while the hub runs replaces it at once, deleting the file brings the
// default back.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { realHome, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';
import { until } from '../support/wait.js';

const hubs = useHub();

async function watched(
  agents: Array<{ command: string; name: string }>,
  files: Record<string, string> = {},
  opts: { write?: (d: string) => void } = {},
): Promise<{ hub: Hub; home: string }> {
  const home = realHome('dot-folder', files);
  const hub = await hubs.real({ home, agents, cols: 120, collaborativeWaitMs: 0, ...opts });
  await hub.config.watch();
  await hub.whenIdle();
  return { hub, home };
}

const save = (home: string, rel: string, text: string) => fs.writeFileSync(path.join(home, rel), text);

describe('attention (App:attention)', () => {
  it('the default badges an agent that rang the bell out of sight; a user rule saved live replaces it; deleting it restores the default', async () => {
    const { hub, home } = await watched([
      { command: 'cat', name: 'front' },
      { command: `sh -c "read x; printf 'ding\\\\a'; sleep 30"`, name: 'ringer' },
      { command: 'cat', name: 'quiet' },
    ]);
    hub.agents.list()[1].write('go\r');
    await waitForFrame(hub, /ringer ! /);
    expect(hub.screen().toText()).not.toMatch(/quiet ! /);
    save(home, 'user/hooks.lua', 'function App:attention(agent) return agent.name == "quiet" end');
    await waitForFrame(hub, /quiet ! /);
    expect(hub.screen().toText()).not.toMatch(/ringer ! /);
    fs.rmSync(path.join(home, 'user/hooks.lua'));
    await waitForFrame(hub, /ringer ! /);
    expect(hub.screen().toText()).not.toMatch(/quiet ! /);
  });
});

describe('the status-bar hint (App:status_hint)', () => {
  it('the default shows the way out in insert mode and hub keys in normal; a user function saved live replaces it; deleting it restores the default', async () => {
    const { hub, home } = await watched([{ command: 'cat', name: 'one' }]);
    await waitForFrame(hub, /Ctrl\+g: hub keys/);
    save(
      home,
      'user/hooks.lua',
      'function App:status_hint() return "MY HINT in " .. self.mode .. " with " .. #self.agents end',
    );
    await waitForFrame(hub, /MY HINT in insert with 1/);
    hub.input('\x07');
    await waitForFrame(hub, /MY HINT in normal with 1/);
    fs.rmSync(path.join(home, 'user/hooks.lua'));
    await waitForFrame(hub, /\?: help {2}:: commands {2}i: back to agent {2}q: quit/);
  });
});

describe('desktop notifications (lua/default/notify.lua)', () => {
  it('settings.notify = "osc777" in a user file: a bell out of sight reaches the terminal as OSC 777; hooks.off turns it off live', async () => {
    let written = '';
    const ringer = { command: `sh -c "while read x; do printf 'ding\\a'; done"`, name: 'ringer' };
    const { hub, home } = await watched(
      [{ command: 'cat', name: 'front' }, ringer],
      { 'user/hooks.lua': 'settings.notify = "osc777"' },
      { write: (d) => (written += d) },
    );
    hub.agents.list()[1].write('1\r');
    await waitForFrame(hub, /ringer ! /);
    await until('the bell notified', () =>
      /\x1b\]777;notify;botster-tui;agent ringer \(id \d+\) rang the bell\x07/.test(written),
    );
    // the same bell event, now with the default hook off and a marker of ours after it
    save(
      home,
      'user/hooks.lua',
      'settings.notify = "osc777"\nhooks.off(notifications.hooks.bell)\nhooks.on("agent_bell", function(ev, app) app:notify("BELL SEEN") end)',
    );
    await hub.config.reload([path.join(home, 'user/hooks.lua')]);
    written = '';
    hub.agents.list()[1].write('2\r');
    await waitForFrame(hub, /BELL SEEN/);
    // (The state hook may still say it asks when it turns waiting again: only the bell's is off.)
    // The OSC 777 itself, not the words: the first bell's notice may still be on screen, and a
    // repaint of its row (a busy machine's frame after the reload) writes them again.
    expect(written).not.toMatch(/\x1b\]777;notify;botster-tui;agent ringer \(id \d+\) rang the bell/);
  });
});
