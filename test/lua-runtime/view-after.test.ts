import { describe, expect, it } from 'vitest';
import { viewAfter } from '../../src/lua/runtime/view-after.js';
import type { AppData, LuaRequest } from '../../src/lua/runtime/config-file.js';
import { reduce } from '../../src/hub/reduce.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import { resolveRequest } from '../../src/commands/resolve-request.js';

const agent = (id: string, seen?: number) => ({
  id,
  name: `a${id}`,
  command: 'cat',
  cwd: '/',
  status: 'idle',
  exit_code: null,
  title: '',
  scroll: 0,
  ...(seen === undefined ? {} : { seen_at: seen }),
});
const APP: AppData = {
  agents: [agent('1'), agent('2', 3), agent('3')],
  focused_id: '1',
  selected: 1,
  mode: 'normal',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  hint: '?: help',
  overlay: null,
};

/** One table for the worker's guess and the reducer: [name, requests, the view after (null: the worker does not guess)]. */
const cases: Array<[string, LuaRequest[], Partial<AppData> | null]> = [
  [
    'focus by id: the agent it leaves was seen until now',
    [{ type: 'focus', id: '3' }],
    { focused_id: '3', selected: 3, agents: [agent('1', 100), agent('2', 3), agent('3')] },
  ],
  ['focus on an unknown agent changes nothing', [{ type: 'focus', id: '9' }], {}],
  ['a notice', [{ type: 'notify', text: 'hi', level: 'info' }], { notice: 'hi' }],
  [
    'focus then notice',
    [
      { type: 'focus', id: '2' },
      { type: 'notify', text: 'x', level: 'info' },
    ],
    { focused_id: '2', selected: 2, notice: 'x', agents: [agent('1', 100), agent('2', 3), agent('3')] },
  ],
  ['nothing asked: nothing to render', [], null],
  ['a mode change depends on the hub (hint, emitted events)', [{ type: 'set_mode', mode: 'insert' }], null],
  [
    'a spawn depends on the hub',
    [
      { type: 'focus', id: '2' },
      { type: 'spawn', spec: { command: 'cat' } },
    ],
    null,
  ],
  ['running another command depends on it', [{ type: 'run', id: 'agent.next' }], null],
  ['scrolling is clamped by the hub', [{ type: 'scroll', lines: 3 }], null],
];
describe('viewAfter: the view the hub will have after a command (what the worker renders with it)', () => {
  it.each(cases)('%s', (_name, intents, expected) => {
    const view = viewAfter(APP, intents, 100);
    if (expected === null) expect(view).toBeNull();
    else expect(view).toEqual({ ...APP, ...expected });
  });

  it('without the time the hub applies a focus change at, the view after it is unknown', () => {
    expect(viewAfter(APP, [{ type: 'focus', id: '2' }])).toBeNull();
    expect(
      viewAfter({ ...APP, focused_id: null, selected: null }, [{ type: 'focus', id: '2' }]),
    ).toMatchObject({ focused_id: '2' });
  });

  it('never changes the view it was given', () => {
    const copy = structuredClone(APP);
    viewAfter(
      APP,
      [
        { type: 'focus', id: '2' },
        { type: 'notify', text: 'x', level: 'info' },
      ],
      100,
    );
    expect(APP).toEqual(copy);
  });
});

// The worker's guess is the reducer's own rule: each view it renders ahead is the view the hub has
// after the same requests go through resolveRequest and reduce.
describe('viewAfter agrees with the reducer on the same table', () => {
  function hubState(): HubState {
    let s = initialState(80, 24);
    for (const a of APP.agents)
      s = reduce(s, { type: 'agent_added', id: a.id, focus: a.id === APP.focused_id }).state;
    s = reduce(s, { type: 'set_mode', mode: 'normal' }).state;
    return { ...s, seenAt: { '2': 3 } };
  }
  /** The fields of `self` these requests can change, from the reducer's state. */
  function viewOf(s: HubState): AppData {
    const index = s.agents.indexOf(s.client.focus ?? '');
    return {
      ...APP,
      agents: APP.agents.map(({ seen_at: _seen, ...a }) =>
        a.id in s.seenAt ? { ...a, seen_at: s.seenAt[a.id] } : a,
      ),
      focused_id: s.client.focus,
      selected: index < 0 ? null : index + 1,
      notice: s.notice?.level === 'info' ? s.notice.text : null,
    };
  }
  const guessed = cases.filter(([, , view]) => view !== null);
  it('has cases to check', () => expect(guessed.length).toBeGreaterThan(2));
  it.each(guessed)('%s', (_name, requests) => {
    let s = hubState();
    for (const r of requests) {
      const intents = resolveRequest(r, {
        state: s,
        review: () => null,
        page: () => 1,
        term: () => null,
        paletteItems: () => [],
        keyFor: () => null,
      });
      for (const i of intents ?? []) s = reduce(s, i, 100).state;
    }
    expect(viewAfter(APP, requests, 100)).toEqual(viewOf(s));
  });
});
