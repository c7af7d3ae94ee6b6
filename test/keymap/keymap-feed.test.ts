import { describe, expect, it } from 'vitest';
import { installEscapeChord } from '../../src/keys/default-bindings.js';
import { Keymap } from '../../src/keys/keymap.js';
import { MOUSE, PASTE, drive, key } from '../support/keymap-drive.js';

type Bind = [mode: string, spec: string, command: string];

function keymap(binds: Bind[], setup?: (km: Keymap) => void): Keymap {
  const km = new Keymap();
  setup?.(km);
  for (const [mode, spec, id] of binds)
    km.bind({ mode, spec, action: { kind: 'command', id }, desc: '', source: 'test.lua:1' });
  return km;
}

const SPAWN: Bind = ['insert', 'ctrl+a c', 'agent.spawn'];
const NEXT: Bind = ['normal', 'j', 'agent.next'];
const GG: Bind = ['normal', 'g g', 'scroll.top'];

// [name, bindings, start mode, input, expected log, expected final mode]
const cases: Array<[string, Bind[], string, string, string[], string?]> = [
  ['single chord', [NEXT], 'normal', 'j', ['run agent.next']],
  ['unbound key in normal', [NEXT], 'normal', 'x', ['nope x']],
  ['unbound key in insert passes through', [NEXT], 'insert', 'x', ['send x']],
  ['bindings are per mode', [NEXT], 'insert', 'j', ['send j']],
  [
    'upper case letter',
    [['normal', 'G', 'scroll.bottom']],
    'normal',
    'shift+g g G',
    ['run scroll.bottom', 'nope g', 'run scroll.bottom'],
  ],
  ['ctrl+shift+letter is ctrl+letter', [['insert', 'ctrl+shift+a', 'x.y']], 'insert', 'ctrl+a', ['run x.y']],
  [
    'named keys',
    [
      ['normal', 'shift+tab', 'agent.prev'],
      ['normal', 'pgup', 'scroll.page_up'],
    ],
    'normal',
    'shift+tab pageup tab',
    ['run agent.prev', 'run scroll.page_up', 'nope tab'],
  ],
  ['two-key sequence', [GG], 'normal', 'g g', ['wait g', 'run scroll.top']],
  ['prefix sequence in insert', [SPAWN], 'insert', 'ctrl+a c', ['wait ctrl+a', 'run agent.spawn']],
  ['three-key sequence', [['normal', 'a b c', 'x.c']], 'normal', 'a b c', ['wait a', 'wait a b', 'run x.c']],
  [
    'abandoned prefix in insert sends both keys',
    [SPAWN],
    'insert',
    'ctrl+a x',
    ['wait ctrl+a', 'send ctrl+a x'],
  ],
  [
    'abandoned prefix, breaker bound: prefix sent, then breaker runs',
    [SPAWN, ['insert', 'ctrl+]', 'mode.normal']],
    'insert',
    'ctrl+a ctrl+]',
    ['wait ctrl+a', 'send ctrl+a', 'run mode.normal'],
    'normal',
  ],
  [
    'abandoned prefix, breaker starts a sequence again',
    [SPAWN],
    'insert',
    'ctrl+a ctrl+a c',
    ['wait ctrl+a', 'send ctrl+a', 'wait ctrl+a', 'run agent.spawn'],
  ],
  [
    'timeout, no exact binding, insert: prefix passes through',
    [SPAWN],
    'insert',
    'ctrl+a T',
    ['wait ctrl+a', 'send ctrl+a'],
  ],
  ['timeout, no exact binding, normal: unhandled', [GG], 'normal', 'g T', ['wait g', 'nope g']],
  [
    'abandoned prefix in normal is dropped with its breaker',
    [GG, NEXT],
    'normal',
    'g j j',
    ['wait g', 'nope g j', 'run agent.next'],
  ],
  ['timeout with nothing pending', [GG], 'normal', 'T', ['-']],
  [
    'overlap: the longer one on the next key',
    [GG, ['normal', 'g', 'x.g']],
    'normal',
    'g g',
    ['wait g', 'run scroll.top'],
  ],
  [
    'overlap: the shorter one on timeout',
    [GG, ['normal', 'g', 'x.g']],
    'normal',
    'g T',
    ['wait g', 'run x.g'],
  ],
  [
    'overlap: the shorter one, then the breaker',
    [GG, ['normal', 'g', 'x.g'], NEXT],
    'normal',
    'g j',
    ['wait g', 'run x.g', 'run agent.next'],
  ],
  [
    'overlap in insert: shorter one, then the breaker passes through',
    [SPAWN, ['insert', 'ctrl+a', 'x.a']],
    'insert',
    'ctrl+a x',
    ['wait ctrl+a', 'run x.a', 'send x'],
  ],
  [
    'overlap in insert on timeout',
    [SPAWN, ['insert', 'ctrl+a', 'x.a']],
    'insert',
    'ctrl+a T',
    ['wait ctrl+a', 'run x.a'],
  ],
  [
    'longest bound prefix runs and the tail is replayed',
    [
      ['normal', 'a', 'x.a'],
      ['normal', 'a b c', 'x.c'],
      ['normal', 'b', 'x.b'],
    ],
    'normal',
    'a b x',
    ['wait a', 'wait a b', 'run x.a', 'run x.b', 'nope x'],
  ],
  [
    'longest bound prefix on timeout',
    [
      ['normal', 'a', 'x.a'],
      ['normal', 'a b c', 'x.c'],
      ['normal', 'b', 'x.b'],
    ],
    'normal',
    'a b T',
    ['wait a', 'wait a b', 'run x.a', 'run x.b'],
  ],
  [
    'replayed key goes to the mode the action switched to',
    [GG, ['normal', 'g', 'mode.insert']],
    'normal',
    'g x',
    ['wait g', 'run mode.insert', 'send x'],
    'insert',
  ],
  ['paste passes through in insert', [SPAWN], 'insert', 'PASTE', ['send paste']],
  [
    'paste abandons a pending prefix in insert',
    [SPAWN],
    'insert',
    'ctrl+a PASTE',
    ['wait ctrl+a', 'send ctrl+a paste'],
  ],
  ['paste in normal is unhandled', [NEXT], 'normal', 'PASTE', ['nope paste']],
  [
    'mouse passes through and keeps the pending prefix',
    [SPAWN],
    'insert',
    'ctrl+a MOUSE c',
    ['wait ctrl+a', 'send mouse', 'run agent.spawn'],
  ],
  ['mouse passes through in normal too', [NEXT], 'normal', 'MOUSE', ['send mouse']],
];

