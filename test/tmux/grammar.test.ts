import { describe, expect, it } from 'vitest';
import { readCommands, TmuxError } from '../../src/tmux/grammar.js';
import { expand } from '../../src/tmux/format.js';
import { keyRuns, keySpec } from '../../src/tmux/keys.js';

// The tmux surface reads command lines as tmux does (a table of commands and their flags), expands
// formats as tmux does, and names keys as the hub does.

const read = (...argv: string[]) =>
  readCommands(argv).map((c) => ({ name: c.name, flags: Object.fromEntries(c.flags), words: c.words }));

describe('tmux command lines', () => {
  it.each([
    [
      ['split-window', '-d', '-t', '%1', '-h', '-l', '70%', '-P', '-F', '#{pane_id}', '--', 'cat'],
      [
        {
          name: 'split-window',
          flags: { d: true, t: '%1', h: true, l: '70%', P: true, F: '#{pane_id}' },
          words: ['cat'],
        },
      ],
    ],
    // aliases, joined flags and values glued to their flag
    [
      ['splitw', '-dPF#{pane_id}', 'sleep 1'],
      [{ name: 'split-window', flags: { d: true, P: true, F: '#{pane_id}' }, words: ['sleep 1'] }],
    ],
    [['send', '-lt%2', 'a;b'], [{ name: 'send-keys', flags: { l: true, t: '%2' }, words: ['a;b'] }]],
    // commands separated by ; (a word of its own, or ending one); \; is a literal ;
    [
      ['set', '-g', 'status', 'off', ';', 'display', '-p', 'x\\;'],
      [
        { name: 'set-option', flags: { g: true }, words: ['status', 'off'] },
        { name: 'display-message', flags: { p: true }, words: ['x;'] },
      ],
    ],
    [['has', '-t', 'botster'], [{ name: 'has-session', flags: { t: 'botster' }, words: [] }]],
    [['list-p', '-a'], [{ name: 'list-panes', flags: { a: true }, words: [] }]],
  ])('%j', (argv, want) => {
    expect(read(...argv)).toEqual(want);
  });

  it.each([
    [['frobnicate'], 'unknown command: frobnicate'],
    [['list-'], 'ambiguous command: list-, could be: list-clients, list-panes, list-sessions, list-windows'],
    [['split-window', '-Q'], 'split-window: unknown flag -Q'],
    [['split-window', '-t'], '-t expects an argument'],
  ])('%j fails as tmux says', (argv, message) => {
    expect(() => readCommands(argv)).toThrow(new TmuxError(message));
  });
});

describe('tmux formats', () => {
  const v = {
    pane_id: '%3',
    pane_index: '1',
    window_name: 'lead',
    pane_dead: '0',
    pane_title: 'alpha',
    x: 'abcdef',
  };
  it.each([
    ['#{pane_id}', '%3'],
    ['#D #P #W ##', '%3 1 lead #'],
    ['#{pane_id}#{?pane_dead, (dead),}', '%3'],
    ['#{?pane_title,named #{pane_title},anonymous}', 'named alpha'],
    ['#{==:#{pane_title},alpha}', '1'],
    ['#{!=:#{pane_title},alpha}', '0'],
    ['#{=3:x}|#{=-2:x}', 'abc|ef'],
    ['#{no_such_thing}', ''],
    ['tab\t#{pane_index}', 'tab\t1'],
  ])('%j', (fmt, want) => {
    expect(expand(fmt, v)).toBe(want);
  });
});

describe('tmux key names', () => {
  it.each([
    ['Enter', 'enter'],
    ['C-c', 'ctrl+c'],
    ['C-C', 'ctrl+c'],
    ['M-x', 'alt+x'],
    ['BTab', 'shift+tab'],
    ['BSpace', 'backspace'],
    ['NPage', 'pagedown'],
    ['F5', 'f5'],
    ['escape', 'escape'],
    ['echo', null],
    ['x', null],
  ])('%s', (word, want) => {
    expect(keySpec(word)).toBe(want);
  });

  it('types words and presses keys in order; -l types them all', () => {
    expect(keyRuns(['echo hi', 'Enter', 'C-c', 'ls', 'Enter'], false)).toEqual([
      { text: 'echo hi' },
      { keys: 'enter ctrl+c' },
      { text: 'ls' },
      { keys: 'enter' },
    ]);
    expect(keyRuns(['Enter', 'x'], true)).toEqual([{ text: 'Enterx' }]);
  });
});
