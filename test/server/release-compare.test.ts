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

  it('newer: an upgrade is waiting, with how to restart keeping the session; older: says so', () => {
    expect(upgradeNotice('0.2.0', '0.1.0')).toMatch(
      /^an upgrade is waiting: botster-tui 0\.2\.0 is installed, this hub server runs 0\.1\.0; restart the server when it suits you: botster-tui kill-server \(it saves the session\), then botster-tui --restore/,
    );
    expect(upgradeNotice('0.1.0', '0.2.0')).toMatch(
      /^this client is botster-tui 0\.1\.0, older than the hub server's 0\.2\.0; restart/,
    );
  });
});
