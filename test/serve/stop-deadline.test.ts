import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STOP_DEADLINE_MS, StopDeadline } from '../../src/serve/stop-deadline.js';

// A server that must stop is gone within the deadline whatever its stop waits on, and a signal
// while it stops ends it at once (src/serve/stop-deadline.ts; server-stops.test.ts runs the real
// process). The clock is a fake one: nothing here waits.

describe('the stop deadline', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('a stop that hangs ends the process at the deadline, naming what it waited on', () => {
    const exits: Array<[number, string]> = [];
    const d = new StopDeadline((code, why) => exits.push([code, why]));
    d.begin(1);
    d.at('closing the web');
    d.begin(0); // (a second stop changes nothing)
    vi.advanceTimersByTime(STOP_DEADLINE_MS - 1);
    expect(exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(exits).toEqual([[1, `stopping took over ${STOP_DEADLINE_MS} ms (at: closing the web)`]]);
  });

  it('a signal starts the stop as usual, and one while it stops ends the process at once', () => {
    const exits: Array<[number, string]> = [];
    const d = new StopDeadline((code, why) => exits.push([code, why]));
    expect(d.signal('SIGTERM', 143)).toBe(false);
    expect(exits).toEqual([]);
    d.begin(1);
    d.at('stopping the agents');
    expect(d.signal('SIGTERM', 143)).toBe(true);
    expect(exits).toEqual([[143, 'SIGTERM while stopping (at: stopping the agents)']]);
  });
});
