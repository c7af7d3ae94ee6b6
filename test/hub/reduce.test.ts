import { describe, expect, it } from 'vitest';
import { reduce, typedChanges } from '../../src/hub/reduce.js';
import { NOTICE_MS } from '../../src/hub/result.js';
import { initialState, shownError, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import type { StateVerdict } from '../../src/hub/agent-state.js';

// (state, intent) -> (state, effects), no PTY, no Lua, no timers.

function run(state: HubState, ...intents: Intent[]) {
  let s = state;
  const effects = [];
  let dirty = { tree: false, urgent: false };
  for (const i of intents) {
    const r = reduce(s, i);
    s = r.state;
    effects.push(...r.effects);
    dirty = r.dirty;
  }
  return { state: s, effects, dirty };
}

/** Three agents, "1" focused, normal mode. */
function three(): HubState {
  const s = run(
    initialState(100, 30),
    ...['1', '2', '3'].map((id): Intent => ({ type: 'agent_added', id, focus: false })),
  ).state;
  return run(s, { type: 'set_mode', mode: 'normal' }).state;
}

describe('focus', () => {
  it.each([
    [{ type: 'focus_next', delta: 1 }, '2'],
    [{ type: 'focus_next', delta: -1 }, '3'],
    [{ type: 'focus_next', delta: 4 }, '2'],
    [{ type: 'focus_index', index: 2 }, '3'],
    [{ type: 'focus_index', index: 7 }, '1'],
    [{ type: 'focus', id: '2' }, '2'],
    [{ type: 'focus', id: 'gone' }, '1'],
  ] as Array<[Intent, string]>)('%j -> %s', (intent, focus) => {
    expect(run(three(), intent).state.client.focus).toBe(focus);
  });

  it('the first agent added is focused; focusing emits focus_changed and records when the agent it leaves was last seen', () => {
    let s = three();
    expect(s.client.focus).toBe('1');
    s = run(s, { type: 'bell', id: '2', at: 5 }).state;
    expect(s.bellAt).toEqual({ '2': 5 });
    expect(s.seenAt).toEqual({});
    const r = reduce(s, { type: 'focus', id: '2' }, 42);
    expect(r.state.seenAt).toEqual({ '1': 42 });
    expect(r.effects).toEqual([
      { type: 'emit', event: 'focus_changed', payload: { from: '1', to: '2' }, subject: '2' },
    ]);
    expect(r.dirty).toEqual({ tree: true, urgent: true });
    expect(reduce(r.state, { type: 'focus_next', delta: 1 }, 50).state.seenAt).toEqual({ '1': 42, '2': 50 });
    expect(reduce(r.state, { type: 'focus_index', index: 0 }, 60).state.seenAt).toEqual({ '1': 42, '2': 60 });
    expect(run(r.state, { type: 'agent_removed', id: '1' }).state.seenAt).toEqual({});
  });

  it('planned_focus lays the first frame out around an agent not started yet: quietly, nothing to emit or draw', () => {
    const r = reduce(initialState(100, 30), { type: 'planned_focus', id: '1' });
    expect(r.state.client.focus).toBe('1');
    expect(r.state.agents).toEqual([]);
    expect(r.effects).toEqual([]);
    expect(r.dirty).toEqual({ tree: false, urgent: false });
    expect(reduce(r.state, { type: 'planned_focus', id: null }).state.client.focus).toBeNull();
  });

  it('removing the focused agent focuses the one that took its place', () => {
    const s = run(three(), { type: 'focus', id: '2' }, { type: 'agent_removed', id: '2' }).state;
    expect(s.agents).toEqual(['1', '3']);
    expect(s.client.focus).toBe('3');
    expect(
      run(s, { type: 'agent_removed', id: '3' }, { type: 'agent_removed', id: '1' }).state.client.focus,
    ).toBeNull();
  });

  it("waiting is recorded with its time (who needs attention is Lua's call); printing again ends waiting", () => {
    const waiting: StateVerdict = {
      state: 'waiting',
      reason: 'Proceed?',
      source: 'screen',
      adapter: 'claude',
      lines: ['Do you want to proceed?'],
    };
    let s = run(
      three(),
      { type: 'agent_state', id: '2', verdict: waiting, shown: false, at: 7 },
      { type: 'agent_state', id: '1', verdict: waiting, shown: false, at: 9 },
    ).state;
    expect(s.agentStates['2']).toMatchObject({ state: 'waiting', since: 7, reason: 'Proceed?' });
    expect(s.agentStates['1']).toMatchObject({ state: 'waiting', since: 9 });
    s = run(s, {
      type: 'agent_state',
      id: '2',
      verdict: { state: 'running', source: 'quiet' },
      shown: false,
      at: 11,
    }).state;
    expect(s.agentStates['2']).toMatchObject({ state: 'running', since: 11, reason: null });
    expect(run(s, { type: 'agent_removed', id: '1' }).state.agentStates['1']).toBeUndefined();
  });
});

describe('modes', () => {
  it('set_mode remembers the previous mode and emits mode_changed; an unknown mode is an error notice', () => {
    const r = run(three(), { type: 'set_mode', mode: 'insert' });
    expect(r.state.client).toMatchObject({ mode: 'insert', prevMode: 'normal' });
    expect(r.effects).toEqual([
      { type: 'emit', event: 'mode_changed', payload: { from: 'normal', to: 'insert' } },
    ]);
    const bad = run(three(), { type: 'set_mode', mode: 'visual' });
    expect(bad.state.client.mode).toBe('normal');
    expect(bad.state.notice).toMatchObject({ text: 'unknown mode "visual"', level: 'error' });
    expect(shownError(bad.state)).toBe('unknown mode "visual"');
  });

  it('a new keymap without the current mode goes back to insert', () => {
    const s = run(
      three(),
      { type: 'modes_loaded', modes: ['insert', 'normal', 'window'] },
      { type: 'set_mode', mode: 'window' },
    ).state;
    expect(s.client.mode).toBe('window');
    expect(run(s, { type: 'modes_loaded', modes: ['insert', 'normal'] }).state.client.mode).toBe('insert');
  });
});

describe('scroll', () => {
  it.each([
    [[5], 5],
    [[5, -2], 3],
    [[500], 100],
    [[-3], 0],
    [[50, -Infinity], 0],
  ])('scrolling by %j with 100 lines of scrollback ends at %i', (steps, offset) => {
    const s = run(
      three(),
      ...steps.map((lines): Intent => ({ type: 'scroll_view', id: '1', lines, max: 100 })),
    ).state;
    expect(s.scroll['1'] ?? 0).toBe(offset);
  });

  it('typing to an agent brings it back to the bottom and ends its search', () => {
    let s = run(
      three(),
      { type: 'scroll_view', id: '1', lines: 5, max: 100 },
      {
        type: 'search_found',
        agentId: '1',
        query: 'x',
        matches: [{ line: 1, col: 0, length: 1, offset: 9 }],
      },
    ).state;
    s = run(s, { type: 'typed', id: '1' }).state;
    expect(s.scroll).toEqual({});
    expect(s.search).toBeNull();
  });

  // The hub dispatches `typed` only when typedChanges says so: it must agree with the reducer.
  const match = [{ line: 1, col: 0, length: 1, offset: 9 }];
  const typed: Intent = { type: 'typed', id: '1' };
  it.each<[string, boolean, Intent[]]>([
    ['just started: its first turn begins', true, []],
    ['in its turn', false, [typed]],
    ['scrolled up', true, [typed, { type: 'scroll_view', id: '1', lines: 5, max: 100 }]],
    ['another agent scrolled up', false, [typed, { type: 'scroll_view', id: '2', lines: 5, max: 100 }]],
    ['searched', true, [typed, { type: 'search_found', agentId: '1', query: 'x', matches: match }]],
    [
      'another agent searched',
      false,
      [typed, { type: 'search_found', agentId: '2', query: 'x', matches: match }],
    ],
    [
      'idle again: a turn begins',
      true,
      [typed, { type: 'agent_state', id: '1', verdict: { state: 'idle', source: 'screen' }, shown: true }],
    ],
  ])('typing to agent 1, %s: the state changes (%s)', (_, changes, before) => {
    const s = run(three(), ...before).state;
    expect(typedChanges(s, '1')).toBe(changes);
    expect(reduce(s, typed).state !== s).toBe(changes);
  });
});

describe('search', () => {
  const matches = [0, 10, 20].map((line) => ({ line, col: 2, length: 3, offset: 40 - line }));

  it('shows the newest match first, n steps older, N newer, both wrap', () => {
    let r = run(three(), { type: 'search_found', agentId: '1', query: 'foo', matches });
    expect(r.state.search?.index).toBe(2);
    expect(r.state.scroll['1']).toBe(20);
    expect(r.state.notice).toMatchObject({ text: '"foo": match 1 of 3 (n older, N newer)', level: 'info' });
    expect(shownError(r.state)).toBeNull();
    const steps: Array<[number, number]> = [
      [1, 1],
      [1, 0],
      [1, 2],
      [-1, 0],
      [-1, 1],
    ];
    for (const [delta, index] of steps) {
      r = run(r.state, { type: 'search_step', delta });
      expect(r.state.search?.index).toBe(index);
      expect(r.state.scroll['1']).toBe(matches[index].offset);
    }
  });

  it('nothing found is a notice; stepping without a search (or on another agent) says how to search', () => {
    const none = run(three(), { type: 'search_found', agentId: '1', query: 'zz', matches: [] });
    expect(none.state.search).toBeNull();
    expect(none.state.notice?.text).toContain('"zz" not found');
    expect(run(three(), { type: 'search_step', delta: 1, searchKey: '/' }).state.notice?.text).toBe(
      'no search (press / to search)',
    );
    // the key comes from the keymap: rebound, the notice names the new one; unbound, the command
    expect(run(three(), { type: 'search_step', delta: 1, searchKey: 'ctrl+f' }).state.notice?.text).toBe(
      'no search (press ctrl+f to search)',
    );
    expect(run(three(), { type: 'search_step', delta: 1 }).state.notice?.text).toBe(
      'no search (scroll.search searches)',
    );
    const other = run(
      three(),
      { type: 'search_found', agentId: '2', query: 'foo', matches },
      { type: 'search_step', delta: 1 },
    );
    expect(other.state.notice?.level).toBe('error');
  });
});

describe('selection', () => {
  const term = { lineCount: 100, rows: 20, scrollbackLength: 80 };

  it('moves within the lines, marks, and copies the range (as an effect)', () => {
    let s = run(three(), { type: 'select_at', agentId: '1', cursor: 50 }).state;
    s = run(
      s,
      { type: 'select_by', delta: -1, term },
      { type: 'select_mark' },
      { type: 'select_by', delta: -1, term },
      { type: 'select_by', delta: -1, term },
    ).state;
    expect(s.client.selection).toEqual({ agentId: '1', cursor: 47, anchor: 49 });
    const r = run(s, { type: 'select_copy' });
    expect(r.state.client.selection).toBeNull();
    expect(r.effects).toEqual([{ type: 'copy', agentId: '1', from: 47, to: 49 }]);
  });

  it('clamps the cursor to the lines held and scrolls to keep it in view', () => {
    let s = run(three(), { type: 'select_at', agentId: '1', cursor: 1 }).state;
    s = run(s, { type: 'select_by', delta: -1, term }, { type: 'select_by', delta: -1, term }).state;
    expect(s.client.selection?.cursor).toBe(0);
    expect(s.scroll['1']).toBe(80); // the top of the scrollback
    s = run(s, { type: 'select_cancel' }).state;
    expect(s.client.selection).toBeNull();
    expect(
      run(three(), { type: 'select_at', agentId: '1', cursor: 98 }, { type: 'select_by', delta: 5, term })
        .state.client.selection?.cursor,
    ).toBe(99);
  });

  it("says which keys drive it: the copy table's, as the host read them, or the shipped ones", () => {
    expect(
      run(three(), { type: 'select_at', agentId: '1', cursor: 1, hint: 'select: J/K move' }).state.notice
        ?.text,
    ).toBe('select: J/K move');
    expect(run(three(), { type: 'select_at', agentId: '1', cursor: 1 }).state.notice?.text).toMatch(
      /^select: j\/k move/,
    );
  });
});

describe('overlays', () => {
  const items = [
    { id: 'agent.next', description: 'Focus the next agent' },
    { id: 'agent.focus', description: 'Focus agent N' },
    { id: 'help.toggle', description: 'Show the keys' },
  ];
  const open: Intent = {
    type: 'palette_open',
    title: 'Commands',
    items,
    action: { kind: 'command' },
    by: 'user',
  };

  it('help toggles and scrolls, never above the top', () => {
    let s = run(
      three(),
      { type: 'help_toggle' },
      { type: 'help_scroll', lines: 3 },
      { type: 'help_scroll', lines: -5 },
    ).state;
    expect(s.client.overlay).toEqual({ kind: 'help', scroll: 0 });
    s = run(s, { type: 'help_toggle' }).state;
    expect(s.client.overlay).toBeNull();
  });

  it('typing filters, the cursor stays within the matches, enter chooses', () => {
    let s = run(
      three(),
      open,
      { type: 'palette_edit', text: 'agent' },
      { type: 'palette_move', delta: 5 },
    ).state;
    expect(s.client.overlay).toMatchObject({ query: 'agent', index: 1 });
    s = run(s, { type: 'palette_edit', backspace: true }).state;
    expect(s.client.overlay).toMatchObject({ query: 'agen', index: 0 });
    const r = run(s, { type: 'palette_move', delta: 1 }, { type: 'palette_submit' });
    expect(r.state.client.overlay).toBeNull();
    expect(r.effects).toEqual([
      { type: 'choose', action: { kind: 'command' }, value: 'agent.focus', by: 'user' },
    ]);
  });

  it('the palette takes an argument after an exact id; a prompt returns what was typed', () => {
    const r = run(three(), open, { type: 'palette_edit', text: 'agent.focus 3' }, { type: 'palette_submit' });
    expect(r.effects).toEqual([
      { type: 'choose', action: { kind: 'command' }, value: 'agent.focus', arg: '3', by: 'user' },
    ]);
    const p = run(
      three(),
      {
        type: 'palette_open',
        title: 'agent.focus: agent number (1-9)',
        items: [],
        action: { kind: 'command_arg', id: 'agent.focus' },
        prompt: true,
        by: 'user',
      },
      { type: 'palette_edit', text: 'needle\n' },
      { type: 'palette_submit' },
    );
    expect(p.effects).toEqual([
      { type: 'choose', action: { kind: 'command_arg', id: 'agent.focus' }, value: 'needle ', by: 'user' },
    ]);
  });

  it('escape closes without choosing', () => {
    const r = run(three(), open, { type: 'overlay_close' });
    expect(r.state.client.overlay).toBeNull();
    expect(r.effects).toEqual([]);
  });

  describe('a Lua dialog (app:select / app:input)', () => {
    const lua = { kind: 'lua', ref: 7, owner: 'imp' } as const;
    const select: Intent = {
      type: 'palette_open',
      title: 'Pick',
      items: [
        { id: 'same', description: 'first', value: '1' },
        { id: 'same', description: 'second', value: '2' },
      ],
      action: lua,
      by: 'user',
    };
    it.each([
      [
        'enter on the second of two equal labels reports its index',
        [select, { type: 'palette_move', delta: 1 }, { type: 'palette_submit' }],
        [{ type: 'choose', action: lua, value: '2', by: 'user' }],
      ],
      [
        'escape reports the cancel (the callback gets nil)',
        [select, { type: 'overlay_close' }],
        [{ type: 'choose', action: lua, value: null, by: 'user' }],
      ],
      [
        'enter with nothing matching is a cancel too',
        [select, { type: 'palette_edit', text: 'zzz' }, { type: 'palette_submit' }],
        [{ type: 'choose', action: lua, value: null, by: 'user' }],
      ],
      [
        'an input starts with its default text',
        [
          {
            type: 'palette_open',
            title: 'Name',
            items: [],
            prompt: true,
            query: 'bob',
            action: { ...lua, input: true },
            by: 'user',
          },
          { type: 'palette_edit', text: 'by' },
          { type: 'palette_submit' },
        ],
        [{ type: 'choose', action: { ...lua, input: true }, value: 'bobby', by: 'user' }],
      ],
    ] as Array<[string, Intent[], unknown[]]>)('%s', (_name, intents, effects) => {
      const r = run(three(), ...intents);
      expect(r.state.client.overlay).toBeNull();
      expect(r.effects).toEqual(effects);
    });
  });

  describe('dialogs one after another', () => {
    const first = { kind: 'lua', ref: 1 } as const;
    const second = { kind: 'lua', ref: 2 } as const;
    const open = (action: typeof first | typeof second, title: string): Intent => ({
      type: 'palette_open',
      title,
      items: [{ id: 'a', description: '', value: '1' }],
      action,
      by: 'user',
    });
    const title = (s: HubState) =>
      s.client.overlay?.kind === 'palette' ? s.client.overlay.title : (s.client.overlay?.kind ?? null);

    it('a Lua dialog arriving while a palette is open waits its turn, keeps what was typed, and opens when that one closes', () => {
      const r1 = run(
        three(),
        open(first, 'Spawn'),
        { type: 'palette_edit', text: 'a' },
        open(second, 'Worktree'),
      );
      expect(title(r1.state)).toBe('Spawn');
      expect(r1.state.client.overlay).toMatchObject({ query: 'a' });
      expect(r1.effects).toEqual([]);
      const r2 = run(r1.state, { type: 'palette_submit' });
      expect(r2.effects).toEqual([{ type: 'choose', action: first, value: '1', by: 'user' }]);
      expect(title(r2.state)).toBe('Worktree');
      const r3 = run(r2.state, { type: 'overlay_close' });
      expect(r3.effects).toEqual([{ type: 'choose', action: second, value: null, by: 'user' }]);
      expect(r3.state.client.overlay).toBeNull();
      expect(r3.state.client.queued).toBeUndefined();
    });

    it('a Lua dialog waits behind the command palette too; one replaced by help or a built-in palette gets nil', () => {
      const cmd: Intent = {
        type: 'palette_open',
        title: 'Commands',
        items: [],
        action: { kind: 'command' },
        by: 'user',
      };
      expect(title(run(three(), cmd, open(first, 'Spawn')).state)).toBe('Commands');
      expect(title(run(three(), cmd, open(first, 'Spawn'), { type: 'overlay_close' }).state)).toBe('Spawn');
      const byHelp = run(three(), open(first, 'Spawn'), { type: 'help_toggle' });
      expect(title(byHelp.state)).toBe('help');
      expect(byHelp.effects).toEqual([{ type: 'choose', action: first, value: null, by: 'user' }]);
      expect(run(three(), open(first, 'Spawn'), cmd).effects).toEqual([
        { type: 'choose', action: first, value: null, by: 'user' },
      ]);
    });

    it('a client that detaches: its open and waiting dialogs get nil', () => {
      let s = run(
        three(),
        { type: 'client_attached', id: 'c1', cols: 80, rows: 24 },
        open(first, 'Spawn'),
        open(second, 'Worktree'),
      ).state;
      s = run(s, { type: 'client_attached', id: 'c2', cols: 80, rows: 24 }).state;
      const r = run(s, { type: 'client_detached', id: 'c1' });
      expect(r.effects).toEqual([
        { type: 'choose', action: first, value: null },
        { type: 'choose', action: second, value: null },
        { type: 'emit', event: 'client_detached', payload: { client: 'c1', clients: 1 } },
      ]);
    });
  });
});

describe('notices and errors', () => {
  it('a notice expires with its own timer; an older timer does not clear a newer notice', () => {
    const first = run(three(), { type: 'notify', text: 'one', level: 'info' });
    expect(first.effects).toEqual([
      { type: 'log', level: 'info', text: 'one' },
      { type: 'timer', name: 'notice', ms: NOTICE_MS, intent: { type: 'notice_expired', seq: 1 } },
    ]);
    const second = run(first.state, { type: 'notify', text: 'two', level: 'error' });
    expect(run(second.state, { type: 'notice_expired', seq: 1 }).state.notice?.text).toBe('two');
    expect(run(second.state, { type: 'notice_expired', seq: 2 }).state.notice).toBeNull();
  });

  it('a notice that waits for a key has no timer; notices meanwhile wait behind it, shown once a key took it off', () => {
    const sticky = run(three(), { type: 'notify', text: 'reattached', level: 'info', untilKey: true });
    expect(sticky.effects).toEqual([{ type: 'log', level: 'info', text: 'reattached' }]);
    const asked = run(sticky.state, { type: 'notify', text: 'The hub asks: resume?', level: 'info' });
    expect(asked.state.notice?.text).toBe('reattached');
    expect(
      run(asked.state, { type: 'notice_expired', seq: asked.state.notice!.seq }).state.notice?.text,
    ).toBe('reattached');
    const keyed = run(asked.state, { type: 'notice_key' });
    expect(keyed.state.notice).toMatchObject({ text: 'The hub asks: resume?', level: 'info' });
    expect(keyed.state.notice?.untilKey).toBeUndefined();
    expect(keyed.effects).toContainEqual(expect.objectContaining({ type: 'timer', name: 'notice' }));
    // An ordinary notice does not care for keys.
    expect(run(keyed.state, { type: 'notice_key' }).state.notice?.text).toBe('The hub asks: resume?');
  });

  it('a notice is taken off by its id, never by its words: another of the same words stays', () => {
    const first = run(three(), { type: 'notify', text: 'making a git worktree...', level: 'info', id: 'n1' });
    const again = run(first.state, {
      type: 'notify',
      text: 'making a git worktree...',
      level: 'info',
      id: 'n2',
    });
    // The first one's owner is done: the second, the same words, is not its to take off.
    expect(run(again.state, { type: 'notice_clear', id: 'n1' }).state.notice).toMatchObject({ id: 'n2' });
    expect(run(again.state, { type: 'notice_clear', id: 'n2' }).state.notice).toBeNull();
    // One waiting behind a notice that waits for a key goes by its id too, and the sticky one stays.
    const sticky = run(three(), {
      type: 'notify',
      text: 'reattached',
      level: 'info',
      untilKey: true,
      id: 'n3',
    });
    const behind = run(sticky.state, { type: 'notify', text: 'web: bad', level: 'error', id: 'w1' });
    const cleared = run(behind.state, { type: 'notice_clear', id: 'w1' }).state.notice;
    expect(cleared).toMatchObject({ text: 'reattached' });
    expect(cleared?.behind).toBeUndefined();
    expect(run(behind.state, { type: 'notice_key' }).state.notice).toMatchObject({
      text: 'web: bad',
      id: 'w1',
    });
  });

  it('self.error shows the configuration error before an error notice, and never an info notice', () => {
    let s = run(three(), { type: 'notify', text: 'copied 3 line(s)', level: 'info' }).state;
    expect(shownError(s)).toBeNull();
    s = run(s, { type: 'notify', text: 'boom', level: 'error' }).state;
    expect(shownError(s)).toBe('boom');
    s = run(s, { type: 'config_error', error: 'user/layout.lua:3: bad' }).state;
    expect(shownError(s)).toBe('user/layout.lua:3: bad');
  });

  it('a stalled Lua call pauses Lua with a doubling backoff (capped) and a retry timer', () => {
    let r = run(three(), { type: 'lua_stalled', now: 1000 });
    expect(r.state.lua).toEqual({ pausedUntil: 2000, backoffMs: 1000 });
    expect(r.effects).toEqual([{ type: 'timer', name: 'lua-retry', ms: 1000, intent: { type: 'lua_ok' } }]);
    for (let k = 0; k < 6; k++) r = run(r.state, { type: 'lua_stalled', now: 1000 });
    expect(r.state.lua.backoffMs).toBe(10000);
    expect(run(r.state, { type: 'lua_ok' }).state.lua.pausedUntil).toBe(0);
    // a good render resets the backoff; a render error is logged once
    const e1 = run(r.state, { type: 'rendered', error: 'layout.lua:1: x' });
    expect(e1.effects).toEqual([{ type: 'log', level: 'error', text: 'layout.lua:1: x' }]);
    expect(run(e1.state, { type: 'rendered', error: 'layout.lua:1: x' }).effects).toEqual([]);
    expect(run(e1.state, { type: 'rendered', error: null }).state.lua.backoffMs).toBe(0);
  });
});
