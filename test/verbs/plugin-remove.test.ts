import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { addedPlugin, askVerb, pluginFolder } from '../support/verb-hubs.js';
import { readLock } from '../../src/plugins/lock.js';

// plugin.remove: a plugin off the lock and out of the home; yours alone.

const hubs = useHub();

describe('plugin.remove', { timeout: 60_000 }, () => {
  it('removes an installed plugin; one not installed is why not', async () => {
    const hub = await hubs.real({});
    await addedPlugin(hub, pluginFolder('greeter', '-- nothing\n', []), []);
    expect(
      await askVerb(hub, 'plugin.remove', { name: 'greeter' }, { kind: 'improvement', name: 'i' }),
    ).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'plugin.remove', { name: 'greeter' })).toMatchObject({
      ok: true,
      said: expect.stringMatching(/greeter/),
    });
    expect(readLock(hub.opts.home).plugins).toEqual({});
    expect(await askVerb(hub, 'plugin.remove', { name: 'greeter' })).toMatchObject({
      ok: false,
      reason: 'failed',
    });
  });
});
