// An agent's own report against what its screen reads (src/status/disagreements.ts): when the
// screen is kept as a pending case, and when a disagreement does not count.
import { describe, expect, it } from 'vitest';
import { DISAGREE_MS, Disagreements, REPORT_WINDOW_MS } from '../../src/status/disagreements.js';

const idle = { state: 'idle' as const, adapter: 'claude', rule: 'quiet 1.5s' };
const waiting = { state: 'waiting' as const, adapter: 'claude', rule: 'permission dialog' };
const running = { state: 'running' as const, adapter: 'claude', rule: 'spinner' };

describe('Disagreements', () => {
  it('keeps the screen of the first reading against the report, not the one 3 s later', () => {
    const d = new Disagreements();
    d.reported('1', 'waiting', null, 0);
    expect(d.screen('1', idle, 100, 'first frame')).toBeNull();
    expect(d.screen('1', idle, 1000, 'later frame')).toBeNull();
    expect(d.screen('1', idle, 100 + DISAGREE_MS, 'frame 3 s in')).toMatchObject({
      first: 'first frame',
      since: 100,
    });
    // A new reading starts its own disagreement, with its own first frame.
    const e = new Disagreements();
    e.reported('1', 'idle', null, 0);
    e.screen('1', running, 0, 'running frame');
    e.screen('1', waiting, 500, 'waiting frame');
    expect(e.screen('1', waiting, 500 + DISAGREE_MS, 'x')).toMatchObject({ first: 'waiting frame' });
  });

  it.each([
    // [report, the screen's readings as [ms after the report, reading], kept at (ms) or null]
    [
      'waiting',
      [
        [0, idle],
        [1000, idle],
        [DISAGREE_MS, idle],
      ],
      DISAGREE_MS,
    ],
    [
      'waiting',
      [
        [0, idle],
        [DISAGREE_MS - 1, idle],
      ],
      null,
    ], // not long enough
    [
      'waiting',
      [
        [0, idle],
        [1000, waiting],
        [2000, idle],
        [4000, idle],
      ],
      null,
    ], // it agreed between: starts again at 2000
    [
      'waiting',
      [
        [0, idle],
        [1000, waiting],
        [2000, idle],
        [2000 + DISAGREE_MS, idle],
      ],
      2000 + DISAGREE_MS,
    ],
    [
      'done',
      [
        [0, idle],
        [5000, idle],
      ],
      null,
    ], // done is idle on the screen
    [
      'running',
      [
        [0, idle],
        [DISAGREE_MS, idle],
      ],
      DISAGREE_MS,
    ], // working, the screen shows none of it
    [
      'idle',
      [
        [0, running],
        [1000, waiting],
        [1000 + DISAGREE_MS, waiting],
      ],
      1000 + DISAGREE_MS,
    ], // another reading: its own time
    [
      'waiting',
      [
        [REPORT_WINDOW_MS - 1000, idle],
        [REPORT_WINDOW_MS + 3000, idle],
      ],
      null,
    ], // the report is too old
  ] as const)('report %s, screen %j: kept at %s', (report, reads, keptAt) => {
    const d = new Disagreements();
    d.reported('1', report, null, 0);
    let kept: number | null = null;
    for (const [at, read] of reads) {
      const r = d.screen('1', read, at);
      if (r && kept === null) {
        kept = at;
        d.keptAs('1', 'claude-1');
      }
    }
    expect(kept).toBe(keptAt);
  });

  it('once per report; the user typing ends it; a new report starts over', () => {
    const d = new Disagreements();
    d.reported('1', 'waiting', 'permission: Bash', 0);
    d.screen('1', idle, 0);
    expect(d.screen('1', idle, DISAGREE_MS)).toMatchObject({
      report: { state: 'waiting', reason: 'permission: Bash' },
      screen: idle,
      since: 0,
    });
    d.keptAs('1', 'claude-1');
    expect(d.screen('1', idle, DISAGREE_MS + 500)).toBeNull();
    expect(d.now('1', DISAGREE_MS + 500)).toMatchObject({ kept: 'claude-1' });
    d.typed('1');
    expect(d.now('1', DISAGREE_MS + 600)).toBeNull();
    expect(d.screen('1', idle, 9000)).toBeNull();
    d.reported('1', 'waiting', null, 10_000);
    d.screen('1', idle, 10_000);
    expect(d.screen('1', idle, 10_000 + DISAGREE_MS)).not.toBeNull();
    expect(d.screen('2', idle, 0)).toBeNull(); // never reported
  });
});
