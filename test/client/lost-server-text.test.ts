import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentsAfterLoss, lostServerText } from '../../src/client/server-log.js';

// What a client that cannot reattach (botster-tui attach) says of a server lost: the keepers
// still hold the agents, unless keepers are off (then the agents went with the server).

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

describe('a lost server, said', () => {
  it('names the keepers that still hold the agents, or the SIGHUP they got without keepers', () => {
    expect(agentsAfterLoss({})).toBe(
      'its agents are still kept: botster-tui starts a server that adopts them',
    );
    expect(agentsAfterLoss({ BOTSTER_KEEPER: 'off' })).toBe('its agents got SIGHUP');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lost home '));
    homes.push(home);
    const was = process.env.BOTSTER_KEEPER;
    delete process.env.BOTSTER_KEEPER;
    try {
      expect(lostServerText(home, 0)).toBe(
        `lost the hub server (it was killed or crashed; its agents are still kept: botster-tui starts a server that adopts them). See ${home}/logs/hub.log and logs/server.log`,
      );
    } finally {
      if (was !== undefined) process.env.BOTSTER_KEEPER = was;
    }
  });
});
