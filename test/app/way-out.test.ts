import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { runKeys } from '../../src/cli/run-tools.js';
import { tempHome, until, waitForFrame } from './helpers.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
let hub: Hub | null = null;

const CTRL_G = '\x07';
const CTRL_BRACKET = '\x1d';
const CHOOSE = 'settings.way_out = "ctrl+]"\n';

const press = async (h: Hub, keys: string) => {
  h.input(keys);
  await h.whenIdle();
};

/** Rewrites a user file and reloads; waits out the half-written-file retry before reading the error. */
async function rewrite(
  h: Hub,
  home: string,
  file: string,
  source: string,
  expectError: RegExp | null,
): Promise<void> {
  fs.writeFileSync(path.join(home, file), source);
  await h.config.reload([path.join(home, file)]);
  for (
    let i = 0;
    i < 100 && (expectError ? !expectError.test(h.state.configError ?? '') : h.state.configError !== null);
    i++
  )
    await new Promise((r) => setTimeout(r, 20));
  if (expectError) expect(h.state.configError).toMatch(expectError);
  else expect(h.state.configError).toBeNull();
}

describe('the way out of insert mode (settings.way_out), in a real hub with a real agent', () => {
  it('a chosen chord leaves insert mode, ctrl+g then reaches the agent, and the chord pressed twice reaches it once', async () => {
    const home = tempHome({ 'user/keybindings.lua': CHOOSE });
    hub = await hubs.real({ home, agents: [{ command: 'cat -v', name: 'cat' }] });
    expect(hub.inputCtl.wayOut).toBe('ctrl+]');
    await waitForFrame(hub, /Ctrl\+\]: hub keys/); // the status hint follows the setting

    await press(hub, `a${CTRL_G}b\r`); // ctrl+g is an ordinary key for the agent now
    expect(hub.currentMode).toBe('insert');
    await waitForFrame(hub, /a\^Gb/);

    await press(hub, CTRL_BRACKET); // the way out
    expect(hub.currentMode).toBe('normal');
    await press(hub, CTRL_BRACKET); // again: sent to the agent (send-prefix), back in insert mode
    expect(hub.currentMode).toBe('insert');
    await press(hub, 'c\r');
    await waitForFrame(hub, /\^\]c/);

    // the help overlay lists it, and the way out closes it like escape
    await press(hub, `${CTRL_BRACKET}?`);
    const first = await waitForFrame(hub, /Keys — normal mode/);
    await press(hub, ' '); // the next page: the list is longer than the screen
    const next = await waitForFrame(hub, /Keys — normal mode/);
    expect(first + next).toMatch(/Ctrl\+\]\s+Send the way-out key itself to the agent/);
    await press(hub, CTRL_BRACKET);
    expect(hub.state.client.overlay).toBeNull();
  });

  it('the very first frame already shows the chosen way out in the hint', async () => {
    hub = await hubs.real({
      home: tempHome({ 'user/keybindings.lua': CHOOSE }),
      agents: [{ command: 'sleep 30' }],
    });
    await hub.whenIdle();
    expect(hub.screen().toText()).toContain('Ctrl+]: hub keys');
  });

  it('no Lua can take it: binding it in insert is an error at the line; the policy escalates an improvement that tries', async () => {
    const home = tempHome({ 'user/keybindings.lua': CHOOSE });
    hub = await hubs.real({ home, agents: [{ command: 'cat' }] });
    await rewrite(
      hub,
      home,
      'user/keybindings.lua',
      `${CHOOSE}keys.bind("insert", "ctrl+a ctrl+]", "agent.next")\n`,
      /user\/keybindings\.lua:2: keys\.bind: ctrl\+\] in insert is reserved/,
    );
    // ctrl+g is free again in insert mode once the way out moved
    await rewrite(
      hub,
      home,
      'user/keybindings.lua',
      `${CHOOSE}keys.bind("insert", "ctrl+g", "agent.next")\n`,
      null,
    );
    expect(hub.bindings.find((b) => b.mode === 'insert' && b.spec === 'ctrl+g')?.action).toEqual({
      kind: 'command',
      id: 'agent.next',
    });
    const reply = await hub.improvements.push({
      name: 'grab',
      source: 'keys.bind("insert", "ctrl+]", "agent.next")',
      agent_id: '1',
    });
    expect(reply).toMatchObject({ decision: 'escalated', live: false });
    expect(String(reply.reasoning)).toContain('ctrl+] is the way out of insert mode');
    await press(hub, CTRL_BRACKET);
    expect(hub.currentMode).toBe('normal');
  });

  it('the way out chosen later takes its chord from earlier insert bindings (the shipped alt+] included)', async () => {
    const home = tempHome({ 'user/keybindings.lua': 'settings.way_out = "alt+]"\n' });
    hub = await hubs.real({ home, agents: [{ command: 'cat' }] });
    expect(hub.state.configError).toBeNull();
    expect(
      hub.bindings.filter((b) => b.mode === 'insert' && b.keys.includes('alt+]')).map((b) => b.action),
    ).toEqual([{ kind: 'command', id: 'mode.normal' }]);
    // (alt+] alone is read once the escape timeout passed, as a lone ESC: it may begin a reply of the terminal)
    const h = hub;
    h.input('\x1b]');
    await until('alt+] took effect', () => h.currentMode === 'normal');
  });

  it('an invalid chord is an error at its line and the previous way out stays', async () => {
    const home = tempHome({ 'user/keybindings.lua': CHOOSE });
    hub = await hubs.real({ home, agents: [{ command: 'cat' }] });
    for (const [value, message] of [
      [
        '"ctrl+a b"',
        /user\/keybindings\.lua:2: settings\.way_out must be a single chord, not the sequence "ctrl\+a b"/,
      ],
      ['"ctrl+nope"', /user\/keybindings\.lua:2: settings\.way_out .*nope/],
      ['"q"', /user\/keybindings\.lua:2: settings\.way_out "q" is a key you type/],
      ['42', /user\/keybindings\.lua:2: settings\.way_out must be a key like "ctrl\+\]", got number/],
    ] as const) {
      await rewrite(hub, home, 'user/keybindings.lua', `-- mine\nsettings.way_out = ${value}\n`, message);
      expect(hub.inputCtl.wayOut).toBe('ctrl+]');
    }
    await press(hub, CTRL_BRACKET);
    expect(hub.currentMode).toBe('normal');
  });

  it('improvements have no settings to change', async () => {
    const home = tempHome();
    hub = await hubs.real({ home, agents: [{ command: 'cat' }] });
    const reply = await hub.improvements.push({
      name: 'moveit',
      source: 'settings.way_out = "ctrl+]"',
      agent_id: '1',
    });
    expect(reply).toMatchObject({ live: false });
    expect(hub.inputCtl.wayOut).toBe('ctrl+g');
  });

  it('`botster-tui keys` follows the chosen chord', async () => {
    let table = '';
    expect(await runKeys(tempHome({ 'user/keybindings.lua': CHOOSE }), true, (s) => (table = s))).toBe(0);
    expect(table).toContain('| insert | `Ctrl+]` | `mode.normal` |');
    expect(table).toContain('| normal | `Ctrl+]` | `agent.send_way_out` |');
    expect(table).not.toContain('`Ctrl+g`');
  });
});
