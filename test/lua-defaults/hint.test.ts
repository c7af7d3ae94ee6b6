// lua/default/hint.lua (App:status_hint -> self.hint) in the real configuration runtime: keys read
// from the live keymap, and a user file replaces the function.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from '../support/hub.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

const app = (mode: string): AppData => ({
  agents: [],
  focused_id: null,
  selected: null,
  mode,
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  shell: '/bin/sh',
});
// A layout that shows only self.hint, and a command that reports it.
const SHOW = {
  'user/layout.lua': 'function App:render() return ui.text(self.hint) end',
  'user/hooks.lua': 'commands.register("t.hint", function(app) app:notify(app.hint) end)',
};

async function hintOf(mode: string, user: Record<string, string> = {}): Promise<string> {
  rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome({ ...SHOW, ...user }) }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  const tree = rt.render(app(mode));
  const shown = tree.type === 'text' ? tree.spans.map((s) => s.text).join('') : '';
  // commands get the same hint
  expect(rt.runCommand('t.hint', app(mode))).toEqual([{ type: 'notify', text: shown, level: 'info' }]);
  rt.dispose();
  rt = null;
  return shown;
}

describe('App:status_hint (the default)', () => {
  it('normal mode lists help, commands, back to agent and quit; insert mode the way out', async () => {
    expect(await hintOf('normal')).toBe('?: help  :: commands  i: back to agent  q: quit');
    expect(await hintOf('insert')).toBe('Ctrl+g: hub keys');
  });

  it('follows the keymap: a rebound key, an unbound one, a moved way out', async () => {
    const keys =
      'keys.unbind("normal", "?")\nkeys.bind("normal", "f1", "help.toggle")\nkeys.unbind("normal", "q")\nsettings.way_out = "ctrl+]"';
    expect(await hintOf('normal', { 'user/keybindings.lua': keys })).toBe(
      'F1: help  :: commands  i: back to agent',
    );
    expect(await hintOf('insert', { 'user/keybindings.lua': keys })).toBe('Ctrl+]: hub keys');
  });

  it('keys.key_for answers for any command and mode', async () => {
    const user = {
      'user/layout.lua':
        'function App:render() return ui.text(tostring(keys.key_for("normal", "agent.next")) .. "|" .. tostring(keys.key_for("normal", "no.such")) .. "|" .. tostring(keys.key_for("normal", "agent.send_way_out")) .. "|" .. tostring(keys.key_for("review", "mode.normal"))) end',
    };
    rt = await ConfigRuntime.build(
      readConfigFiles({ home: tempHome(user) }),
      () => {},
      {},
      BUILTIN_COMMANDS.map((c) => c.id),
    );
    const tree = rt.render(app('normal'));
    expect(tree.type === 'text' && tree.spans[0].text).toBe('j|nil|g|Ctrl+g');
  });
});

describe('a user App:status_hint', () => {
  it('replaces the default', async () => {
    expect(
      await hintOf('normal', {
        'user/keybindings.lua':
          'function App:status_hint() return "mode " .. self.mode .. ", " .. #self.agents .. " agents" end',
      }),
    ).toBe('mode normal, 0 agents');
  });
});
