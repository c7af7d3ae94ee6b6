import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { addedPlugin, askVerb, pluginFolder } from '../support/verb-hubs.js';
import { readLock } from '../../src/plugins/lock.js';

// plugin.update: an installed plugin fetched again from its source (here its folder, changed).

const hubs = useHub();

describe('plugin.update', { timeout: 60_000 }, () => {
  it('fetches it again; one not installed is why not', async () => {
    const hub = await hubs.real({});
    const dir = pluginFolder('greeter', '-- v1\n', ['keys']);
    await addedPlugin(hub, dir, ['keys']);
    fs.writeFileSync(
      path.join(dir, 'plugin.json'),
      JSON.stringify({ name: 'greeter', version: '1.1.0', capabilities: ['keys'] }),
    );
    expect(await askVerb(hub, 'plugin.update', { name: 'greeter' })).toMatchObject({
      ok: true,
      said: expect.stringMatching(/1\.1\.0/),
    });
    expect(readLock(hub.opts.home).plugins.greeter.version).toBe('1.1.0');
    expect(await askVerb(hub, 'plugin.update', { name: 'nobody' })).toMatchObject({
      ok: false,
      reason: 'failed',
    });
  });
});
