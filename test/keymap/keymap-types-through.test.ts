import { describe, expect, it } from 'vitest';
import { Keymap } from '../../src/keys/keymap.js';
import type { KeyEvent } from '../../src/keys/key-event.js';

// Keymap.typesThrough: when plain typing may skip the keymap (src/input/hub-clients.ts), every
// printable key alone would have passed through as itself.

type Bind = [mode: string, spec: string];

function keymap(binds: Bind[]): Keymap {
  const km = new Keymap();
  km.defineMode('oneshot', { passthrough: true, sticky: false });
  for (const [mode, spec] of binds)
    km.bind({ mode, spec, action: { kind: 'command', id: 'x.y' }, desc: '', source: 'test.lua:1' });
  return km;
}

const ctrlA: KeyEvent = { kind: 'key', name: 'a', ctrl: true, alt: false, shift: false, sequence: '\x01' };

describe('Keymap.typesThrough', () => {
  it.each<[string, Bind[], string, boolean]>([
    ['insert binds only chords', [['insert', 'ctrl+a c']], 'insert', true],
    ['normal does not pass keys through', [], 'normal', false],
    ['a printable key bound in insert', [['insert', 'x']], 'insert', false],
    ['an upper-case letter bound', [['insert', 'G']], 'insert', false],
    ['space bound', [['insert', 'space']], 'insert', false],
    ['a sequence begun with a printable key', [['insert', 'z z']], 'insert', false],
    ['a mode left after one key', [], 'oneshot', false],
    ['a mode that does not exist', [], 'nope', false],
  ])('%s: %s', (_what, binds, mode, yes) => {
    expect(keymap(binds).typesThrough(mode)).toBe(yes);
  });

  it('follows the bindings as they change, and not while a sequence is pending', () => {
    const km = keymap([['insert', 'ctrl+a c']]);
    expect(km.typesThrough('insert')).toBe(true);
    km.bind({
      mode: 'insert',
      spec: 'q',
      action: { kind: 'command', id: 'x.y' },
      desc: '',
      source: 't.lua:2',
    });
    expect(km.typesThrough('insert')).toBe(false);
    km.unbind('insert', 'q');
    expect(km.typesThrough('insert')).toBe(true);
    expect(km.feed('insert', ctrlA).kind).toBe('pending');
    expect(km.typesThrough('insert')).toBe(false);
  });
});
