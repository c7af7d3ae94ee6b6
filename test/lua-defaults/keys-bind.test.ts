// lua/core/keys.lua in the real configuration runtime: a later keys.bind of the same mode and
// keys replaces the earlier binding in its place, whatever keys.unbind and settings.way_out
// removed in between (the index keys.bind keeps must never bring a removed binding back).
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from '../support/hub.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

async function bindings(user: string, mode = 'normal'): Promise<string[]> {
  rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome({ 'user/keys.lua': user }) }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt
    .export()
    .bindings.filter((b) => b.mode === mode && b.source.includes('user/keys.lua:'))
    .map((b) => `${b.spec}=${b.action.kind === 'command' ? b.action.id : 'fn'}@${b.source.split(':').pop()}`);
}

describe('keys.bind, again for the same keys', () => {
  it.each<[string, string, string[]]>([
    [
      'replaces the earlier binding in its place',
      `keys.bind("normal", "f5", "agent.next")
       keys.bind("normal", "f6", "agent.prev")
       keys.bind("normal", "f5", "help.toggle")`,
      ['f5=help.toggle@3', 'f6=agent.prev@2'],
    ],
    [
      'one chord spelled two ways is the same binding',
      `keys.bind("normal", "ctrl+a c", "agent.next")
       keys.bind("normal", "f6", "agent.prev")
       keys.bind("normal", "Control+A   c", "help.toggle")`,
      ['Control+A   c=help.toggle@3', 'f6=agent.prev@2'],
    ],
    [
      'after keys.unbind it is a new binding, at the end',
      `keys.bind("normal", "f5", "agent.next")
       keys.bind("normal", "f6", "agent.prev")
       keys.unbind("normal", "f5")
       keys.bind("normal", "f5", "help.toggle")`,
      ['f6=agent.prev@2', 'f5=help.toggle@4'],
    ],
    [
      'unbound and bound twice: one binding',
      `keys.bind("normal", "f5", "agent.next")
       keys.unbind("normal", "f5")
       keys.bind("normal", "f5", "agent.prev")
       keys.bind("normal", "f5", "help.toggle")`,
      ['f5=help.toggle@4'],
    ],
    [
      'the same keys in another mode are another binding',
      `keys.bind("normal", "f5", "agent.next")
       keys.bind("copy", "f5", "agent.prev")
       keys.bind("normal", "f5", "help.toggle")`,
      ['f5=help.toggle@3'],
    ],
  ])('%s', async (_, user, expected) => {
    expect(await bindings(user)).toEqual(expected);
  });

  it('a binding settings.way_out dropped is not brought back by binding its keys again', async () => {
    const user = `keys.bind("insert", "ctrl+o", "agent.next")
      keys.bind("insert", "f6", "agent.prev")
      settings.way_out = "ctrl+o"
      keys.bind("insert", "f6", "help.toggle")
      keys.bind("normal", "ctrl+o", "agent.prev")`;
    expect(await bindings(user, 'insert')).toEqual(['f6=help.toggle@4']);
    expect(await bindings(user, 'normal')).toEqual(['ctrl+o=agent.prev@5']);
  });
});

describe('the merged keymap, in load order', () => {
  it("the shipped bindings, then the plugins', then yours: a later binding of the same keys wins", async () => {
    // (Your bind of k replaces the shipped one in its place, in the same state: it still comes last.)
    const home = tempHome({ 'user/keys.lua': 'keys.bind("normal", "k", "help.toggle")\n' });
    const files = readConfigFiles({ home });
    const plugin = {
      name: 'plugins/pal/init.lua',
      source:
        'commands.register("pal.hi", function() end)\nkeys.bind("normal", "j", "pal.hi")\nkeys.bind("normal", "k", "pal.hi")\n',
      layer: 'plugin' as const,
      plugin: { name: 'pal', granted: ['keys', 'commands'], root: home, shown: 'pal' },
    };
    // Where readConfigFiles puts a plugin's file: after the shipped ones, before yours.
    const at = files.findIndex((f) => f.layer === 'user');
    files.splice(at, 0, plugin);
    rt = await ConfigRuntime.build(
      files,
      () => {},
      {},
      BUILTIN_COMMANDS.map((c) => c.id),
    );
    const jk = rt
      .export()
      .bindings.filter((b) => b.mode === 'normal' && (b.spec === 'j' || b.spec === 'k'))
      .map((b) => `${b.spec}@${b.source.replace(/^.*\/(user\/)/, '$1').replace(/:\d+$/, '')}`);
    expect(jk).toEqual([
      'j@keybindings/normal.lua',
      'j@plugins/pal/init.lua',
      'k@plugins/pal/init.lua',
      'k@user/keys.lua',
    ]);
  });
});
