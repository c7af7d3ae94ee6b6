import { describe, expect, it } from 'vitest';
import { copyHint, helpKeys } from '../../src/keys/table-hints.js';
import { Keymap } from '../../src/keys/keymap.js';

function table(mode: 'copy' | 'help', binds: Array<[string, string]>) {
  const km = new Keymap();
  km.defineMode(mode);
  for (const [spec, id] of binds)
    km.bind({ mode, spec, action: { kind: 'command', id }, desc: '', source: 'user/keybindings.lua:1' });
  return km.list(mode);
}

describe('the hints follow the live key tables', () => {
  it('copy: the first key of each command', () => {
    const shipped = table('copy', [
      ['j', 'copy.down'],
      ['down', 'copy.down'],
      ['k', 'copy.up'],
      ['v', 'copy.mark'],
      ['y', 'copy.yank'],
      ['enter', 'copy.yank'],
      ['escape', 'copy.cancel'],
    ]);
    expect(copyHint(shipped, 'ctrl+g')).toBe('select: j/k move, v marks the start, y copies, Esc cancels');
    const mine = table('copy', [
      ['J', 'copy.down'],
      ['K', 'copy.up'],
      ['ctrl+c', 'copy.yank'],
    ]);
    expect(copyHint(mine, 'ctrl+g')).toBe('select: J/K move, Ctrl+c copies, Ctrl+g cancels'); // the way out always cancels
  });

  it('help: how to scroll and close it, the way out when nothing closes it', () => {
    expect(
      helpKeys(
        table('help', [
          ['j', 'help.down'],
          ['k', 'help.up'],
          ['escape', 'help.close'],
          ['?', 'help.close'],
          ['q', 'help.close'],
        ]),
        'ctrl+g',
      ),
    ).toEqual({ scroll: 'j/k', close: 'Esc or ?' });
    expect(helpKeys(table('help', []), 'ctrl+]')).toEqual({ scroll: null, close: 'Ctrl+]' });
  });
});
