import { describe, expect, it } from 'vitest';
import { crashLoop } from '../../src/client/reattach.js';
import { tempHome } from '../support/homes.js';

// The client's count of lost servers (src/client/reattach.ts): the third loss within a minute
// stops it; a dying server's socket can take one more connection and close it, which is the same
// loss, not a second one.

describe('crashLoop', () => {
  it('stops at the third loss within a minute', () => {
    const home = tempHome();
    const t = 1_000_000;
    expect(crashLoop(home, 'lost', t)).toBe(false);
    expect(crashLoop(home, 'lost', t + 1000)).toBe(false);
    expect(crashLoop(home, 'lost', t + 2000)).toBe(true);
  });

  it('counts a crash the server said as a loss', () => {
    const home = tempHome();
    const t = 3_000_000;
    expect(crashLoop(home, 'crashed', t)).toBe(false);
    expect(crashLoop(home, 'lost', t + 1000)).toBe(false);
    expect(crashLoop(home, 'crashed', t + 2000)).toBe(true);
  });

  it('counts losses moments apart once, a restart never, and forgets after a minute', () => {
    const home = tempHome();
    const t = 2_000_000;
    expect(crashLoop(home, 'lost', t)).toBe(false);
    expect(crashLoop(home, 'lost', t + 3)).toBe(false);
    expect(crashLoop(home, 'restart', t + 500)).toBe(false);
    expect(crashLoop(home, 'lost', t + 1000)).toBe(false);
    // A minute on, those two are forgotten: three more it takes.
    expect(crashLoop(home, 'lost', t + 61_500)).toBe(false);
    expect(crashLoop(home, 'lost', t + 62_500)).toBe(false);
    expect(crashLoop(home, 'lost', t + 63_500)).toBe(true);
  });
});
