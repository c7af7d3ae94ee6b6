import { describe, expect, it } from 'vitest';
import type { ScriptedHub } from '../support/scripted-hub.js';
import { basicPrograms } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// Keys, the keymap, the palette and the help of a real hub (real Lua); its agents are scripted
// (`cat` echoes as a terminal does, `echo` prints and exits) and its time is the test's.

const hubs = useHub();

function hubWith(
  files: Record<string, string>,
  agents = [{ command: 'cat', name: 'first' }],
): Promise<ScriptedHub> {
  return hubs.scripted({ files, agents, scripts: basicPrograms });
}

const CTRL_G = '\x07';

describe('keybindings in Lua', () => {
  it('a function bound in user/keybindings.lua acts on the app (spawn, focus) and sees its state', async () => {
    const t = await hubWith({
      'user/keybindings.lua': `
keys.bind("normal", "n", function(app)
  app.state.count = (app.state.count or 0) + 1
  app:spawn({ command = "echo spawned " .. app.state.count .. " from " .. #app.agents })
end, { desc = "Spawn an echo" })`,
    });
    await t.press(CTRL_G + 'n');
    await t.frame(/spawned 1 from 1/);
    expect(t.hub.agents.list()).toHaveLength(2);
    expect(t.hub.focused?.info.command).toContain('echo spawned');
  });

  it('a prefix sequence runs its binding; an unbound continuation passes both keys to the agent', async () => {
    const t = await hubWith({
      'user/keybindings.lua': `keys.bind("insert", "ctrl+a c", function(app) app:spawn("echo via prefix") end, { desc = "New echo" })`,
    });
    await t.press('\x01c');
    await t.frame(/via prefix/);
    await t.hub.request({ type: 'focus_index', index: 0 });
    await t.press('\x01x\r');
    // cat received ctrl+a and x: the terminal echoes ^A then x
    await t.frame(/\^Ax/);
  });

  it('the status hint follows the keymap: a rebound help key shows, and again after a reload', async () => {
    const t = await hubWith({
      'user/keybindings.lua': `keys.unbind("normal", "?")\nkeys.bind("normal", "H", "help.toggle")`,
    });
    await t.press(CTRL_G);
    // The hint is App:status_hint (lua/default/hint.lua) over the live keymap: read it off the status bar.
    await t.frame(/H: help/);
    await t.save(
      'user/keybindings.lua',
      `keys.unbind("normal", "?")\nkeys.bind("normal", "W", "help.toggle")`,
    );
    await t.frame(/W: help/);
  });

  it('user bindings override and remove defaults', async () => {
    const t = await hubWith(
      {
        'user/keybindings.lua': `keys.unbind("normal", "j")\nkeys.bind("normal", "l", "agent.next", { desc = "Next (l)" })`,
      },
      [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    );
    await t.press(CTRL_G + 'j');
    expect(t.hub.focused?.info.name).toBe('one');
    await t.press('l');
    expect(t.hub.focused?.info.name).toBe('two');
    expect(t.hub.bindings.find((b) => b.mode === 'normal' && b.spec === 'j')).toBeUndefined();
  });

  it('bad bindings are errors at file:line and the defaults stay live', async () => {
    for (const [src, msg] of [
      [
        'keys.bind("normal", "ctrl+entr", "agent.next")',
        /user\/keybindings\.lua:1: keys\.bind: unknown key name "entr"/,
      ],
      ['\nkeys.bind("normal", "z", "agent.nope")', /user\/keybindings\.lua:2: unknown command "agent\.nope"/],
      ['keys.bind("normal", "z", 42)', /user\/keybindings\.lua:1: keys\.bind: action must be a command id/],
      [
        'keys.bind("insert", "ctrl+g", "agent.next")',
        /user\/keybindings\.lua:1: keys\.bind: ctrl\+g in insert is reserved/,
      ],
      [
        'keys.bind("visual", "v", "agent.next")',
        /user\/keybindings\.lua:1: keys\.bind: unknown mode "visual"/,
      ],
    ] as const) {
      const t = await hubWith({ 'user/keybindings.lua': src });
      await t.frame(msg);
      await t.press(CTRL_G);
      expect(t.hub.currentMode).toBe('normal'); // the way out still works
      await t.hub.dispose(); // one hub at a time
    }
  });

  it('user modes: a one-shot mode returns to the previous one after a key', async () => {
    const t = await hubWith(
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
    await t.press(CTRL_G + 'w');
    expect(t.hub.currentMode).toBe('window');
    await t.press('n');
    expect(t.hub.focused?.info.name).toBe('two');
    expect(t.hub.currentMode).toBe('normal');
  });

  it('the help overlay lists the live bindings of the mode, with descriptions', async () => {
    const t = await hubWith({
      'user/keybindings.lua': `keys.bind("normal", "z z", "agent.next", { desc = "Jump along (user)" })`,
    });
    await t.press(CTRL_G + '?');
    const first = await t.frame(/Keys — normal mode/);
    expect(first).toMatch(/x\s+Stop the focused agent/);
    await t.press(' '); // the next page: the user's bindings come after the shipped ones
    const frame = await t.frame(/Jump along \(user\)/);
    expect(frame).toContain('Keys — normal mode');
    await t.press('\x1b'); // a lone escape is a key once the parser's timeout passed (press moves time on)
    const closed = await t.frame(/^(?![\s\S]*Keys — normal mode)/);
    expect(closed).not.toContain('Jump along');
  });

  // An 80-wide box on a 120-column screen cut its lines with "…" while 36 columns stood empty.
  it('help and the palette grow to their lines on a wide screen (80 columns at least, never past it)', async () => {
    const t = await hubs.scripted({
      agents: [{ command: 'cat' }],
      scripts: basicPrograms,
      cols: 160,
      rows: 40,
    });
    await t.press(CTRL_G + '?');
    const help = await t.frame(/Keys — normal mode/);
    const box = (frame: string) =>
      frame.split('\n').filter((l) => /│ .*│/.test(l) || /╭─ (Keys|Commands)/.test(l));
    expect(help).toMatch(/Review: all changes vs the base, or only uncommitted ones[^…\n]*│/);
    expect(box(help).filter((l) => l.includes('…'))).toEqual([]);
    await t.press('\x1b');
    await t.press(t.hub.currentMode === 'normal' ? ':' : CTRL_G + ':');
    const palette = await t.frame(/Commands/);
    expect(box(palette).filter((l) => l.includes('…'))).toEqual([]);
    const narrow = await hubs.scripted({
      agents: [{ command: 'cat' }],
      scripts: basicPrograms,
      cols: 70,
      rows: 30,
    });
    await narrow.press(CTRL_G + '?');
    const top = (await narrow.frame(/Keys — normal mode/)).split('\n').find((l) => l.includes('Keys —'))!;
    const left = top.indexOf('╭─ Keys');
    expect(top.indexOf('╮', left) - left + 1).toBe(70 - 4); // the screen less its margin
  });

  it('the help overlay also lists the insert-mode keys (scrolled to), user bindings included', async () => {
    const t = await hubWith({
      'user/keybindings.lua': `keys.bind("insert", "alt+z", "agent.next", { desc = "Hop while typing (user)" })`,
    });
    await t.press(CTRL_G + '?');
    await t.frame(/Keys — normal mode/);
    // Page down until the insert-mode heading is on screen (however many keys the tables bind).
    const HEADING = /insert mode \(while typing to the agent\)/;
    for (let i = 0; i < 8 && !HEADING.test(t.screen()); i++) await t.press('\x1b[6~');
    const frame = await t.frame(HEADING);
    expect(frame).toMatch(/Alt\+z\s+Hop while typing \(user\)/);
    expect(frame).toMatch(/Shift\+PgUp\s+Scroll the agent's view up a page/);
    expect(frame).toContain('Keys — normal mode');
  });

  it('the palette passes an argument after the id, and asks for a required one instead of failing', async () => {
    const t = await hubWith({}, [
      { command: 'cat', name: 'first' },
      { command: 'cat', name: 'second' },
      { command: 'cat', name: 'third' },
    ]);
    const palette = (line: string) => t.press((t.hub.currentMode === 'normal' ? '' : CTRL_G) + ':' + line);
    await palette('agent.focus 3\r');
    await t.settle();
    expect(t.hub.focused?.info.name).toBe('third');
    await palette('agent.focus\r');
    await t.frame(/agent\.focus: agent number \(1-9\)/);
    await t.press('2\r');
    expect(t.hub.focused?.info.name).toBe('second');
    await palette('agent.focus\r');
    await t.frame(/agent\.focus: agent number/);
    await t.press('\r');
    await t.frame(/agent\.focus needs agent number \(1-9\): nothing done/);
    expect(t.hub.focused?.info.name).toBe('second');
  });

  it('the command palette filters as you type and runs the chosen command, Lua commands included', async () => {
    const t = await hubWith({
      'user/keybindings.lua': `commands.register("demo.hello", function(app) app:spawn("echo hello from a command") end, { desc = "Say hello", category = "demo" })`,
    });
    await t.press(CTRL_G + ':');
    await t.frame(/Commands/);
    await t.press('hello');
    const frame = await t.frame(/demo\.hello/);
    expect(frame).not.toContain('agent.next');
    await t.press('\r');
    await t.frame(/hello from a command/);
  });

  it('agent.spawn from normal mode focuses the new agent and goes back to insert, so you can type into it', async () => {
    const t = await hubWith({});
    await t.press(CTRL_G + 'c');
    await t.until(() => t.hub.agents.list().length >= 2, 'the new agent');
    expect(t.hub.currentMode).toBe('insert');
    expect(t.hub.focused?.info.id).toBe(t.hub.agents.list()[1].info.id);
  });
});
