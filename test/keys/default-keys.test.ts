import { describe, expect, it } from 'vitest';
import { LuaHost } from '../../src/worker/lua-host.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import { Keymap } from '../../src/keys/keymap.js';
import { installEscapeChord, installWayOutInModes } from '../../src/keys/default-bindings.js';
import { drive } from '../support/keymap-drive.js';
import { tempHome } from '../support/hub.js';

/** The keymap the hub builds from the shipped keybindings/*.lua (through the real Lua worker). */
/** Commands the shipped Lua (lua/default/) registers, from the last shippedKeymap(). */
let shippedLuaCommands = new Set<string>();

async function shippedKeymap(): Promise<Keymap> {
  const lua = new LuaHost();
  lua.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);
  await lua.start();
  try {
    const app = {
      agents: [],
      focused_id: null,
      selected: null,
      mode: 'insert',
      size: { width: 80, height: 24 },
      error: null,
      hint: '',
    };
    const res = await lua.configure(readConfigFiles({ home: tempHome() }), app);
    shippedLuaCommands = new Set(
      res.keymap.commands.filter((c) => c.source.startsWith('lua/default/')).map((c) => c.id),
    );
    const km = new Keymap();
    installEscapeChord(km);
    for (const [name, opts] of Object.entries(res.keymap.modes))
      if (name !== 'insert') km.defineMode(name, opts);
    for (const b of res.keymap.bindings)
      km.bind({ mode: b.mode, spec: b.spec, keys: b.keys, action: b.action, desc: b.desc, source: b.source });
    installWayOutInModes(km);
    return km;
  } finally {
    await lua.dispose();
  }
}

describe('the shipped bindings', () => {
  it.each([
    ['ctrl+g leaves insert', 'insert', 'ctrl+g', ['run mode.normal'], 'normal'],
    [
      'shell keys pass through in insert',
      'insert',
      'ctrl+c ctrl+d ctrl+z ctrl+r ctrl+b ctrl+\\ q j escape',
      [
        'send ctrl+c',
        'send ctrl+d',
        'send ctrl+z',
        'send ctrl+r',
        'send ctrl+b',
        'send ctrl+\\',
        'send q',
        'send j',
        'send escape',
      ],
      'insert',
    ],
    [
      'next / previous',
      'normal',
      'j down tab k up shift+tab',
      [
        'run agent.next',
        'run agent.next',
        'run agent.next',
        'run agent.prev',
        'run agent.prev',
        'run agent.prev',
      ],
      'normal',
    ],
    [
      'digits focus an agent',
      'normal',
      '1 9',
      ['verb agent.focus(agent=1)', 'verb agent.focus(agent=9)'],
      'normal',
    ],
    ['back to insert', 'normal', 'i', ['run mode.insert'], 'insert'],
    // escape never leaves normal mode for the agent: what is typed next still drives the hub
    ['escape stays in normal mode', 'normal', 'escape j', ['run mode.normal', 'run agent.next'], 'normal'],
    // the way out in normal mode stays there, so `ctrl+g d` is always detach; g sends it to the agent
    [
      'ctrl+g again stays in normal mode',
      'normal',
      'ctrl+g d',
      ['run mode.normal', 'verb client.detach'],
      'normal',
    ],
    ['g sends the way out to the agent', 'normal', 'g', ['verb agent.send_way_out(agent=focused)'], 'normal'],
    // from any other mode the way out leads to normal mode, whose key follows
    ['ctrl+g in review', 'review', 'ctrl+g v', ['run mode.normal', 'run review.toggle'], 'normal'],
    ['ctrl+g in choose', 'choose', 'ctrl+g d', ['run mode.normal', 'verb client.detach'], 'normal'],
    ['quit', 'normal', 'q', ['verb client.quit'], 'normal'],
    [
      'round trip',
      'insert',
      'x ctrl+g j enter y',
      ['send x', 'run mode.normal', 'run agent.next', 'run mode.insert', 'send y'],
      'insert',
    ],
    // the overlay key tables (keybindings/copy.lua, help.lua, palette.lua); what they do with an
    // unbound key ("nope") is the InputController's (test/input/input-tables.test.ts)
    [
      'copy mode',
      'copy',
      'j down k up v space y enter escape q x',
      [
        'run copy.down',
        'run copy.down',
        'run copy.up',
        'run copy.up',
        'run copy.mark',
        'run copy.mark',
        'run copy.yank',
        'run copy.yank',
        'run copy.cancel',
        'run copy.cancel',
        'nope x',
      ],
      'copy',
    ],
    [
      'help',
      'help',
      'j down k up pagedown space pageup escape ? q enter',
      [
        'run help.down',
        'run help.down',
        'run help.up',
        'run help.up',
        'run help.page_down',
        'run help.page_down',
        'run help.page_up',
        'run help.close',
        'run help.close',
        'run help.close',
        'run help.close',
      ],
      'help',
    ],
    [
      'palette',
      'palette',
      'enter escape up ctrl+p shift+tab down ctrl+n tab backspace ctrl+w ctrl+u a',
      [
        'run palette.submit',
        'run palette.cancel',
        'run palette.prev',
        'run palette.prev',
        'run palette.prev',
        'run palette.next',
        'run palette.next',
        'run palette.next',
        'run palette.backspace',
        'run palette.delete_word',
        'run palette.clear',
        'nope a',
      ],
      'palette',
    ],
  ])('%s', async (_name, start, input, log, mode) => {
    expect(drive(await shippedKeymap(), input, start)).toEqual({ log, mode });
  });

  it('every shipped binding names a builtin command or one the shipped Lua registers, and insert steals no agent key', async () => {
    const km = await shippedKeymap();
    const ids = new Set([...BUILTIN_COMMANDS.map((c) => c.id), ...shippedLuaCommands]);
    expect(shippedLuaCommands).toContain('agent.answer');
    for (const b of km.list())
      if (b.action.kind === 'command') expect(ids.has(b.action.id), b.action.id).toBe(true);
    const insert = km.list('insert').map((b) => b.keys.join(' '));
    for (const k of ['ctrl+c', 'ctrl+d', 'ctrl+z', 'ctrl+r', 'ctrl+b', 'ctrl+\\'])
      expect(insert).not.toContain(k);
  });
});
