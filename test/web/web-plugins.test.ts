import { describe, expect, it } from 'vitest';
import { get, webHubs } from '../support/web/web-hub.js';

// A plugin adds pages only when its user granted it `web`; without it, routes.get is an error that
// names the capability (the plugin stays off, as with any capability it lacks) and none of its
// routes answers.

const start = webHubs();

const plugin = (name: string, caps: string[], lua: string): Record<string, string> => ({
  [`plugins/${name}/plugin.json`]: JSON.stringify({ name, version: '1.0.0', capabilities: caps }),
  [`plugins/${name}/init.lua`]: lua,
});
const entry = (name: string, wants: string[], granted: string[]) => ({
  [name]: { kind: 'folder', source: `/${name}`, version: '1.0.0', wants, granted, enabled: true },
});

describe('web: plugins', () => {
  it('a plugin granted web answers its route; one without the grant adds none', async () => {
    const route = (path: string) =>
      `routes.get("${path}", function(req, app) return { from = "${path}", agents = #app.agents } end)\n`;
    const w = await start([{ command: 'cat' }], {
      'plugins/lock.json': JSON.stringify({
        plugins: { ...entry('webby', ['web'], ['web']), ...entry('sneaky', ['web', 'hooks'], ['hooks']) },
      }),
      ...plugin('webby', ['web'], route('/webby')),
      ...plugin(
        'sneaky',
        ['web', 'hooks'],
        `pcall(routes.get, "/quiet", function() return {} end)\n${route('/sneaky')}`,
      ),
    });
    const { cookie } = await w.login();
    const ok = await get(`${w.base}/webby`, { cookie });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ from: '/webby', agents: 1 });
    expect((await get(`${w.base}/sneaky`, { cookie })).status).toBe(404);
    expect((await get(`${w.base}/quiet`, { cookie })).status).toBe(404);
  });
});
