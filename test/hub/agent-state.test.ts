import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/hub/reduce.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import type { AgentState, StateVerdict } from '../../src/hub/agent-state.js';

// The state rules as a table: (state before, who said what, shown?) -> state after.

function hub(state: AgentState, source: StateVerdict['source'] = 'screen'): HubState {
  let s = reduce(initialState(80, 24), { type: 'agent_added', id: 'a', focus: false }, 0).state;
  if (state !== 'running' || source !== 'quiet') {
    const first: StateVerdict =
      state === 'done'
        ? { state: 'running', source: 'screen' }
        : { state, source, reason: state === 'waiting' ? 'Proceed?' : null };
    s = reduce(s, { type: 'agent_state', id: 'a', verdict: first, shown: false }, 1).state;
    if (state === 'done')
      s = reduce(
        s,
        { type: 'agent_state', id: 'a', verdict: { state: 'idle', source: 'screen' }, shown: false },
        2,
      ).state;
  }
  return s;
}

const v = (state: StateVerdict['state'], source: StateVerdict['source'] = 'screen'): StateVerdict => ({
  state,
  source,
});

describe('agent states', () => {
  it.each<[string, AgentState, StateVerdict['source'], StateVerdict, boolean, AgentState]>([
    ['a new agent is running', 'running', 'quiet', v('running', 'quiet'), false, 'running'],
    ['the screen shows a question', 'running', 'screen', v('waiting'), false, 'waiting'],
    ['a turn ends while nobody looks: done', 'running', 'screen', v('idle'), false, 'done'],
    ['a turn ends on screen: idle', 'running', 'screen', v('idle'), true, 'idle'],
    [
      'an agent that started up and went quiet is idle, not done (no turn began)',
      'running',
      'quiet',
      v('idle', 'quiet'),
      false,
      'idle',
    ],
    [
      'a turn seen working ends on quietness alone, unseen: done',
      'running',
      'screen',
      v('idle', 'quiet'),
      false,
      'done',
    ],
    ['done stays done while it is just idle', 'done', 'screen', v('idle'), false, 'done'],
    ['done becomes running when it works again', 'done', 'screen', v('running'), false, 'running'],
    ['waiting answered: running', 'waiting', 'screen', v('running'), false, 'running'],
    ['idle from waiting is not a finished turn', 'waiting', 'screen', v('idle'), false, 'idle'],
    ['a report wins over quietness', 'waiting', 'report', v('idle', 'quiet'), false, 'waiting'],
    ['a report wins over quietness (running)', 'running', 'report', v('idle', 'quiet'), false, 'running'],
    ['a report holds while the screen agrees', 'running', 'report', v('running'), false, 'running'],
    [
      'the screen clearly says otherwise: it wins over a report',
      'running',
      'report',
      v('waiting'),
      false,
      'waiting',
    ],
    [
      'a reported done stays done while the screen shows the prompt',
      'done',
      'report',
      v('idle'),
      false,
      'done',
    ],
    ['a report replaces a report', 'waiting', 'report', v('running', 'report'), false, 'running'],
    ['a reported done that is on screen is idle', 'running', 'screen', v('done', 'report'), true, 'idle'],
    ['a reported done unseen', 'running', 'screen', v('done', 'report'), false, 'done'],
    ['exited is final', 'exited', 'exit', v('running'), false, 'exited'],
    ['exit from any state', 'waiting', 'screen', v('exited', 'exit'), false, 'exited'],
  ])('%s', (_name, before, source, verdict, shown, after) => {
    const s = hub(before, source);
    expect(s.agentStates.a.state).toBe(before);
    const r = reduce(s, { type: 'agent_state', id: 'a', verdict, shown }, 10);
    expect(r.state.agentStates.a.state).toBe(after);
  });

  it('state_since changes with the state only; the change is an agent_state_changed event', () => {
    let s = hub('running', 'quiet');
    expect(s.agentStates.a.since).toBe(0);
    let r = reduce(
      s,
      {
        type: 'agent_state',
        id: 'a',
        verdict: { state: 'waiting', source: 'screen', reason: 'Run `ls`?' },
        shown: false,
      },
      5,
    );
    expect(r.state.agentStates.a).toMatchObject({
      state: 'waiting',
      since: 5,
      reason: 'Run `ls`?',
      source: 'screen',
    });
    expect(r.effects).toEqual([
      {
        type: 'emit',
        event: 'agent_state_changed',
        payload: { id: 'a', from: 'running', to: 'waiting', reason: 'Run `ls`?' },
        subject: 'a',
      },
    ]);
    s = r.state;
    r = reduce(
      s,
      {
        type: 'agent_state',
        id: 'a',
        verdict: { state: 'waiting', source: 'screen', reason: 'Run `pwd`?' },
        shown: false,
      },
      9,
    );
    expect(r.state.agentStates.a).toMatchObject({ since: 5, reason: 'Run `pwd`?' });
    expect(r.effects).toEqual([]);
    expect(
      reduce(
        r.state,
        {
          type: 'agent_state',
          id: 'a',
          verdict: { state: 'waiting', source: 'screen', reason: 'Run `pwd`?' },
          shown: false,
        },
        12,
      ).state,
    ).toBe(r.state);
  });

  it('you typed to it: that turn ending unseen is done, even when only quietness saw it work', () => {
    let s = hub('running', 'quiet');
    s = reduce(s, { type: 'agent_state', id: 'a', verdict: v('idle', 'quiet'), shown: true }, 1).state;
    expect(s.agentStates.a.state).toBe('idle');
    s = reduce(s, { type: 'typed', id: 'a' }, 2).state;
    s = reduce(s, { type: 'agent_state', id: 'a', verdict: v('running', 'quiet'), shown: false }, 3).state;
    expect(s.agentStates.a).toMatchObject({ state: 'running', worked: true });
    s = reduce(s, { type: 'agent_state', id: 'a', verdict: v('idle', 'quiet'), shown: false }, 4).state;
    expect(s.agentStates.a.state).toBe('done');
    // and the next quiet start-up-like burst without typing is no new turn
    s = reduce(s, { type: 'agents_shown', ids: ['a'] }, 5).state;
    s = reduce(s, { type: 'agent_state', id: 'a', verdict: v('running', 'quiet'), shown: false }, 6).state;
    s = reduce(s, { type: 'agent_state', id: 'a', verdict: v('idle', 'quiet'), shown: false }, 7).state;
    expect(s.agentStates.a.state).toBe('idle');
  });

  it('shown to a client, a finished turn is seen: done -> idle', () => {
    const s = hub('done');
    const r = reduce(s, { type: 'agents_shown', ids: ['a', 'ghost'] } as Intent, 20);
    expect(r.state.agentStates.a).toMatchObject({ state: 'idle', since: 20 });
    expect(r.effects[0]).toMatchObject({
      event: 'agent_state_changed',
      payload: { from: 'done', to: 'idle' },
    });
    expect(reduce(r.state, { type: 'agents_shown', ids: ['a'] }, 30).state).toBe(r.state);
  });

  it('verdicts about unknown agents change nothing', () => {
    const s = hub('running');
    expect(reduce(s, { type: 'agent_state', id: 'zz', verdict: v('idle'), shown: false }, 1).state).toBe(s);
  });
});

describe('the session an agent reported', () => {
  it('is kept per agent without drawing anything, and goes with the agent', () => {
    const s = hub('running', 'quiet');
    const set = reduce(s, { type: 'agent_session', id: 'a', session: 'th-1' }, 5);
    expect(set.state.sessions).toEqual({ a: 'th-1' });
    expect(set.dirty.tree).toBe(false);
    expect(reduce(set.state, { type: 'agent_session', id: 'a', session: 'th-1' }, 6).state).toBe(set.state);
    expect(reduce(s, { type: 'agent_session', id: 'nobody', session: 'x' }, 6).state.sessions).toEqual({});
    expect(reduce(set.state, { type: 'agent_removed', id: 'a' }, 7).state.sessions).toEqual({});
  });
});
