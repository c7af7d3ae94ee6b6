import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/hub/reduce.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import { appData } from '../../src/hub/app-data.js';
import { fromLua } from '../../src/hub/requests-from-lua.js';
import type { AgentFacts } from '../../src/hub/facts.js';

// The compare panel as state (one client's view): agents side by side, the selected column, each
// column's scroll; app.compare is its projection with each column's diff summary.

const facts = (name: string): AgentFacts => ({
  name,
  command: 'cat',
  cwd: '/work',
  title: '',
  exit_code: null,
  signal: null,
  program: 'cat',
});

function run(state: HubState, ...intents: Intent[]): HubState {
  return intents.reduce((s, i) => reduce(s, i).state, state);
}

const three = () =>
  run(
    initialState(120, 40),
    ...['1', '2', '3'].map((id): Intent => ({
      type: 'agent_added',
      id,
      focus: false,
      facts: facts(`a${id}`),
    })),
  );

describe('the compare panel', () => {
  it('opens on agents with one selected; selecting clamps to the columns; closing drops it', () => {
    let s = run(three(), { type: 'compare_open', agents: ['2', '3'], mode: 'all', selected: 1 });
    expect(s.client.compare).toEqual({ agents: ['2', '3'], selected: 1, tops: [0, 0], mode: 'all' });
    s = run(s, { type: 'compare_select', index: 7 });
    expect(s.client.compare?.selected).toBe(1);
    s = run(s, { type: 'compare_select', index: -2 });
    expect(s.client.compare?.selected).toBe(0);
    s = run(s, { type: 'compare_close' });
    expect(s.client.compare).toBeNull();
    expect(appData(s).compare).toBeUndefined();
  });

  it('scrolls each column by its own count within its own document', () => {
    let s = run(three(), { type: 'compare_open', agents: ['1', '2', '3'], mode: 'all', selected: 0 });
    s = run(s, { type: 'compare_scroll', lines: [5, 5, 5], max: [3, 10, -4] });
    expect(s.client.compare?.tops).toEqual([3, 5, 0]);
    s = run(s, { type: 'compare_scroll', lines: [0, -9, 2], max: [3, 10, -4] });
    expect(s.client.compare?.tops).toEqual([3, 0, 0]);
    // Opened again on the same agents, the columns stay where they were.
    s = run(s, { type: 'compare_open', agents: ['3', '1'], mode: 'all', selected: 0 });
    expect(s.client.compare?.tops).toEqual([0, 3]);
  });

  it("app.compare has each column's diff summary, 1-based selected", () => {
    let s = run(three(), { type: 'compare_open', agents: ['1', '2'], mode: 'all', selected: 1 });
    s = run(s, {
      type: 'review_facts',
      agent: '2',
      mode: 'all',
      summary: {
        lines: 12,
        files: 2,
        added: 5,
        removed: 1,
        against: 'main',
        loading: false,
        error: null,
        version: 1,
      },
    });
    expect(appData(s).compare).toEqual({
      mode: 'all',
      selected: 2,
      columns: [
        expect.objectContaining({ agent: '1', top: 0, loading: true }),
        {
          agent: '2',
          top: 0,
          lines: 12,
          files: 2,
          added: 5,
          removed: 1,
          against: 'main',
          loading: false,
          error: null,
        },
      ],
    });
  });

  it('an agent that goes away leaves the panel (the selection stays on the same agent); the last one closes it', () => {
    let s = run(three(), { type: 'compare_open', agents: ['1', '2', '3'], mode: 'all', selected: 2 });
    s = run(s, { type: 'compare_scroll', lines: [1, 2, 3], max: [9, 9, 9] });
    s = run(s, { type: 'agent_removed', id: '2' });
    expect(s.client.compare).toEqual({ agents: ['1', '3'], selected: 1, tops: [1, 3], mode: 'all' });
    s = run(s, { type: 'agent_removed', id: '1' }, { type: 'agent_removed', id: '3' });
    expect(s.client.compare).toBeNull();
  });

  it("Lua's requests are checked field by field", () => {
    expect(fromLua({ type: 'compare', ids: ['1', 2], mode: 'x', selected: 2 })).toEqual({
      type: 'compare',
      ids: ['1', '2'],
      mode: 'all',
      selected: 2,
    });
    expect(fromLua({ type: 'compare', mode: 'uncommitted' })).toEqual({
      type: 'compare',
      mode: 'uncommitted',
      selected: 1,
    });
    expect(fromLua({ type: 'compare', ids: 'nope' })).toBeNull();
    expect(fromLua({ type: 'compare_scroll', lines: 2, pages: 1, selected: true })).toEqual({
      type: 'compare_scroll',
      lines: 2,
      pages: false,
      selected: true,
    });
    expect(fromLua({ type: 'compare_jump', to: 'sideways' })).toBeNull();
    expect(fromLua({ type: 'compare_select', index: Number.NaN })).toBeNull();
  });
});
