import { describe, expect, it } from 'vitest';
import { resolveRequest, type RequestFacts } from '../../src/hub/resolve-request.js';
import { reduce } from '../../src/hub/reduce.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import type { Request } from '../../src/hub/requests.js';

// A request -> the reducer's intents, from the state and the host's facts: no hub, no agents.

function three(): HubState {
  let s = initialState(100, 30);
  for (const i of [
    ...['1', '2', '3'].map((id): Intent => ({ type: 'agent_added', id, focus: id === '1' })),
    { type: 'set_mode', mode: 'normal' } as Intent,
  ])
    s = reduce(s, i).state;
  return s;
}

const TERM = { lineCount: 120, rows: 20, scrollbackLength: 100 };

function facts(over: Partial<RequestFacts> = {}): RequestFacts {
  return {
    state: three(),
    review: () => null,
    compare: () => null,
    page: () => 19,
    term: (id) => (['1', '2', '3'].includes(id) ? TERM : null),
    paletteItems: () => [{ id: 'agent.next', description: 'Focus the next agent' }],
    keyFor: (id) => (id === 'scroll.search' ? '/' : null),
    ...over,
  };
}
const REVIEW = { key: 'diff:1', lineCount: 50, rows: 10 };
const inReview = facts({ review: () => REVIEW });
const selecting = (agentId: string) => {
  const s = three();
  return { ...s, client: { ...s.client, selection: { agentId, cursor: 3, anchor: null } } };
};

