import { describe, expect, it } from 'vitest';
import { KeySpecError } from '../../src/keys/key-spec.js';
import { Keymap, KeymapError, type BindInput } from '../../src/keys/keymap.js';
import { installEscapeChord } from '../../src/keys/default-bindings.js';
import { drive, key } from '../support/keymap-drive.js';

const cmd = (id: string) => ({ kind: 'command' as const, id });
const b = (mode: string, spec: string, id: string, source = 'user/keys.lua:1'): BindInput => ({
  mode,
  spec,
  action: cmd(id),
  desc: id,
  source,
});
const specs = (km: Keymap, mode?: string): string[] =>
  km.list(mode).map((x) => `${x.mode}:${x.spec}=${x.action.kind === 'command' ? x.action.id : 'fn'}`);

describe('bind', () => {
  it('a later bind of the same mode and keys replaces the earlier one, keeping its place', () => {
    const km = new Keymap();
    km.bind(b('normal', 'j', 'agent.next'));
    km.bind(b('normal', 'k', 'agent.prev'));
    km.bind(b('normal', 'J', 'x.other'));
    km.bind(b('normal', 'j', 'scroll.down', 'user/keys.lua:9'));
    expect(specs(km)).toEqual(['normal:j=scroll.down', 'normal:k=agent.prev', 'normal:J=x.other']);
    expect(km.lookup('normal', 'j')?.source).toBe('user/keys.lua:9');
    expect(drive(km, 'j').log).toEqual(['run scroll.down']);
  });

  it('different spellings of one chord are the same binding', () => {
    const km = new Keymap();
    km.bind(b('insert', 'ctrl+a c', 'x.one'));
    km.bind(b('insert', 'Control+A   c', 'x.two'));
    expect(specs(km)).toEqual(['insert:Control+A   c=x.two']);
    expect(km.list()[0].keys).toEqual(['ctrl+a', 'c']);
  });

  it('accepts canonical keys instead of parsing the spec', () => {
    const km = new Keymap();
    km.bind({
      mode: 'normal',
      keys: ['ctrl+a', 'C'],
      spec: 'ctrl+a shift+c',
      action: cmd('x.c'),
      desc: '',
      source: 's',
    });
    expect(km.list()[0]).toMatchObject({ keys: ['ctrl+a', 'C'], spec: 'ctrl+a shift+c' });
    expect(() =>
      km.bind({ mode: 'normal', keys: ['ctrl+A'], spec: 'x', action: cmd('x.c'), desc: '', source: 's' }),
    ).toThrow(new KeymapError('"ctrl+A" is not a canonical chord (it reads as "ctrl+a")'));
    expect(() =>
      km.bind({ mode: 'normal', keys: [], spec: 'x', action: cmd('x.c'), desc: '', source: 's' }),
    ).toThrow(KeymapError);
  });

  it('bindings are frozen data', () => {
    const km = new Keymap();
    km.bind(b('normal', 'g g', 'x.g'));
    const [binding] = km.list();
    expect(Object.isFrozen(binding) && Object.isFrozen(binding.keys) && Object.isFrozen(binding.action)).toBe(
      true,
    );
  });

  // Messages carry no file:line: the caller prefixes where the bind came from.
  it.each<[string, BindInput, ErrorConstructor | typeof KeymapError, string]>([
    ['trailing +', b('normal', 'ctrl+', 'x.y'), KeySpecError, 'missing key after "ctrl+" in "ctrl+"'],
    [
      'unknown key',
      b('normal', 'ctrl+entr', 'x.y'),
      KeySpecError,
      'unknown key name "entr" in "ctrl+entr" (did you mean "enter"?)',
    ],
    [
      'cmd modifier',
      b('normal', 'cmd+k', 'x.y'),
      KeySpecError,
      'modifier "cmd" in "cmd+k" never reaches terminal programs; use ctrl+, alt+ or shift+',
    ],
    ['empty spec', b('normal', '  ', 'x.y'), KeySpecError, 'empty key spec'],
    ['unknown mode', b('visual', 'j', 'x.y'), KeymapError, 'unknown mode "visual" (modes: insert, normal)'],
    [
      'empty command id',
      b('normal', 'j', ''),
      KeymapError,
      '"j": the action must be a command id or a function',
    ],
    [
      'bad function ref',
      { mode: 'normal', spec: 'j', action: { kind: 'function', ref: 1.5 }, desc: '', source: 's' },
      KeymapError,
      '"j": the action must be a command id or a function',
    ],
    [
      'bad desc',
      { mode: 'normal', spec: 'j', action: cmd('x.y'), desc: 3 as unknown as string, source: 's' },
      KeymapError,
      '"j": desc must be a string',
    ],
  ])('refuses %s', (_name, input, type, message) => {
    const km = new Keymap();
    let err: unknown;
    try {
      km.bind(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toBe(message);
    expect(km.list()).toEqual([]);
  });
});

describe('unbind', () => {
  it('removes a binding and reports whether there was one', () => {
    const km = new Keymap();
    km.bind(b('normal', 'q', 'app.quit'));
    expect(km.unbind('normal', 'q')).toBe(true);
    expect(km.unbind('normal', 'q')).toBe(false);
    expect(km.unbind('insert', 'q')).toBe(false);
    expect(drive(km, 'q').log).toEqual(['nope q']);
  });

  it('removing a sequence removes its prefix unless another binding still uses it', () => {
    const km = new Keymap();
    km.bind(b('normal', 'g g', 'x.gg'));
    km.bind(b('normal', 'g t', 'x.gt'));
    km.unbind('normal', 'g g');
    expect(drive(km, 'g t').log).toEqual(['wait g', 'run x.gt']);
    km.unbind('normal', 'g t');
    expect(drive(km, 'g').log).toEqual(['nope g']);
  });

  it('throws on a bad spec or mode', () => {
    const km = new Keymap();
    expect(() => km.unbind('normal', 'ctrl+')).toThrow(KeySpecError);
    expect(() => km.unbind('nope', 'j')).toThrow(KeymapError);
  });

  it("unbindSource drops a file's bindings, by file", () => {
    const km = new Keymap();
    km.bind(b('normal', 'j', 'agent.next', 'builtin'));
    km.bind(b('normal', 'x', 'x.x', 'user/keys.lua:3'));
    km.bind(b('insert', 'ctrl+a c', 'x.c', 'user/keys.lua:7'));
    km.bind(b('normal', 'y', 'x.y', 'user/other.lua:1'));
    expect(km.unbindSource('user/keys.lua')).toBe(2);
    expect(specs(km)).toEqual(['normal:j=agent.next', 'normal:y=x.y']);
    expect(drive(km, 'ctrl+a', 'insert').log).toEqual(['send ctrl+a']);
    expect(km.unbindSource('user/other.lua:1')).toBe(1);
    expect(km.unbindSource('nothing.lua')).toBe(0);
  });
});

describe('reserve', () => {
  const reserved = new KeymapError('ctrl+g in insert is reserved: it is the way out of insert mode');

  it('no bind or unbind can take the reserved chord', () => {
    const km = new Keymap();
    installEscapeChord(km);
    expect(() => km.bind(b('insert', 'ctrl+g', 'app.quit'))).toThrow(reserved);
    expect(() => km.bind(b('insert', 'Control+G', 'app.quit'))).toThrow(reserved);
    expect(() => km.bind(b('insert', 'ctrl+a ctrl+g', 'app.quit'))).toThrow(reserved);
    expect(() => km.bind(b('insert', 'ctrl+g x', 'app.quit'))).toThrow(reserved);
    expect(() => km.unbind('insert', 'ctrl+g')).toThrow(reserved);
    expect(km.unbindSource('builtin')).toBe(0);
    expect(drive(km, 'ctrl+g', 'insert')).toEqual({ log: ['run mode.normal'], mode: 'normal' });
    expect(km.isReserved('insert', 'ctrl+g')).toBe(true);
    expect(km.reservations()).toEqual([
      { mode: 'insert', chord: 'ctrl+g', reason: 'it is the way out of insert mode' },
    ]);
  });

  it('only in its mode', () => {
    const km = new Keymap();
    installEscapeChord(km);
    km.bind(b('normal', 'ctrl+g', 'mode.insert'));
    expect(km.isReserved('normal', 'ctrl+g')).toBe(false);
    expect(drive(km, 'ctrl+g').log).toEqual(['run mode.insert']);
  });

  it('refuses to reserve a chord an existing sequence uses, or a sequence', () => {
    const km = new Keymap();
    km.bind(b('insert', 'ctrl+a ctrl+g', 'x.y', 'user/keys.lua:4'));
    expect(() => km.reserve('insert', 'ctrl+g', 'why')).toThrow(
      new KeymapError('cannot reserve ctrl+g in insert: "ctrl+a ctrl+g" (user/keys.lua:4) uses it'),
    );
    expect(() => km.reserve('normal', 'g g', 'why')).toThrow(
      new KeymapError('can only reserve a single chord, not "g g"'),
    );
    expect(() => km.reserve('visual', 'x', 'why')).toThrow(KeymapError);
  });
});

describe('modes', () => {
  it('insert and normal exist; user modes follow in definition order', () => {
    const km = new Keymap();
    km.defineMode('window', { sticky: false, desc: 'window commands' });
    km.defineMode('pass', { passthrough: true });
    expect(km.modes()).toEqual([
      { name: 'insert', passthrough: true, sticky: true, desc: 'Keys go to the focused agent' },
      { name: 'normal', passthrough: false, sticky: true, desc: 'Keys drive the hub' },
      { name: 'window', passthrough: false, sticky: false, desc: 'window commands' },
      { name: 'pass', passthrough: true, sticky: true, desc: '' },
    ]);
    expect(km.hasMode('window')).toBe(true);
  });

  it('redefining updates options and keeps bindings; built-in modes keep their behaviour', () => {
    const km = new Keymap();
    km.defineMode('window');
    km.bind(b('window', 'h', 'agent.prev'));
    km.defineMode('window', { sticky: false });
    expect(km.modes()[2]).toMatchObject({ name: 'window', sticky: false });
    expect(km.list('window')).toHaveLength(1);
    km.defineMode('insert', { desc: 'typing' });
    expect(km.modes()[0].desc).toBe('typing');
    expect(() => km.defineMode('insert', { passthrough: false })).toThrow(
      new KeymapError('mode "insert" is built in: only its desc can change'),
    );
    expect(() => km.defineMode('normal', { sticky: false })).toThrow(KeymapError);
  });

  it.each([['Window'], ['my mode'], [''], ['1st']])('refuses the mode name %j', (name) => {
    expect(() => new Keymap().defineMode(name)).toThrow(KeymapError);
  });

  it('refuses option values of the wrong type', () => {
    expect(() => new Keymap().defineMode('w', { sticky: 'no' as unknown as boolean })).toThrow(
      new KeymapError('mode "w": sticky must be true or false'),
    );
  });
});

describe('list', () => {
  it('modes in definition order, bindings in first-bind order', () => {
    const km = new Keymap();
    km.defineMode('window');
    km.bind(b('window', 'h', 'x.h'));
    km.bind(b('normal', 'q', 'app.quit'));
    km.bind(b('insert', 'ctrl+]', 'mode.normal'));
    km.bind(b('normal', 'g g', 'x.gg'));
    km.bind(b('normal', 'a', 'x.a'));
    expect(specs(km)).toEqual([
      'insert:ctrl+]=mode.normal',
      'normal:q=app.quit',
      'normal:g g=x.gg',
      'normal:a=x.a',
      'window:h=x.h',
    ]);
    expect(specs(km, 'normal')).toEqual(['normal:q=app.quit', 'normal:g g=x.gg', 'normal:a=x.a']);
    expect(() => km.list('visual')).toThrow(KeymapError);
  });
});

describe('options', () => {
  it('sequence timeout defaults to 1000 ms and must be positive', () => {
    expect(new Keymap().sequenceTimeoutMs).toBe(1000);
    expect(new Keymap({ sequenceTimeoutMs: 250 }).sequenceTimeoutMs).toBe(250);
    expect(() => new Keymap({ sequenceTimeoutMs: 0 })).toThrow(KeymapError);
  });

  it('an unbound chord after bindings changed mid-sequence settles without throwing', () => {
    const km = new Keymap();
    km.bind(b('normal', 'g g', 'x.gg'));
    expect(km.feed('normal', key('g')).kind).toBe('pending');
    km.unbind('normal', 'g g');
    expect(km.feed('normal', key('g'))).toEqual({ kind: 'unhandled', chord: 'g g' });
  });
});
