import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { addedPlugin, askVerb, pluginFolder } from '../support/verb-hubs.js';
import { readLock } from '../../src/plugins/lock.js';
import { until } from '../support/wait.js';

// plugin.disable: an installed plugin stays installed and loads no more; yours alone.

const hubs = useHub();

describe('plugin.disable', { timeout: 60_000 }, () => {
  it('keeps it installed, loading it no more', async () => {
    const hub = await hubs.watched({});
    await addedPlugin(
      hub,
      pluginFolder('greeter', 'keys.bind("normal", "F6", function(app) end)\n', ['keys']),
      ['keys'],
    );
    await until('its key loads', () => hub.bindings.some((b) => /^f6$/i.test(b.spec)));
    expect(
      await askVerb(hub, 'plugin.disable', { name: 'greeter' }, { kind: 'agent', id: '1' }),
    ).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'plugin.disable', { name: 'greeter' })).toEqual({
      ok: true,
      said: 'plugin greeter disabled',
    });
    expect(readLock(hub.opts.home).plugins.greeter).toMatchObject({ enabled: false });
    await until('its key is gone', () => !hub.bindings.some((b) => /^f6$/i.test(b.spec)));
  });
});