describe('resolveRequest', () => {
  const table: Array<[string, Request, RequestFacts, Intent[] | null]> = [
    ['focus is the intent', { type: 'focus', id: '2' }, facts(), [{ type: 'focus', id: '2' }]],
    [
      'focus_next is the intent',
      { type: 'focus_next', delta: 1 },
      facts(),
      [{ type: 'focus_next', delta: 1 }],
    ],
    [
      'overlay_close keeps its kind (the reducer closes only that one)',
      { type: 'overlay_close', kind: 'help' },
      facts(),
      [{ type: 'overlay_close', kind: 'help' }],
    ],
    [
      'help_page: rows - 6 lines a page',
      { type: 'help_page', pages: -1 },
      facts(),
      [{ type: 'help_scroll', lines: -24 }],
    ],
    [
      'palette_backspace edits',
      { type: 'palette_backspace' },
      facts(),
      [{ type: 'palette_edit', backspace: true }],
    ],
    [
      'scroll: the focused agent, clamped to its scrollback',
      { type: 'scroll', lines: 3 },
      facts(),
      [{ type: 'scroll_view', id: '1', lines: 3, max: 100 }],
    ],
    ['scroll with no agent focused: nothing', { type: 'scroll', lines: 3 }, facts({ term: () => null }), []],
    [
      'scroll_page: a page of the panel',
      { type: 'scroll_page', pages: -2 },
      facts(),
      [{ type: 'scroll_view', id: '1', lines: -38, max: 100 }],
    ],
    [
      'scroll_bottom: back to live output',
      { type: 'scroll_bottom' },
      facts(),
      [{ type: 'scroll_view', id: '1', lines: -Infinity, max: 100 }],
    ],
    [
      'scroll in the review panel: positive is up there too',
      { type: 'scroll', lines: 3 },
      inReview,
      [{ type: 'review_scroll', lines: -3, max: 40 }],
    ],
    [
      'scroll_bottom in the review panel: to its end',
      { type: 'scroll_bottom' },
      inReview,
      [{ type: 'review_scroll', lines: 50, max: 40 }],
    ],
    [
      'search_step in the scrollback: the key that searches, from the keymap',
      { type: 'search_step', delta: 1 },
      facts(),
      [{ type: 'search_step', delta: 1, searchKey: '/' }],
    ],
    [
      'search_step with scroll.search unbound',
      { type: 'search_step', delta: 1 },
      facts({ keyFor: () => null }),
      [{ type: 'search_step', delta: 1 }],
    ],
    [
      'search_step in the review panel',
      { type: 'search_step', delta: -1 },
      inReview,
      [{ type: 'review_search_step', delta: -1, rows: 10, lineCount: 50, searchKey: '/' }],
    ],
    ['select_move without a selection: nothing', { type: 'select_move', delta: 1 }, facts(), []],
    [
      "select_move: the agent's geometry",
      { type: 'select_move', delta: 2 },
      facts({ state: selecting('2') }),
      [{ type: 'select_by', delta: 2, term: TERM }],
    ],
    [
      "select_move: the diff's geometry",
      { type: 'select_move', delta: -1 },
      { ...inReview, state: selecting('diff:1') },
      [{ type: 'select_by', delta: -1, term: { lineCount: 50, rows: 10, scrollbackLength: 0 } }],
    ],
    [
      'select_move on an agent that is gone: the selection ends',
      { type: 'select_move', delta: 1 },
      facts({ state: selecting('9') }),
      [{ type: 'select_cancel' }],
    ],
    [
      'command_palette: the commands on offer',
      { type: 'command_palette' },
      facts(),
      [
        {
          type: 'palette_open',
          title: 'Commands',
          items: [{ id: 'agent.next', description: 'Focus the next agent' }],
          action: { kind: 'command' },
        },
      ],
    ],
    [
      'dialog_open: a palette that answers the Lua dialog',
      { type: 'dialog_open', title: 'Name', prompt: true, query: 'bob', dialog: 4 },
      facts(),
      [
        {
          type: 'palette_open',
          title: 'Name',
          items: [],
          action: { kind: 'lua', ref: 4, input: true },
          prompt: true,
          query: 'bob',
        },
      ],
    ],
    [
      'review without an agent closes it',
      { type: 'review', mode: 'all' },
      facts(),
      [{ type: 'review_close' }],
    ],
    [
      'review of an agent opens it',
      { type: 'review', id: '2', mode: 'uncommitted' },
      facts(),
      [{ type: 'review_open', agent: '2', mode: 'uncommitted' }],
    ],
    [
      'review of no such agent: an error notice',
      { type: 'review', id: '9', mode: 'all' },
      facts(),
      [{ type: 'notify', text: 'app:open_review: no agent 9', level: 'error' }],
    ],
    [
      'a verb is the door to an act, not the reducer’s',
      { type: 'verb', name: 'agent.new', args: { command: 'cat' } },
      facts(),
      null,
    ],
    [
      'a desktop notification is the intent itself',
      { type: 'notify_desktop', text: 'hi', kind: 'osc9' },
      facts(),
      [{ type: 'notify_desktop', text: 'hi', kind: 'osc9' }],
    ],
  ];
  it.each(table)('%s', (_name, request, f, want) => {
    expect(resolveRequest(request, f)).toEqual(want);
  });

  it('a dialog opened by a command of an improvement answers there', () => {
    const [open] = resolveRequest({ type: 'dialog_open', title: 'Pick', items: [], dialog: 2 }, facts(), {
      owner: 'imp',
      command: { id: 'x.y', source: 'imp.lua:3' },
    })!;
    expect(open).toMatchObject({ action: { kind: 'lua', ref: 2, owner: 'imp', command: { id: 'x.y' } } });
  });

  it('a dialog says who is at the keys and where it came from: nobody (a hook) makes it a question', () => {
    const open = (from: Parameters<typeof resolveRequest>[2]) =>
      resolveRequest(
        { type: 'dialog_open', title: 'Pick', items: [], dialog: 2, text: ['why'] },
        facts(),
        from,
      )![0];
    expect(open({ by: 'user', source: 'keys.lua:3' })).toMatchObject({
      by: 'user',
      from: 'keys.lua:3',
      text: ['why'],
    });
    expect(open({ source: 'project trust' })).not.toHaveProperty('by');
    expect(open({ by: 'script', source: 'cli' })).toMatchObject({ by: 'script' });
  });

  it.each([
    ['user', [{ type: 'question_open' }]],
    [
      'script',
      [{ type: 'notify', text: 'question.open opens a question only from your keys', level: 'info' }],
    ],
    [
      undefined,
      [{ type: 'notify', text: 'question.open opens a question only from your keys', level: 'info' }],
    ],
  ] as const)('question_open by %s', (by, intents) => {
    expect(resolveRequest({ type: 'question_open' }, facts(), by ? { by } : {})).toEqual(intents);
  });

  it('only reads the facts a request needs', () => {
    const f = facts({
      review: () => {
        throw new Error('read');
      },
    });
    expect(resolveRequest({ type: 'focus_next', delta: 1 }, f)).toEqual([{ type: 'focus_next', delta: 1 }]);
  });
});

describe('overlay_close with a kind (a key table’s way out)', () => {
  const help = reduce(three(), { type: 'help_toggle' }).state;
  it('closes the overlay of that kind', () => {
    expect(reduce(help, { type: 'overlay_close', kind: 'help' }).state.client.overlay).toBeNull();
  });
  it('leaves another kind open', () => {
    expect(reduce(help, { type: 'overlay_close', kind: 'palette' }).state.client.overlay).toEqual(
      help.client.overlay,
    );
  });
});
