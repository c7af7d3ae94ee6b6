import { describe, expect, it } from 'vitest';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { DEFAULT_BINDINGS, installDefaultBindings } from '../../src/keys/default-bindings.js';
import { Keymap } from '../../src/keys/keymap.js';
import { drive } from './drive.js';

function defaults(): Keymap {
  const km = new Keymap();
  installDefaultBindings(km);
  return km;
}

describe('default bindings (the README key table)', () => {
  it.each([
    ['ctrl+g leaves insert', 'insert', 'ctrl+g', ['run mode.normal'], 'normal'],
    ['shell keys pass through in insert', 'insert', 'ctrl+c ctrl+d ctrl+z ctrl+r ctrl+b q j escape',
      ['send ctrl+c', 'send ctrl+d', 'send ctrl+z', 'send ctrl+r', 'send ctrl+b', 'send q', 'send j', 'send escape'], 'insert'],
    ['next / previous', 'normal', 'j down tab k up shift+tab',
      ['run agent.next', 'run agent.next', 'run agent.next', 'run agent.prev', 'run agent.prev', 'run agent.prev'], 'normal'],
    ['digits focus an agent', 'normal', '1 9', ['run agent.focus(1)', 'run agent.focus(9)'], 'normal'],
    ['back to insert', 'normal', 'i', ['run mode.insert'], 'insert'],
    ['escape back to insert', 'normal', 'escape', ['run mode.insert'], 'insert'],
    ['ctrl+g toggles back', 'normal', 'ctrl+g', ['run mode.insert'], 'insert'],
    ['quit', 'normal', 'q', ['run app.quit'], 'normal'],
    ['round trip', 'insert', 'x ctrl+g j enter y', ['send x', 'run mode.normal', 'run agent.next', 'run mode.insert', 'send y'], 'insert'],
  ])('%s', (_name, start, input, log, mode) => {
    expect(drive(defaults(), input, start)).toEqual({ log, mode });
  });

  it('every default names a builtin command', () => {
    const ids = new Set(BUILTIN_COMMANDS.map((c) => c.id));
    for (const d of DEFAULT_BINDINGS) expect(ids.has(d.command), d.command).toBe(true);
    expect(ids.has('mode.normal')).toBe(true);
  });

  it('insert has only the escape chord', () => {
    expect(defaults().list('insert').map((b) => b.spec)).toEqual(['ctrl+g']);
  });
});
