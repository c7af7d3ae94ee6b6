import { describe, expect, it } from 'vitest';
import { compareReleases, upgradeNotice } from '../../src/wire/version.js';

describe('a client of another release', () => {
  it.each([
    ['0.2.0', '0.1.0', 1],
    ['0.1.0', '0.1.0', 0],
    ['0.1.9', '0.1.10', -1],
    ['1.0.0', '0.99.99', 1],
    ['0.2.0-beta.1', '0.2.0-beta.2', -1],
  ])('%s against %s: %i', (a, b, want) => {
    expect(compareReleases(a, b)).toBe(want);
  });

  it('newer: an upgrade is waiting, naming botster-tui upgrade (the agents carry on); older: says so', () => {
    expect(upgradeNotice('0.2.0', '0.1.0')).toBe(
      'an upgrade is waiting: botster-tui 0.2.0 is installed, this hub server runs 0.1.0; botster-tui upgrade hands the hub over to it when it suits you (the agents carry on as they run)',
    );
    expect(upgradeNotice('0.1.0', '0.2.0')).toMatch(
      /^this client is botster-tui 0\.1\.0, older than the hub server's 0\.2\.0; botster-tui upgrade/,
    );
  });
});
