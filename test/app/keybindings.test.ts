import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { tempHome, waitForFrame } from './helpers.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

async function hubWith(files: Record<string, string>, agents = [{ command: 'cat', name: 'first' }]): Promise<Hub> {
  const hub = await hubs.real({ home: tempHome(files), agents });
  await hub.whenIdle();
  return hub;
}

const CTRL_G = '\x07';

describe('keybindings in Lua', () => {
  it('a function bound in user/keybindings.lua acts on the app (spawn, focus) and sees its state', async () => {
    const hub = await hubWith({
      'user/keybindings.lua': `
keys.bind("normal", "n", function(app)
  app.state.count = (app.state.count or 0) + 1
  app:spawn({ command = "echo spawned " .. app.state.count .. " from " .. #app.agents })
end, { desc = "Spawn an echo" })`,
    });
    hub.input(CTRL_G + 'n');
    await waitForFrame(hub, /spawned 1 from 1/);
    expect(hub.agents.list()).toHaveLength(2);
    expect(hub.focused?.info.command).toContain('echo spawned');
  });

  it('a prefix sequence runs its binding; an unbound continuation passes both keys to the agent', async () => {
    const hub = await hubWith({
      'user/keybindings.lua': `keys.bind("insert", "ctrl+a c", function(app) app:spawn("echo via prefix") end, { desc = "New echo" })`,
    });
    hub.input('\x01c');
    await waitForFrame(hub, /via prefix/);
    await hub.request({ type: 'focus_index', index: 0 });
    hub.input('\x01x\r');
    // cat received ctrl+a and x: the terminal echoes ^A then x
    await waitForFrame(hub, /\^Ax/);
  });

  it('the status hint follows the keymap: a rebound help key shows, and again after a reload', async () => {
    const home = tempHome({ 'user/keybindings.lua': `keys.unbind("normal", "?")\nkeys.bind("normal", "H", "help.toggle")` });
    const hub = await hubs.real({ home, agents: [{ command: 'cat', name: 'first' }] });
    hub.input(CTRL_G);
    await hub.whenIdle();
    // The hint is App:status_hint (lua/default/hint.lua) over the live keymap: read it off the status bar.
    await waitForFrame(hub, /H: help/);
    fs.writeFileSync(path.join(home, 'user/keybindings.lua'), `keys.unbind("normal", "?")\nkeys.bind("normal", "W", "help.toggle")`);
    await hub.config.reload([path.join(home, 'user/keybindings.lua')]);
    await hub.whenIdle();
    await waitForFrame(hub, /W: help/);
  });

  it('user bindings override and remove defaults', async () => {
    const hub = await hubWith(
      {
        'user/keybindings.lua': `keys.unbind("normal", "j")\nkeys.bind("normal", "l", "agent.next", { desc = "Next (l)" })`,
      },
      [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    );
    hub.input(CTRL_G + 'j');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('one');
    hub.input('l');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('two');
    expect(hub.bindings.find((b) => b.mode === 'normal' && b.spec === 'j')).toBeUndefined();
  });

  it('bad bindings are errors at file:line and the defaults stay live', async () => {
    for (const [src, msg] of [
      ['keys.bind("normal", "ctrl+entr", "agent.next")', /user\/keybindings\.lua:1: keys\.bind: unknown key name "entr"/],
      ['\nkeys.bind("normal", "z", "agent.nope")', /user\/keybindings\.lua:2: unknown command "agent\.nope"/],
      ['keys.bind("normal", "z", 42)', /user\/keybindings\.lua:1: keys\.bind: action must be a command id/],
      ['keys.bind("insert", "ctrl+g", "agent.next")', /user\/keybindings\.lua:1: keys\.bind: ctrl\+g in insert is reserved/],
      ['keys.bind("visual", "v", "agent.next")', /user\/keybindings\.lua:1: keys\.bind: unknown mode "visual"/],
    ] as const) {
      const hub = await hubWith({ 'user/keybindings.lua': src });
      await waitForFrame(hub, msg);
      hub.input(CTRL_G);
      await hub.whenIdle();
      expect(hub.currentMode).toBe('normal'); // the way out still works
      await hub.dispose();
    }
  });

  it('user modes: a one-shot mode returns to the previous one after a key', async () => {
    const hub = await hubWith(
      {
        'user/keybindings.lua': `
keys.mode("window", { sticky = false, desc = "one window command" })
keys.bind("normal", "w", function(app) app:set_mode("window") end)
keys.bind("window", "n", "agent.next", { desc = "next" })`,
      },
      [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    );
    hub.input(CTRL_G + 'w');
    await hub.whenIdle();
    await new Promise((r) => setTimeout(r, 50));
    expect(hub.currentMode).toBe('window');
    hub.input('n');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('two');
    expect(hub.currentMode).toBe('normal');
  });

  it('the help overlay lists the live bindings of the mode, with descriptions', async () => {
    const hub = await hubWith({ 'user/keybindings.lua': `keys.bind("normal", "g g", "agent.next", { desc = "Jump along (user)" })` });
    hub.input(CTRL_G + '?');
    const first = await waitForFrame(hub, /Keys — normal mode/);
    expect(first).toMatch(/q\s+Quit/);
    hub.input(' '); // the next page: the user's bindings come after the shipped ones
    const frame = await waitForFrame(hub, /Jump along \(user\)/);
    expect(frame).toContain('Keys — normal mode');
    hub.input('\x1b');
    await new Promise((r) => setTimeout(r, 60)); // a lone escape waits for the parser's timeout
    const closed = await waitForFrame(hub, /^(?![\s\S]*Keys — normal mode)/);
    expect(closed).not.toContain('Jump along');
  });

  it('the help overlay also lists the insert-mode keys (scrolled to), user bindings included', async () => {
    const hub = await hubWith({ 'user/keybindings.lua': `keys.bind("insert", "alt+z", "agent.next", { desc = "Hop while typing (user)" })` });
    hub.input(CTRL_G + '?');
    await waitForFrame(hub, /Keys — normal mode/);
    for (let i = 0; i < 6; i++) hub.input('\x1b[6~'); // pagedown, to the end
    const frame = await waitForFrame(hub, /insert mode \(while typing to the agent\)/);
    expect(frame).toMatch(/Alt\+z\s+Hop while typing \(user\)/);
    expect(frame).toMatch(/Shift\+PgUp\s+Scroll the agent's view up a page/);
    expect(frame).toContain('Keys — normal mode');
  });

  it('the palette passes an argument after the id, and asks for a required one instead of failing', async () => {
    const hub = await hubWith({}, [{ command: 'cat', name: 'first' }, { command: 'cat', name: 'second' }, { command: 'cat', name: 'third' }]);
    const palette = (line: string) => hub.input((hub.currentMode === 'normal' ? '' : CTRL_G) + ':' + line);
    palette('agent.focus 3\r');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('third');
    palette('agent.focus\r');
    await waitForFrame(hub, /agent\.focus: agent number \(1-9\)/);
    hub.input('2\r');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('second');
    palette('agent.focus\r');
    await waitForFrame(hub, /agent\.focus: agent number/);
    hub.input('\r');
    await waitForFrame(hub, /agent\.focus needs agent number \(1-9\): nothing done/);
    expect(hub.focused?.info.name).toBe('second');
  });

  it('the command palette filters as you type and runs the chosen command, Lua commands included', async () => {
    const hub = await hubWith({
      'user/keybindings.lua': `commands.register("demo.hello", function(app) app:spawn("echo hello from a command") end, { desc = "Say hello", category = "demo" })`,
    });
    hub.input(CTRL_G + ':');
    await waitForFrame(hub, /Commands/);
    hub.input('hello');
    const frame = await waitForFrame(hub, /demo\.hello/);
    expect(frame).not.toContain('agent.next');
    hub.input('\r');
    await waitForFrame(hub, /hello from a command/);
  });

  it('agent.spawn from normal mode focuses the new agent and goes back to insert, so you can type into it', async () => {
    const hub = await hubWith({});
    hub.input(CTRL_G + 'c');
    await hub.whenIdle();
    const end = Date.now() + 5000;
    while (hub.agents.list().length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await hub.whenIdle();
    expect(hub.currentMode).toBe('insert');
    expect(hub.focused?.info.id).toBe(hub.agents.list()[1].info.id);
  });
});
