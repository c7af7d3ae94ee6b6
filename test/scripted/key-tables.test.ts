import { describe, expect, it } from 'vitest';
import { realHome } from '../support/homes.js';
import { useHub } from '../support/use-hub.js';

// The key tables of what can be open (copy, help, palette) are ordinary bindings: a user file in a
// real home rebinds and unbinds them, Lua overrides their commands, the help lists them. Real
// hub and Lua; scripted agents, the hub's own time (a lone escape is a key once its timeout passed:
// ScriptedHub.press moves time on by it).

const hubs = useHub();

const CTRL_G = '\x07';
const ESC = '\x1b';

const LINES = 'four-lines';
const scripts = { [LINES]: (pty: { print(text: string): void }) => pty.print('one\ntwo\nthree\nfour\n') };

describe('key tables in a user file', () => {
  it('a copy-mode key rebound and one unbound in ~/.botster/user/keybindings.lua take effect', async () => {
    const home = realHome('dot-folder', {
      'user/keybindings.lua': `
keys.bind("copy", "J", "copy.down", { arg = 2, desc = "Down two lines (user)" })
keys.bind("copy", "K", "copy.up", { desc = "Up a line (user)" })
keys.unbind("copy", "j")
keys.unbind("copy", "k")
keys.bind("copy", "ctrl+c", "copy.yank", { desc = "Copy (user)" })`,
    });
    const t = await hubs.scripted({ scripts, home, agents: [{ command: LINES }] });
    await t.frame(/four/);
    await t.press(`${CTRL_G}y`); // the selection starts on "four"
    await t.frame(/select: Down\/Up move, v marks the start, y copies, Esc cancels/);
    await t.press('v'); // anchor on four
    await t.press('KKK'); // up to one
    await t.press('jk'); // unbound in copy now: nothing happens (nor in normal mode)
    expect(t.hub.state.client.selection?.cursor).toBe(0);
    expect(t.hub.currentMode).toBe('normal');
    await t.press('J'); // down two: three
    await t.press('\x03'); // ctrl+c copies
    await t.frame(/copied 2 lines/);
    expect(t.hub.copied).toBe('three\nfour');
    expect(t.hub.state.client.selection).toBeNull();
  });

  it('a copy command overridden in Lua runs on its key; the built-in comes back below it', async () => {
    const t = await hubs.scripted({
      scripts,
      home: realHome('dot-folder', {
        'user/hooks.lua': `commands.register("copy.yank", function(app)
          app:notify("yanking my way")
          commands.run("copy.yank")
        end, { desc = "Copy, and say so" })`,
      }),
      agents: [{ command: LINES }],
    });
    await t.frame(/four/);
    await t.press(`${CTRL_G}y`);
    await t.press('y');
    await t.frame(/copied 1 line\b/);
    expect(t.hub.copied).toBe('four');
    expect(t.hub.commandSources('copy.yank')[0]).toMatch(/user\/hooks\.lua:1$/);
  });

  it('a palette key rebound and escape unbound: ctrl+j moves, escape does nothing, the way out still closes it', async () => {
    const t = await hubs.scripted({
      scripts,
      home: realHome('spaces', {
        'user/keybindings.lua': `
keys.bind("palette", "ctrl+j", "palette.next", { desc = "Next item (user)" })
keys.unbind("palette", "escape")
keys.bind("normal", "P", function(app)
  app:select({ "alpha", "beta", "gamma" }, { title = "Pick one" }, function(choice, app)
    app:notify("chose " .. tostring(choice))
  end)
end)`,
      }),
      agents: [{ command: 'cat' }],
    });
    await t.press(`${CTRL_G}P`);
    await t.frame(/Pick one/);
    await t.press('\x0a'); // ctrl+j
    await t.press('\r');
    await t.frame(/chose beta/);
    await t.press('P');
    await t.frame(/Pick one/);
    await t.press(ESC);
    expect(t.hub.state.client.overlay?.kind).toBe('palette'); // escape is unbound there now
    await t.press('gam'); // printable keys still type
    await t.frame(/> gam/);
    await t.press(CTRL_G);
    expect(t.hub.state.client.overlay).toBeNull();
    await t.frame(/chose nil/);
  });

  it("the help lists the key tables with the user's bindings; keys it does not bind work as usual", async () => {
    const t = await hubs.scripted({
      scripts,
      home: realHome('symlinked', {
        'user/keybindings.lua':
          'keys.bind("copy", "J", "copy.down", { arg = 5, desc = "Down five lines (user)" })',
      }),
      agents: [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
      rows: 40,
    });
    await t.press(`${CTRL_G}?`);
    await t.frame(/Keys — normal mode/);
    let frame = '';
    for (let i = 0; i < 8 && !/palette: the palette/.test(frame); i++) {
      await t.press(' '); // space pages the help down
      frame = await t.frame(/Keys — normal mode/);
    }
    // the last page: the tables after the modes, each under its heading, the user's key included
    expect(frame).toMatch(/palette: the palette, dialogs, prompts; other printable keys type/);
    expect(frame).toMatch(/Down Ctrl\+n Tab\s+Next item/);
    expect(frame).toMatch(/help: this help; other keys work as usual/);
    expect(frame).toMatch(/Esc \? q Enter\s+Close the help/);
    expect(frame).toMatch(/copy: selecting lines to copy \(y\); other keys do nothing/);
    expect(frame).toMatch(/J\s+Down five lines \(user\)/);
    expect(frame).toMatch(/j Down\s+Move the cursor down a line/);
    await t.press('2'); // not bound in help: focuses agent 2 as in normal mode
    expect(t.hub.focused?.info.name).toBe('two');
    expect(t.hub.currentMode).toBe('normal'); // agent.focus keeps the mode, as it says
    expect(t.hub.state.client.overlay?.kind).toBe('help');
    await t.press('q'); // bound in help: closes it (it does not quit)
    expect(t.hub.state.client.overlay).toBeNull();
  });

  it('bad table bindings are errors at file:line and the shipped keys stay live', async () => {
    for (const [src, msg] of [
      [
        'keys.bind("copy", "ctrl+g", "copy.down")',
        /user\/keybindings\.lua:1: keys\.bind: ctrl\+g in copy is reserved: the way out/,
      ],
      [
        '\nkeys.mode("help", { passthrough = true })',
        /user\/keybindings\.lua:2: keys\.mode: "help" is built in: only its desc/,
      ],
      [
        'keys.bind("palette", "x", "palette.nope")',
        /user\/keybindings\.lua:1: unknown command "palette\.nope"/,
      ],
    ] as const) {
      const t = await hubs.scripted({
        scripts,
        files: { 'user/keybindings.lua': src },
        agents: [{ command: LINES }],
      });
      await t.frame(msg);
      await t.press(`${CTRL_G}y`);
      expect(t.hub.state.client.selection).not.toBeNull();
      await t.press('k'); // the shipped copy table
      await t.press(ESC);
      expect(t.hub.state.client.selection).toBeNull();
      await t.hub.dispose(); // one hub at a time (useHub's teardown finds it disposed)
    }
  });

  it('keys.list() has the tables; a table is not a mode to enter: app:set_mode("copy") is refused', async () => {
    const t = await hubs.scripted({
      scripts,
      files: {
        'user/keybindings.lua': `keys.unbind("copy", "q")
keys.bind("normal", "Z", function(app) app:set_mode("copy") end)
keys.bind("normal", "L", function(app)
  local l = keys.list("copy")
  app:notify(("copy keys: %d, first %s -> %s"):format(#l, l[1].key, l[1].action))
end)`,
      },
      agents: [{ command: 'cat' }],
    });
    await t.press(`${CTRL_G}L`);
    await t.frame(/copy keys: 10, first j -> copy\.down/);
    await t.press('Z');
    await t.frame(/unknown mode "copy"/);
    expect(t.hub.currentMode).toBe('normal');
  });

  it('a way out chosen in settings takes its chord from the tables: ctrl+n then closes the palette', async () => {
    const t = await hubs.scripted({
      scripts,
      files: { 'user/keybindings.lua': 'settings.way_out = "ctrl+n"' },
      agents: [{ command: 'cat' }],
    });
    await t.press('\x0e:'); // ctrl+n is the way out now
    await t.frame(/Commands/);
    expect(t.hub.bindings.some((b) => b.mode === 'palette' && b.spec === 'ctrl+n')).toBe(false);
    await t.press('\x0e');
    expect(t.hub.state.client.overlay).toBeNull();
    expect(t.hub.state.configError).toBeNull();
  });
});
