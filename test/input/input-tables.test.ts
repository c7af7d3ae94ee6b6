import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputController, type InputHost } from '../../src/input/input-controller.js';
import { activeTable, type OverlayTable } from '../../src/keys/overlay-tables.js';
import { canonicalKey, parseKeySpec } from '../../src/keys/key-spec.js';
import type { ConfigExport, ExportedBinding } from '../../src/hub/configuration.js';
import { key, MOUSE, PASTE } from '../support/keymap-drive.js';

// Which key table answers a key while something is open, and what happens to a key it does not
// bind. The InputController and the keymap are real; the host above them records what they ask.

describe('activeTable', () => {
  it.each([
    [{ selecting: false, overlay: null }, null],
    [{ selecting: true, overlay: null }, 'copy'],
    [{ selecting: false, overlay: 'help' }, 'help'],
    [{ selecting: false, overlay: 'palette' }, 'palette'],
    [{ selecting: true, overlay: 'palette' }, 'copy'], // the selection was there first
  ] as const)('%j -> %s', (open, table) => {
    expect(activeTable(open)).toBe(table);
  });
});

const bind = (mode: string, spec: string, id: string): ExportedBinding => ({
  mode,
  spec,
  keys: parseKeySpec(spec),
  desc: '',
  source: `user/keybindings.lua:1`,
  action: { kind: 'command', id },
});

function config(bindings: ExportedBinding[]): ConfigExport {
  const modes = {
    normal: { passthrough: false, sticky: true, desc: '' },
    copy: { passthrough: false, sticky: true, desc: 'selecting' },
    help: { passthrough: false, sticky: true, desc: '' },
    palette: { passthrough: false, sticky: true, desc: '' },
  };
  return { bindings, modes, commands: [], events: [], unbinds: [], profiles: [], hooks: [] };
}

const SHIPPED = [
  bind('normal', 'j', 'agent.next'),
  bind('normal', 'g g', 'agent.first'),
  bind('copy', 'j', 'copy.down'),
  bind('copy', 'escape', 'copy.cancel'),
  bind('help', 'j', 'help.down'),
  bind('help', 'escape', 'help.close'),
  bind('palette', 'enter', 'palette.submit'),
  bind('palette', 'ctrl+n', 'palette.next'),
  bind('palette', 'g x', 'palette.cancel'),
];

let ctl: InputController | null = null;
afterEach(() => {
  ctl?.dispose();
  ctl = null;
  vi.useRealTimers();
});

function setup(open: OverlayTable | null, bindings = SHIPPED) {
  const log: string[] = [];
  const host: InputHost = {
    mode: () => 'normal',
    previousMode: () => 'insert',
    setMode: (m) => log.push(`mode ${m}`),
    overlayTable: () => open,
    closeOverlay: () => log.push('close'),
    typeIntoPrompt: (ev) => {
      const text =
        ev.kind === 'paste'
          ? ev.text
          : ev.kind === 'key' && !ev.ctrl && [...ev.name].length === 1
            ? ev.name
            : null;
      if (text) log.push(`type ${text}`);
      return text !== null;
    },
    passthrough: (ev) => log.push(`send ${canonicalKey(ev)}`),
    typeThrough: (text) => (log.push(`typed ${text}`), true),
    run: (b) => log.push(`run ${b.mode} ${b.action.kind === 'command' ? b.action.id : 'fn'}`),
    inputDone: () => {},
    mouse: () => log.push('mouse'),
    unhandled: (chord) => log.push(`unhandled ${chord}`),
    reportBindingError: (m) => log.push(`error ${m}`),
    reportModes: () => {},
  };
  ctl = new InputController(host);
  ctl.load(config(bindings));
  const feed = (...specs: string[]) => {
    for (const s of specs) ctl!.feed(s === 'PASTE' ? PASTE() : s === 'MOUSE' ? MOUSE() : key(s));
  };
  return { log, feed, ctl };
}

describe('the overlay key tables', () => {
  it('nothing open: keys go to the mode', () => {
    const { log, feed } = setup(null);
    feed('j', 'x');
    expect(log).toEqual(['run normal agent.next', 'unhandled x']);
  });

  it("copy: its bindings run; other keys, pastes and the mode's keys do nothing; the mouse still works", () => {
    const { log, feed } = setup('copy');
    feed('j', 'escape', 'x', 'g', 'PASTE', 'MOUSE');
    expect(log).toEqual(['run copy copy.down', 'run copy copy.cancel', 'mouse']);
  });

  it('help: its bindings run; other keys work as usual, sequences of the mode included', () => {
    const { log, feed } = setup('help');
    feed('j', 'x', 'g', 'g', 'PASTE');
    expect(log).toEqual(['run help help.down', 'unhandled x', 'run normal agent.first', 'unhandled paste']);
  });

  it('palette: its bindings run; printable keys and pastes type; other chords, the mouse and the mode do nothing', () => {
    const { log, feed } = setup('palette');
    feed('a', 'ctrl+n', 'j', 'ctrl+x', 'PASTE', 'MOUSE', 'enter');
    expect(log).toEqual([
      'type a',
      'run palette palette.next',
      'type j',
      'type hello',
      'run palette palette.submit',
    ]);
  });

  it('palette: a sequence bound there waits; a key that breaks it is dropped with it', () => {
    const { log, feed } = setup('palette');
    feed('g', 'x', 'g', 'y', 'a');
    expect(log).toEqual(['run palette palette.cancel', 'type a']);
  });

  it('a pending sequence of a table is settled in that table when the timeout fires', () => {
    vi.useFakeTimers();
    const { log, feed } = setup('copy', [
      ...SHIPPED,
      bind('copy', 'g', 'copy.top'),
      bind('copy', 'g g', 'copy.top2'),
    ]);
    feed('g');
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(log).toEqual(['run copy copy.top']);
  });

  it('the way out closes whatever is open, and no binding can take it in a table', () => {
    for (const t of ['copy', 'help', 'palette'] as const) {
      const { log, feed } = setup(t, [...SHIPPED, bind(t, 'ctrl+g', 'agent.next')]);
      feed('ctrl+g');
      expect(log).toEqual([
        `error user/keybindings.lua:1: ctrl+g in ${t} is reserved: the way out closes whatever is open`,
        'close',
      ]);
    }
  });

  it('a rebound and an unbound table key take effect', () => {
    const bindings = [
      ...SHIPPED.filter((b) => !(b.mode === 'copy' && b.spec === 'j')),
      bind('copy', 'J', 'copy.down'),
    ];
    const { log, feed } = setup('copy', bindings);
    feed('j', 'J');
    expect(log).toEqual(['run copy copy.down']);
  });

  it('the tables are not modes one can enter', () => {
    const { ctl } = setup(null);
    expect(ctl.modes()).toEqual(['insert', 'normal']);
    expect(ctl.hasMode('copy')).toBe(false);
    expect(ctl.tables().map((t) => t.name)).toEqual(['insert', 'normal', 'copy', 'help', 'palette']);
    expect(ctl.bindingsFor('copy').map((b) => b.spec)).toEqual(['j', 'escape']);
  });
});
