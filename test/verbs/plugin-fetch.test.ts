import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, pluginFolder } from '../support/verb-hubs.js';
import { readLock } from '../../src/plugins/lock.js';

// plugin.fetch: a plugin fetched (here a folder) and shown before anything is granted: what it is,
// what it asks for and what its code does; nothing is installed. Yours alone.

const hubs = useHub();

describe('plugin.fetch', { timeout: 60_000 }, () => {
  it('shows what a plugin is and asks for, installing nothing', async () => {
    const hub = await hubs.real({});
    const dir = pluginFolder('greeter', 'keys.bind("normal", "F6", function(app) app:notify("hi") end)\n', [
      'keys',
    ]);
    const shown = await askVerb(hub, 'plugin.fetch', { source: dir });
    expect(shown).toMatchObject({
      ok: true,
      token: expect.stringMatching(/^[0-9a-f]{16}$/),
      name: 'greeter',
      version: '1.0.0',
      wants: [{ name: 'keys', what: 'bind keys and key tables' }],
      installed: false,
    });
    expect(shown.card).toEqual(expect.arrayContaining([expect.stringMatching(/binds keys?/)]));
    expect(readLock(hub.opts.home).plugins).toEqual({});
    expect(
      await askVerb(hub, 'plugin.fetch', { source: dir }, { kind: 'improvement', name: 'i' }),
    ).toMatchObject({
      ok: false,
      refused: expect.stringMatching(/improvement i cannot change plugins/),
    });
    expect(await askVerb(hub, 'plugin.fetch', { source: `${dir}-nowhere` })).toMatchObject({
      ok: false,
      reason: 'failed',
      error: expect.stringMatching(/no such folder/),
    });
  });
});
