import { describe, expect, it } from 'vitest';
import type { ScriptedHub } from '../support/scripted-hub.js';
import { catScript, type ScriptedPty } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// The way out of insert mode (settings.way_out) in a real hub (real Lua, keymap, policy); the agent
// is a scripted `cat -v` (what reaches it is recorded) and time is the test's.
// `botster-tui keys` following the chord: test/app/way-out.test.ts.

const hubs = useHub();

const CTRL_G = '\x07';
const CTRL_BRACKET = '\x1d';
const CHOOSE = 'settings.way_out = "ctrl+]"\n';

function hubWith(keybindings: string | null, command = 'cat'): Promise<ScriptedHub> {
  return hubs.scripted({
    files: keybindings === null ? {} : { 'user/keybindings.lua': keybindings },
    agents: [{ command, name: 'cat' }],
    // A terminal in cooked mode echoes ctrl+g as ^G, as `cat -v` prints it.
    scripts: (c) => (c.startsWith('cat') ? catScript : undefined),
  });
}

/** Saves user/keybindings.lua and waits until the configuration error matches (null: until there is none). */
async function rewrite(t: ScriptedHub, source: string, expectError: RegExp | null): Promise<void> {
  await t.save('user/keybindings.lua', source);
  const error = () => t.hub.state.configError ?? '';
  // A file with an error a moment after its write is looked at again once it is still.
  await t.until(
    () => (expectError ? expectError.test(error()) : t.hub.state.configError === null),
    `the configuration error to be ${expectError ?? 'none'}`,
  );
  if (expectError) expect(error()).toMatch(expectError);
  else expect(t.hub.state.configError).toBeNull();
}

describe('the way out of insert mode (settings.way_out), in a real hub', () => {
  it('a chosen chord leaves insert mode, ctrl+g then reaches the agent, and g sends the chord itself', async () => {
    const t = await hubWith(CHOOSE, 'cat -v');
    const hub = t.hub;
    const agent: ScriptedPty = t.agent('cat');
    expect(hub.inputCtl.wayOut).toBe('ctrl+]');
    await t.frame(/Ctrl\+\]: hub keys/); // the status hint follows the setting

    await t.press(`a${CTRL_G}b\r`); // ctrl+g is an ordinary key for the agent now
    expect(hub.currentMode).toBe('insert');
    await t.frame(/a\^Gb/);
    expect(agent.received).toBe(`a${CTRL_G}b\r`);

    await t.press(CTRL_BRACKET); // the way out
    expect(hub.currentMode).toBe('normal');
    expect(agent.received).toBe(`a${CTRL_G}b\r`); // the way out itself stays in the hub
    await t.press(CTRL_BRACKET); // again: still normal mode, nothing typed
    expect(hub.currentMode).toBe('normal');
    expect(agent.received).toBe(`a${CTRL_G}b\r`);
    await t.press('g'); // g sends the chord itself (send-prefix), back in insert mode
    expect(hub.currentMode).toBe('insert');
    await t.press('c\r');
    await t.frame(/\^\]c/);
    expect(agent.received).toBe(`a${CTRL_G}b\r${CTRL_BRACKET}c\r`); // once

    // the help overlay lists it, and the way out closes it like escape
    await t.press(`${CTRL_BRACKET}?`);
    const first = await t.frame(/Keys — normal mode/);
    await t.press(' '); // the next page: the list is longer than the screen
    const next = await t.frame(/Keys — normal mode/);
    expect(first + next).toMatch(/g\s+Send the way-out key itself/);
    await t.press(CTRL_BRACKET);
    expect(hub.state.client.overlay).toBeNull();
  });

  it('ctrl+g then a key is that hub key from any mode the hub was left in, and never types into the agent', async () => {
    const t = await hubWith(null, 'cat -v');
    const hub = t.hub;
    const agent: ScriptedPty = t.agent('cat');
    await t.press(`${CTRL_G}j`); // normal mode is sticky: j leaves the hub in it
    expect(hub.currentMode).toBe('normal');
    await t.press(`${CTRL_G}v`); // the habit: ctrl+g v opens the review panel
    expect(hub.currentMode).toBe('review');
    expect(hub.state.client.review).not.toBeNull();
    await t.press(`${CTRL_G}?`); // from review mode too: ctrl+g ? is normal mode's help
    expect(hub.state.client.overlay).not.toBeNull();
    await t.press(CTRL_G); // closes the help
    expect(hub.state.client.overlay).toBeNull();
    expect(hub.currentMode).toBe('normal');
    expect(agent.received).toBe(''); // nothing of it reached the agent
  });

  it('the very first frame already shows the chosen way out in the hint', async () => {
    const t = await hubWith(CHOOSE, 'sleep 30');
    expect(t.screen()).toContain('Ctrl+]: hub keys');
  });

  it('no Lua can take it: binding it in insert is an error at the line; the policy escalates an improvement that tries', async () => {
    const t = await hubWith(CHOOSE);
    const hub = t.hub;
    await rewrite(
      t,
      `${CHOOSE}keys.bind("insert", "ctrl+a ctrl+]", "agent.next")\n`,
      /user\/keybindings\.lua:2: keys\.bind: ctrl\+\] in insert is reserved/,
    );
    // ctrl+g is free again in insert mode once the way out moved
    await rewrite(t, `${CHOOSE}keys.bind("insert", "ctrl+g", "agent.next")\n`, null);
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
    await t.press(CTRL_BRACKET);
    expect(hub.currentMode).toBe('normal');
  });

  it('the way out chosen later takes its chord from earlier insert bindings (the shipped alt+] included)', async () => {
    const t = await hubWith('settings.way_out = "alt+]"\n');
    const hub = t.hub;
    expect(hub.state.configError).toBeNull();
    expect(
      hub.bindings.filter((b) => b.mode === 'insert' && b.keys.includes('alt+]')).map((b) => b.action),
    ).toEqual([{ kind: 'command', id: 'mode.normal' }]);
    // alt+] alone is read once the escape timeout passed, as a lone ESC: it may begin a reply of
    // the terminal (press moves the hub's clock past it)
    await t.press('\x1b]');
    expect(hub.currentMode).toBe('normal');
    expect(t.agent('cat').received).toBe('');
  });

  it('an invalid chord is an error at its line and the previous way out stays', async () => {
    const t = await hubWith(CHOOSE);
    const hub = t.hub;
    for (const [value, message] of [
      [
        '"ctrl+a b"',
        /user\/keybindings\.lua:2: settings\.way_out must be a single chord, not the sequence "ctrl\+a b"/,
      ],
      ['"ctrl+nope"', /user\/keybindings\.lua:2: settings\.way_out .*nope/],
      ['"q"', /user\/keybindings\.lua:2: settings\.way_out "q" is a key you type/],
      ['42', /user\/keybindings\.lua:2: settings\.way_out must be a key like "ctrl\+\]", got number/],
    ] as const) {
      await rewrite(t, `-- mine\nsettings.way_out = ${value}\n`, message);
      expect(hub.inputCtl.wayOut).toBe('ctrl+]');
    }
    await t.press(CTRL_BRACKET);
    expect(hub.currentMode).toBe('normal');
  });

  it('improvements have no settings to change', async () => {
    const t = await hubWith(null);
    const reply = await t.hub.improvements.push({
      name: 'moveit',
      source: 'settings.way_out = "ctrl+]"',
      agent_id: '1',
    });
    expect(reply).toMatchObject({ live: false });
    expect(t.hub.inputCtl.wayOut).toBe('ctrl+g');
  });
});
