import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { addedPlugin, askVerb, pluginFolder } from '../support/verb-hubs.js';
import { readLock } from '../../src/plugins/lock.js';
import { until } from '../support/wait.js';

// plugin.enable: a disabled plugin loads again (its line in the lock); yours alone.

const hubs = useHub();

describe('plugin.enable', { timeout: 60_000 }, () => {
  it('loads a disabled plugin again', async () => {
    const hub = await hubs.watched({});
    await addedPlugin(
      hub,
      pluginFolder('greeter', 'keys.bind("normal", "F6", function(app) end)\n', ['keys']),
      ['keys'],
    );
    await askVerb(hub, 'plugin.disable', { name: 'greeter' });
    await until('its key is gone', () => !hub.bindings.some((b) => /^f6$/i.test(b.spec)));
    expect(
      await askVerb(hub, 'plugin.enable', { name: 'greeter' }, { kind: 'project', path: '/r' }),
    ).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'plugin.enable', { name: 'greeter' })).toEqual({
      ok: true,
      said: 'plugin greeter enabled',
    });
    expect(readLock(hub.opts.home).plugins.greeter.enabled).toBe(true);
    await until('its key is back', () => hub.bindings.some((b) => /^f6$/i.test(b.spec)));
    expect(await askVerb(hub, 'plugin.enable', { name: 'nobody' })).toMatchObject({
      ok: false,
      reason: 'failed',
    });
  });
});
