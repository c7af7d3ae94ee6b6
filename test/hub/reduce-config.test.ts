import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/hub/reduce.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import { dirtyViews } from '../../src/hub/reduce-clients.js';

// A configuration going live is one fact, its generation (src/hub/configuration.ts): the frames
// draw again because the state changed, and the `configured` effect has each part read it.

/** Generation 2 live, Lua paused by a stall; `error`: the error shown. */
function live(error: string | null = null): HubState {
  const s = initialState(80, 24);
  return { ...s, configGeneration: 2, configError: error, lua: { pausedUntil: 5000, backoffMs: 2000 } };
}

type Row = [
  string,
  HubState,
  Intent,
  {
    generation: number;
    error: string | null;
    paused: boolean;
    effects: unknown[];
    tree: boolean;
  },
];

/** A load that goes live as generation 3: `error` shown, Lua `paused` or not, the parts told (after `logged`). */
function goesLive(error: string | null, paused = false, logged: unknown[] = []): Row[3] {
  return {
    generation: 3,
    error,
    paused,
    effects: [...logged, { type: 'configured', generation: 3 }],
    tree: true,
  };
}

describe('config_loaded: a configuration goes live as one fact', () => {
  it.each<Row>([
    [
      'a load that works: the next generation, the error gone, Lua going again, the parts told',
      live('user/layout.lua:3: boom'),
      { type: 'config_loaded', generation: 3, error: null },
      goesLive(null),
    ],
    [
      'the same again is still a new configuration (its handles are new): drawn and read again',
      live(),
      { type: 'config_loaded', generation: 3, error: null },
      goesLive(null),
    ],
    [
      'the shipped defaults standing in for a broken first file: live, its error still shown (logged once)',
      live(),
      { type: 'config_loaded', generation: 3, error: 'user/init.lua:1: nope' },
      goesLive('user/init.lua:1: nope', false, [
        { type: 'log', level: 'error', text: 'user/init.lua:1: nope' },
      ]),
    ],
    [
      'a worker restored after a stall: a new generation, Lua paused until its backoff is up',
      live('user/layout.lua:3: boom'),
      { type: 'config_loaded', generation: 3, error: 'user/layout.lua:3: boom', restored: true },
      goesLive('user/layout.lua:3: boom', true),
    ],
    [
      'an older build that finished late changes nothing (the newer stays live)',
      live(),
      { type: 'config_loaded', generation: 2, error: null },
      { generation: 2, error: null, paused: true, effects: [], tree: false },
    ],
  ])('%s', (_name, before, intent, want) => {
    const r = reduce(before, intent);
    expect(r.state.configGeneration).toBe(want.generation);
    expect(r.state.configError).toBe(want.error);
    expect(r.state.lua.pausedUntil > 0).toBe(want.paused);
    expect(r.effects).toEqual(want.effects);
    expect(r.dirty).toEqual({ tree: want.tree, urgent: want.tree });
  });

  it('every client frame draws again because the generation changed (nothing invalidates by hand)', () => {
    const before = live();
    const after = reduce(before, { type: 'config_loaded', generation: 3, error: null }).state;
    expect(dirtyViews(before, after)).toBe('all');
  });

  it('a broken file is not a generation: the last good configuration stays live, its error shown', () => {
    const r = reduce(live(), { type: 'config_error', error: 'user/layout.lua:7: unexpected symbol' });
    expect(r.state.configGeneration).toBe(2);
    expect(r.state.configError).toBe('user/layout.lua:7: unexpected symbol');
    expect(r.effects.some((e) => e.type === 'configured')).toBe(false);
  });
});
