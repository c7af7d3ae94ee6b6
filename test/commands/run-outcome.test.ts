import { describe, expect, it } from 'vitest';
import { outcomeOf, reportRefusal, reportSaid } from '../../src/commands/run-outcome.js';

// An attempt hears what its own call chain says (through awaits and timers it set), nothing said
// elsewhere at the same time; a run inside a run is heard by both; what its chain says after it
// answered is no one's.

const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

describe('an attempt hears its own call chain only', () => {
  it('two attempts at once each hear their own; what is said outside both is neither', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = outcomeOf(async () => {
      reportSaid('a says', 'info');
      await gate;
      reportSaid('a failed', 'error');
    });
    const b = outcomeOf(async () => {
      await tick(1);
      reportRefusal('b refused');
      reportSaid('b refused', 'error');
    });
    reportSaid('outside', 'error');
    setTimeout(() => {
      reportSaid('a timer outside', 'error');
      release();
    }, 5);
    expect(await a).toEqual({ errors: ['a failed'], refused: [], said: 'a failed' });
    expect(await b).toEqual({ errors: ['b refused'], refused: ['b refused'], said: 'b refused' });
  });

  it('a timer its chain set is its chain; after it answered, what the chain says is no one', async () => {
    let late: Promise<void> = Promise.resolve();
    const out = await outcomeOf(async () => {
      await new Promise<void>((r) => setTimeout(() => (reportSaid('from its timer', 'error'), r()), 1));
      late = tick(5).then(() => reportSaid('after it answered', 'error'));
    });
    await late;
    expect(out).toEqual({ errors: ['from its timer'], refused: [], said: 'from its timer' });
  });

  it('a run inside a run: both hear the inner one; the inner does not hear the outer', async () => {
    let inner;
    const outer = await outcomeOf(async () => {
      reportSaid('outer first', 'error');
      inner = await outcomeOf(async () => {
        await tick();
        reportRefusal('inner refused');
      });
    });
    expect(inner).toEqual({ errors: [], refused: ['inner refused'], said: null });
    expect(outer).toEqual({ errors: ['outer first'], refused: ['inner refused'], said: 'outer first' });
  });
});