describe('Keymap.feed / timeout as a caller sees them', () => {
  it.each(cases)('%s', (_name, binds, start, input, expected, endMode) => {
    const { log, mode } = drive(keymap(binds), input, start);
    expect(log).toEqual(expected);
    expect(mode).toBe(endMode ?? start);
  });

  it('the reserved chord breaks a pending prefix and still runs', () => {
    const km = keymap([SPAWN], installEscapeChord);
    expect(drive(km, 'ctrl+a ctrl+g', 'insert')).toEqual({
      log: ['wait ctrl+a', 'send ctrl+a', 'run mode.normal'],
      mode: 'normal',
    });
  });

  it('a reserved chord in a normal-like mode is never swallowed by a broken sequence', () => {
    const km = keymap([GG, ['normal', 'ctrl+g', 'mode.insert']]);
    km.reserve('normal', 'ctrl+g', 'the way back');
    expect(drive(km, 'g ctrl+g')).toEqual({ log: ['wait g', 'nope g', 'run mode.insert'], mode: 'insert' });
  });
});

describe('one-shot modes', () => {
  const setup = (km: Keymap): void => km.defineMode('window', { sticky: false, desc: 'one window command' });
  const binds: Bind[] = [
    ['normal', 'w', 'mode.window'],
    ['window', 'h', 'agent.prev'],
    ['window', 'g g', 'x.gg'],
    NEXT,
  ];

  it.each([
    ['one binding, then back', 'w h j', ['run mode.window', 'run agent.prev', 'run agent.next']],
    ['an unbound key also ends it', 'w x j', ['run mode.window', 'nope x', 'run agent.next']],
    ['a sequence inside it', 'w g g j', ['run mode.window', 'wait g', 'run x.gg', 'run agent.next']],
    [
      'a pending sequence does not end it',
      'w g T j',
      ['run mode.window', 'wait g', 'nope g', 'run agent.next'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(drive(keymap(binds, setup), input)).toEqual({ log: expected, mode: 'normal' });
  });

  it('flags results with leaveMode, except pending and mouse', () => {
    const km = keymap(binds, setup);
    expect(km.feed('window', key('h')).leaveMode).toBe(true);
    expect(km.feed('window', key('g')).leaveMode).toBeUndefined();
    expect(km.feed('window', MOUSE()).leaveMode).toBeUndefined();
    expect(km.timeout('window')).toEqual({ kind: 'unhandled', chord: 'g', leaveMode: true });
    expect(km.feed('normal', key('j')).leaveMode).toBeUndefined();
  });

  it('a one-shot passthrough mode replays the breaker instead of sending it along', () => {
    const km = new Keymap();
    km.defineMode('once', { passthrough: true, sticky: false });
    km.bind({
      mode: 'once',
      spec: 'ctrl+a c',
      action: { kind: 'command', id: 'x.c' },
      desc: '',
      source: 's',
    });
    km.feed('once', key('ctrl+a'));
    const r = km.feed('once', key('x'));
    expect(r.kind).toBe('passthrough');
    expect(r.kind === 'passthrough' && r.events.map((e) => e.sequence)).toEqual(['\x01']);
    expect(r.replay?.map((e) => e.sequence)).toEqual(['x']);
    expect(r.leaveMode).toBe(true);
  });
});

describe('raw results', () => {
  it('passes the original events through unchanged', () => {
    const km = keymap([SPAWN]);
    const a = key('ctrl+a');
    const x = key('x');
    expect(km.feed('insert', a)).toEqual({ kind: 'pending', prefix: ['ctrl+a'] });
    expect(km.pending).toEqual(['ctrl+a']);
    const r = km.feed('insert', x);
    expect(r).toEqual({ kind: 'passthrough', events: [a, x] });
    expect(r.kind === 'passthrough' && r.events[0]).toBe(a);
    expect(km.pending).toEqual([]);
  });

  it('replays the breaker after the shorter binding', () => {
    const km = keymap([GG, ['normal', 'g', 'x.g']]);
    km.feed('normal', key('g'));
    const j = key('j');
    const r = km.feed('normal', j);
    expect(r.kind === 'action' && r.binding.spec).toBe('g');
    expect(r.replay).toEqual([j]);
  });

  it('a pending prefix belongs to its mode', () => {
    const km = keymap([GG]);
    expect(km.feed('normal', key('g')).kind).toBe('pending');
    expect(km.feed('insert', key('x'))).toEqual({ kind: 'passthrough', events: [key('x')] });
    expect(km.timeout('normal')).toBeNull();
    expect(km.feed('normal', key('g')).kind).toBe('pending');
    expect(km.timeout('insert')).toBeNull();
    expect(km.pending).toEqual(['g']);
    km.reset();
    expect(km.pending).toEqual([]);
    expect(km.feed('normal', key('g')).kind).toBe('pending');
  });

  it('function actions come back as bound', () => {
    const km = new Keymap();
    km.bind({
      mode: 'normal',
      spec: 'ctrl+a c',
      action: { kind: 'function', ref: 7 },
      desc: 'New Claude',
      source: 'k.lua:3',
    });
    km.feed('normal', key('ctrl+a'));
    const r = km.feed('normal', key('c'));
    expect(r).toEqual({
      kind: 'action',
      binding: {
        mode: 'normal',
        keys: ['ctrl+a', 'c'],
        spec: 'ctrl+a c',
        action: { kind: 'function', ref: 7 },
        desc: 'New Claude',
        source: 'k.lua:3',
      },
    });
  });

  it('command args are kept', () => {
    const km = new Keymap();
    km.bind({
      mode: 'normal',
      spec: '3',
      action: { kind: 'command', id: 'agent.focus', arg: 3 },
      desc: '',
      source: 's',
    });
    const r = km.feed('normal', key('3'));
    expect(r.kind === 'action' && r.binding.action).toEqual({ kind: 'command', id: 'agent.focus', arg: 3 });
  });

  it('unknown modes throw on feed and timeout', () => {
    const km = new Keymap();
    expect(() => km.feed('visual', key('x'))).toThrow('unknown mode "visual" (modes: insert, normal)');
    expect(() => km.timeout('visual')).toThrow('unknown mode');
  });
});
