import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, diedHome } from '../support/verb-hubs.js';
import { crashedPath } from '../../src/lifecycle/session-file.js';
import { until } from '../support/wait.js';

// session.resume: the agents of a hub that died on this home (its session file on offer) start
// again, each under its own number; nothing on offer says so.

const hubs = useHub();

describe('session.resume', { timeout: 60_000 }, () => {
  it('starts the agents on offer again; then nothing is on offer', async () => {
    const hub = await hubs.real({ home: diedHome() });
    expect(await askVerb(hub, 'session.resume', {}, { kind: 'agent', id: '1' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'session.resume')).toEqual({
      ok: true,
      said: 'resumed 1 agent of the hub that died',
    });
    await until('it runs again, under its own number', () => hub.agents.get('4')?.info.name === 'old');
    expect(fs.existsSync(crashedPath(hub.opts.home))).toBe(false);
    expect(await askVerb(hub, 'session.resume')).toEqual({
      ok: true,
      said: 'no conversations to resume (no hub died on this home)',
    });
  });
});
