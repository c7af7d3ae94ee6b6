import { describe, expect, it } from 'vitest';
import { Keymap } from '../../src/keys/keymap.js';
import type { KeyEvent } from '../../src/keys/key-event.js';

// Keymap.keysThrough: when typing may skip the parser and the keymap (src/input/hub-clients.ts),
// each key of it alone would have passed through as itself, byte for byte.

type Bind = [mode: string, spec: string];

function keymap(binds: Bind[]): Keymap {
  const km = new Keymap();
  km.defineMode('oneshot', { passthrough: true, sticky: false });
  for (const [mode, spec] of binds)
    km.bind({ mode, spec, action: { kind: 'command', id: 'x.y' }, desc: '', source: 'test.lua:1' });
  return km;
}

const ctrlA: KeyEvent = { kind: 'key', name: 'a', ctrl: true, alt: false, shift: false, sequence: '\x01' };
/** What goes through as typed in `mode` (normal cursor keys unless `app`), or null. */
const through = (km: Keymap, mode: string, data: string, app = false) =>
  km.keysThrough(mode)?.text(data, app) ?? null;

describe('Keymap.keysThrough', () => {
  it.each<[string, Bind[], string, string, boolean]>([
    ['insert binds only chords', [['insert', 'ctrl+a c']], 'insert', 'xc', true],
    ['normal does not pass keys through', [], 'normal', 'x', false],
    ['a printable key bound in insert', [['insert', 'x']], 'insert', 'x', false],
    ['another key than the one bound', [['insert', 'x']], 'insert', 'y', true],
    ['an upper-case letter bound', [['insert', 'G']], 'insert', 'aG', false],
    ['space bound', [['insert', 'space']], 'insert', ' ', false],
    ['a sequence begun with a printable key', [['insert', 'z z']], 'insert', 'z', false],
    ['Enter, Backspace, Tab, ctrl+c', [], 'insert', '\r\x7f\t\x03', true],
    ['Enter bound in insert', [['insert', 'enter']], 'insert', '\r', false],
    ['ctrl+c bound in insert', [['insert', 'ctrl+c']], 'insert', '\x03', false],
    ['a sequence begun with ctrl+a', [['insert', 'ctrl+a c']], 'insert', '\x01', false],
    ['ctrl+g bound', [['insert', 'ctrl+g']], 'insert', '\x07', false],
    ['an arrow', [], 'insert', '\x1b[A', true],
    ['an arrow bound', [['insert', 'up']], 'insert', '\x1b[A', false],
    ['a lone escape (a sequence may follow)', [], 'insert', '\x1b', false],
    ['two arrows at once (parsed)', [], 'insert', '\x1b[A\x1b[A', false],
    ['UTF-8 (parsed)', [], 'insert', 'é', false],
    ['a mode left after one key', [], 'oneshot', 'x', false],
    ['a mode that does not exist', [], 'nope', 'x', false],
  ])('%s', (_what, binds, mode, data, yes) => {
    expect(through(keymap(binds), mode, data)).toBe(yes ? data : null);
  });

  it('sends an arrow as typed only where the agent reads it so (not in application cursor mode)', () => {
    const km = keymap([]);
    expect(through(km, 'insert', '\x1b[A', true)).toBe(null);
    expect(through(km, 'insert', '\x1bOA', true)).toBe('\x1bOA');
    expect(through(km, 'insert', '\x1bOA', false)).toBe(null);
    expect(through(km, 'insert', '\r', true)).toBe('\r');
  });

  it('follows the bindings as they change, and not while a sequence is pending', () => {
    const km = keymap([['insert', 'ctrl+a c']]);
    expect(through(km, 'insert', '\r')).toBe('\r');
    km.bind({
      mode: 'insert',
      spec: 'enter',
      action: { kind: 'command', id: 'x.y' },
      desc: '',
      source: 't.lua:2',
    });
    expect(through(km, 'insert', '\r')).toBe(null);
    km.unbind('insert', 'enter');
    expect(through(km, 'insert', '\r')).toBe('\r');
    expect(km.feed('insert', ctrlA).kind).toBe('pending');
    expect(km.keysThrough('insert')).toBe(null);
  });
});
