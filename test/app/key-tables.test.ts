import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { realHome, startHub, tempHome, waitForFrame } from './helpers.js';

// The key tables of what can be open (copy, help, palette) are ordinary bindings: a user file in a
// real home rebinds and unbinds them, Lua overrides their commands, the help lists them. Real
// hub, real agents in PTYs, real Lua.

let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

const CTRL_G = '\x07';
const ESC = '\x1b';

async function press(h: Hub, keys: string): Promise<void> {
  h.input(keys);
  await h.whenIdle();
  // a lone escape is a key only once the parser's escape timeout passed
  if (keys.endsWith(ESC)) {
    await new Promise((r) => setTimeout(r, 80));
    await h.whenIdle();
  }
}

const LINES = `sh -c 'printf "one\\ntwo\\nthree\\nfour\\n"; cat'`;

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
    hub = await startHub({ home, agents: [{ command: LINES }] });
    await waitForFrame(hub, /four/);
    await press(hub, `${CTRL_G}y`); // the selection starts on "four"
    await waitForFrame(hub, /select: Down\/Up move, v marks the start, y copies, Esc cancels/);
    await press(hub, 'v'); // anchor on four
    await press(hub, 'KKK'); // up to one
    await press(hub, 'jk'); // unbound in copy now: nothing happens (nor in normal mode)
    expect(hub.state.client.selection?.cursor).toBe(0);
    expect(hub.currentMode).toBe('normal');
    await press(hub, 'J'); // down two: three
    await press(hub, '\x03'); // ctrl+c copies
    await waitForFrame(hub, /copied 2 line\(s\)/);
    expect(hub.copied).toBe('three\nfour');
    expect(hub.state.client.selection).toBeNull();
  });

  it('a copy command overridden in Lua runs on its key; the built-in comes back below it', async () => {
    hub = await startHub({
      home: realHome('dot-folder', {
        'user/hooks.lua': `commands.register("copy.yank", function(app)
          app:notify("yanking my way")
          commands.run("copy.yank")
        end, { desc = "Copy, and say so" })`,
      }),
      agents: [{ command: LINES }],
    });
    await waitForFrame(hub, /four/);
    await press(hub, `${CTRL_G}y`);
    await press(hub, 'y');
    await waitForFrame(hub, /copied 1 line\(s\)/);
    expect(hub.copied).toBe('four');
    expect(hub.commandSources('copy.yank')[0]).toMatch(/user\/hooks\.lua:1$/);
  });

  it('a palette key rebound and escape unbound: ctrl+j moves, escape does nothing, the way out still closes it', async () => {
    hub = await startHub({
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
    await press(hub, `${CTRL_G}P`);
    await waitForFrame(hub, /Pick one/);
    await press(hub, '\x0a'); // ctrl+j
    await press(hub, '\r');
    await waitForFrame(hub, /chose beta/);
    await press(hub, 'P');
    await waitForFrame(hub, /Pick one/);
    await press(hub, ESC);
    expect(hub.state.client.overlay?.kind).toBe('palette'); // escape is unbound there now
    await press(hub, 'gam'); // printable keys still type
    await waitForFrame(hub, /> gam/);
    await press(hub, CTRL_G);
    expect(hub.state.client.overlay).toBeNull();
    await waitForFrame(hub, /chose nil/);
  });

  it('the help lists the key tables with the user\'s bindings; keys it does not bind work as usual', async () => {
    hub = await startHub({
      home: realHome('symlinked', { 'user/keybindings.lua': 'keys.bind("copy", "J", "copy.down", { arg = 5, desc = "Down five lines (user)" })' }),
      agents: [{ command: 'cat', name: 'one' }, { command: 'cat', name: 'two' }],
      rows: 40,
    });
    await press(hub, `${CTRL_G}?`);
    await waitForFrame(hub, /Keys — normal mode/);
    let frame = '';
    for (let i = 0; i < 8 && !/palette: the palette/.test(frame); i++) {
      await press(hub, ' '); // space pages the help down
      frame = await waitForFrame(hub, /Keys — normal mode/);
    }
    // the last page: the tables after the modes, each under its heading, the user's key included
    expect(frame).toMatch(/palette: the palette, dialogs, prompts; other printable keys type/);
    expect(frame).toMatch(/Down Ctrl\+n Tab\s+Next item/);
    expect(frame).toMatch(/help: this help; other keys work as usual/);
    expect(frame).toMatch(/Esc \? q Enter\s+Close the help/);
    expect(frame).toMatch(/copy: selecting lines to copy \(y\); other keys do nothing/);
    expect(frame).toMatch(/J\s+Down five lines \(user\)/);
    expect(frame).toMatch(/j Down\s+Move the cursor down a line/);
    await press(hub, '2'); // not bound in help: focuses agent 2 as in normal mode
    expect(hub.focused?.info.name).toBe('two');
    expect(hub.currentMode).toBe('normal'); // agent.focus keeps the mode, as it says
    expect(hub.state.client.overlay?.kind).toBe('help');
    await press(hub, 'q'); // bound in help: closes it (it does not quit)
    expect(hub.state.client.overlay).toBeNull();
  });

  it('bad table bindings are errors at file:line and the shipped keys stay live', async () => {
    for (const [src, msg] of [
      ['keys.bind("copy", "ctrl+g", "copy.down")', /user\/keybindings\.lua:1: keys\.bind: ctrl\+g in copy is reserved: the way out/],
      ['\nkeys.mode("help", { passthrough = true })', /user\/keybindings\.lua:2: keys\.mode: "help" is built in: only its desc/],
      ['keys.bind("palette", "x", "palette.nope")', /user\/keybindings\.lua:1: unknown command "palette\.nope"/],
    ] as const) {
      hub = await startHub({ home: tempHome({ 'user/keybindings.lua': src }), agents: [{ command: LINES }] });
      await waitForFrame(hub, msg);
      await press(hub, `${CTRL_G}y`);
      expect(hub.state.client.selection).not.toBeNull();
      await press(hub, 'k'); // the shipped copy table
      await press(hub, ESC);
      expect(hub.state.client.selection).toBeNull();
      await hub.dispose();
      hub = null;
    }
  });

  it('keys.list() has the tables; a table is not a mode to enter: app:set_mode("copy") is refused', async () => {
    hub = await startHub({
      home: tempHome({
        'user/keybindings.lua': `keys.unbind("copy", "q")
keys.bind("normal", "Z", function(app) app:set_mode("copy") end)
keys.bind("normal", "L", function(app)
  local l = keys.list("copy")
  app:notify(("copy keys: %d, first %s -> %s"):format(#l, l[1].key, l[1].action))
end)`,
      }),
      agents: [{ command: 'cat' }],
    });
    await press(hub, `${CTRL_G}L`);
    await waitForFrame(hub, /copy keys: 9, first j -> copy\.down/);
    await press(hub, 'Z');
    await waitForFrame(hub, /unknown mode "copy"/);
    expect(hub.currentMode).toBe('normal');
  });

  it('a way out chosen in settings takes its chord from the tables: ctrl+n then closes the palette', async () => {
    hub = await startHub({ home: tempHome({ 'user/keybindings.lua': 'settings.way_out = "ctrl+n"' }), agents: [{ command: 'cat' }] });
    await press(hub, '\x0e:'); // ctrl+n is the way out now
    await waitForFrame(hub, /Commands/);
    expect(hub.bindings.some((b) => b.mode === 'palette' && b.spec === 'ctrl+n')).toBe(false);
    await press(hub, '\x0e');
    expect(hub.state.client.overlay).toBeNull();
    expect(hub.state.configError).toBeNull();
  });
});
