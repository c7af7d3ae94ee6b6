import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { addedPlugin, askVerb, pluginFolder } from '../support/verb-hubs.js';
import { readLock } from '../../src/plugins/lock.js';

// plugin.grant: an installed plugin granted more of what it asks for; never what it does not ask
// for; yours alone.

const hubs = useHub();

describe('plugin.grant', { timeout: 60_000 }, () => {
  it('grants what it asks for, not more', async () => {
    const hub = await hubs.real({});
    await addedPlugin(hub, pluginFolder('greeter', '-- nothing yet\n', ['keys', 'commands']), []);
    expect(
      await askVerb(
        hub,
        'plugin.grant',
        { name: 'greeter', grant: ['keys'] },
        { kind: 'plugin', name: 'greeter' },
      ),
    ).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'plugin.grant', { name: 'greeter', grant: ['keys'] })).toEqual({
      ok: true,
      said: 'plugin greeter: granted keys',
    });
    expect(await askVerb(hub, 'plugin.grant', { name: 'greeter', grant: ['net'] })).toMatchObject({
      ok: false,
      reason: 'failed',
      error: 'greeter does not ask for net',
    });
    expect(readLock(hub.opts.home).plugins.greeter.granted).toEqual(['keys']);
  });
});
