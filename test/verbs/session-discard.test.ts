import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, diedHome } from '../support/verb-hubs.js';
import { crashedPath, previousPath, readSessionFile } from '../../src/lifecycle/session-file.js';

// session.discard: a fresh start; the agents of the hub that died stay recorded in
// session.previous.json, and nothing is on offer any more.

const hubs = useHub();

describe('session.discard', { timeout: 60_000 }, () => {
  it('drops the offer, keeping its record', async () => {
    const hub = await hubs.real({ home: diedHome() });
    const home = hub.opts.home;
    expect(await askVerb(hub, 'session.discard')).toEqual({
      ok: true,
      said: `started fresh; the agents of the hub that died are recorded in ${previousPath(home)}`,
    });
    expect(fs.existsSync(crashedPath(home))).toBe(false);
    expect(readSessionFile(previousPath(home))?.agents.map((a) => a.name)).toEqual(['old']);
    expect(hub.agents.get('4')).toBeUndefined();
    expect(await askVerb(hub, 'session.discard')).toEqual({ ok: true, said: 'no conversations on offer' });
  });
});
