import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, pluginFolder } from '../support/verb-hubs.js';
import { readLock } from '../../src/plugins/lock.js';
import { until } from '../support/wait.js';

// plugin.add: the plugin plugin.fetch showed, installed by its token with what you granted; it
// loads (the lock is watched). Its token serves once. Yours alone.

const hubs = useHub();

describe('plugin.add', { timeout: 60_000 }, () => {
  it('installs the fetched plugin with the grant you give; it loads', async () => {
    const hub = await hubs.watched({});
    const dir = pluginFolder('greeter', 'keys.bind("normal", "F6", function(app) app:notify("hi") end)\n', [
      'keys',
    ]);
    const { token } = await askVerb(hub, 'plugin.fetch', { source: dir });
    expect(
      await askVerb(hub, 'plugin.add', { token, grant: ['keys'] }, { kind: 'agent', id: '1' }),
    ).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'plugin.add', { token, grant: ['keys'] })).toEqual({
      ok: true,
      said: expect.stringMatching(/^plugin greeter 1\.0\.0 .*added, granted keys$/),
    });
    expect(readLock(hub.opts.home).plugins.greeter).toMatchObject({ granted: ['keys'], enabled: true });
    await until('its key loads', () => hub.bindings.some((b) => b.spec === 'f6' || b.spec === 'F6'));
    expect(await askVerb(hub, 'plugin.add', { token, grant: [] })).toMatchObject({
      ok: false,
      reason: 'failed',
      error: 'that plugin is no longer waiting (fetch it again)',
    });
  });
});
