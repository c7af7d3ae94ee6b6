import { describe, expect, it } from 'vitest';
import { predict } from '../../src/worker/predict.js';
import { reduce } from '../../src/hub/reduce.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import type { LuaRequest } from '../../src/hub/requests.js';

// The worker draws the frame a command causes from the state the hub's own reducer reaches: it
// predicts what it can know from the state alone, and nothing else.

function three(): HubState {
  let s = initialState(100, 30);
  for (const id of ['1', '2', '3']) s = reduce(s, { type: 'agent_added', id, focus: false }).state;
  return reduce(s, { type: 'set_mode', mode: 'normal' }).state;
}

describe('predict', () => {
  it.each<[string, LuaRequest[], Intent[]]>([
    ['a focus', [{ type: 'focus', id: '2' }], [{ type: 'focus', id: '2' }]],
    [
      'a focus and a notice',
      [
        { type: 'focus', id: '3' },
        { type: 'notify', text: 'jumped', level: 'info' },
      ],
      [
        { type: 'focus', id: '3' },
        { type: 'notify', text: 'jumped', level: 'info' },
      ],
    ],
    ['a mode', [{ type: 'set_mode', mode: 'insert' }], [{ type: 'set_mode', mode: 'insert' }]],
  ])('%s: the intents the hub takes, and the state they lead to at that time', (_what, requests, intents) => {
    const s = three();
    const p = predict(s, requests, 5000);
    expect(p?.intents).toEqual(intents);
    let want = s;
    for (const i of intents) want = reduce(want, i, 5000).state;
    expect(p?.state).toEqual(want);
  });

  it('the time it is given is the time the focus left the other agent (seen until then)', () => {
    const p = predict(three(), [{ type: 'focus', id: '2' }], 4321);
    expect(p?.state.seenAt['1']).toBe(4321);
  });

  it.each<[string, LuaRequest[]]>([
    ['nothing asked', []],
    ['a scroll (the agent’s terminal decides how far)', [{ type: 'scroll', lines: 3 }]],
    ['a start (a verb of the hub)', [{ type: 'verb', name: 'new', args: { command: 'cat' } }]],
    ['a kill (a verb)', [{ type: 'verb', name: 'kill', args: { agent: 'id:1' } }]],
    ['a run (the run verb)', [{ type: 'verb', name: 'run', args: { command: 'agent.next' } }]],
    ['a review panel (the agent must be there)', [{ type: 'review', id: '1', mode: 'all' }]],
    [
      'a focus, then something it cannot know',
      [
        { type: 'focus', id: '2' },
        { type: 'scroll', lines: 1 },
      ],
    ],
    ['a word Lua may not use', [{ type: 'bogus' } as unknown as LuaRequest]],
  ])('%s: not predicted (the hub draws it)', (_what, requests) => {
    expect(predict(three(), requests, 1)).toBeNull();
  });
});
