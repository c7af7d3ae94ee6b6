import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { startHub, tempHome, waitForFrame } from './helpers.js';

let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

const PROFILES = `profiles.define("echoer", { command = "sh", args = { "-c", "echo PROFILE $FOO in $(pwd); sleep 30" }, env = { FOO = "ok" }, cwd = "/tmp" })
profiles.define("second", { command = "echo from second; sleep 30" })`;

describe('profiles (user/profiles.lua)', () => {
  it('--agent profile:NAME starts the profile with its args, env and cwd; an unknown one says so', async () => {
    hub = await startHub({ home: tempHome({ 'user/profiles.lua': PROFILES }), agents: [{ command: 'profile:echoer' }, { command: 'profile:nope' }] });
    await waitForFrame(hub, /PROFILE ok in \/tmp/);
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['echoer']);
    await waitForFrame(hub, /no profile "nope"/);
  });

  it('agent.spawn opens the spawn dialog: pick a profile by typing, enter starts it focused in insert mode', async () => {
    hub = await startHub({ home: tempHome({ 'user/profiles.lua': PROFILES }), agents: [{ command: 'cat' }] });
    hub.input('\x07c');
    await waitForFrame(hub, /New agent[\s\S]*echoer[\s\S]*second/);
    hub.input('seco');
    hub.input('\r');
    await waitForFrame(hub, /from second/);
    expect(hub.focused?.info.name).toBe('second');
    expect(hub.currentMode).toBe('insert');
  });
});
