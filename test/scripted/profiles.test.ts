import { describe, expect, it } from 'vitest';
import type { Script } from '../support/scripted-pty.js';
import { basicPrograms } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// What a profile (user/profiles.lua) decides: the program, args, env and cwd the hub starts, again
// on restart, and from the spawn dialog. A scripted hub: real Lua and dialogs; the agents are the
// test's. Profiles with worktrees (real git) and a profile's agent as a real process:
// test/app/profiles.test.ts.

const hubs = useHub();

const ECHOER = 'echo PROFILE $FOO in $(pwd); sleep 30';
const PROFILES = `profiles.define("echoer", { command = "sh", args = { "-c", ${JSON.stringify(ECHOER)} }, env = { FOO = "ok" }, cwd = "/tmp" })
profiles.define("second", { command = "echo from second; sleep 30" })`;

/** The shell of `echoer`: prints the FOO and the folder it was started with. */
const echoer: Script = (pty) => pty.print(`PROFILE ${pty.env.FOO ?? ''} in ${pty.cwd}\n`);
const scripts = (command: string) => (command === ECHOER ? echoer : basicPrograms(command));

describe('profiles (user/profiles.lua)', () => {
  it('--agent profile:NAME starts the profile with its args, env and cwd; an unknown one says so', async () => {
    const t = await hubs.scripted({
      files: { 'user/profiles.lua': PROFILES },
      agents: [{ command: 'profile:echoer' }, { command: 'profile:nope' }],
      scripts,
    });
    await t.frame(/PROFILE ok in \/tmp/);
    const pty = t.agent('echoer');
    expect([pty.file, ...pty.args]).toEqual(['sh', '-c', ECHOER]);
    expect(pty.env.FOO).toBe('ok');
    expect(pty.cwd).toBe('/tmp');
    expect(t.hub.agents.list().map((a) => a.info.name)).toEqual(['echoer']);
    expect(t.ptys.all).toHaveLength(1); // the unknown profile started nothing
    await t.frame(/no profile "nope"/);
  });

  it('agent.restart runs the profile again as it is now', async () => {
    const t = await hubs.scripted({
      files: { 'user/profiles.lua': 'profiles.define("r", { command = "echo FIRST VERSION; sleep 30" })' },
      agents: [{ command: 'profile:r' }],
      scripts,
    });
    await t.frame(/FIRST VERSION/);
    await t.save('user/profiles.lua', 'profiles.define("r", { command = "echo SECOND VERSION; sleep 30" })');
    expect(t.hub.state.configError).toBeNull();
    await t.press('\x07r');
    await t.frame(/Restart agent|Restart r\?|Restart .*\? It is at work/); // at work: it asks first
    await t.press('\x1b[B\r'); // "restart"
    await t.frame(/SECOND VERSION/);
    expect(t.ptys.all.map((p) => p.command)).toEqual([
      'echo FIRST VERSION; sleep 30',
      'echo SECOND VERSION; sleep 30',
    ]);
  });

  it('agent.spawn opens the spawn dialog: pick a profile by typing, enter starts it focused in insert mode', async () => {
    const t = await hubs.scripted({
      files: { 'user/profiles.lua': PROFILES },
      agents: [{ command: 'cat' }],
      scripts,
    });
    await t.press('\x07c');
    await t.frame(/New agent[\s\S]*echoer[\s\S]*second/);
    await t.press('seco');
    await t.press('\r');
    await t.frame(/from second/);
    expect(t.hub.focused?.info.name).toBe('second');
    expect(t.hub.currentMode).toBe('insert');
  });

  // A newcomer types the command they want: it matched no profile, and Enter started nothing.
  it('agent.spawn runs a typed command line that matches no profile; ctrl+w and ctrl+u edit the line', async () => {
    const t = await hubs.scripted({
      files: { 'user/profiles.lua': PROFILES },
      agents: [{ command: 'cat' }],
      scripts,
    });
    await t.press('\x07c');
    await t.frame(/New agent[\s\S]*type a command line/);
    await t.press('rm -rf everything');
    await t.press('\x15'); // ctrl+u: everything typed goes
    expect(t.hub.state.client.overlay).toMatchObject({ kind: 'palette', query: '' });
    await t.press('echo typed line; sleep 3 oops');
    await t.press('\x17\x17'); // ctrl+w twice: "oops", then "3 "
    expect(t.hub.state.client.overlay).toMatchObject({ query: 'echo typed line; sleep ' });
    await t.press('30\r');
    await t.frame(/typed line/);
    expect(t.ptys.all.map((p) => p.command)).toContain('echo typed line; sleep 30');
    expect(t.hub.currentMode).toBe('insert');
  });
});
