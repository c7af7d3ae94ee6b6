import { describe, expect, it } from 'vitest';
import { until } from '../support/wait.js';
import { get, post, webHubs } from '../support/web/web-hub.js';

// The web's /new offers what `c` (New agent) offers in the hub, from the same list
// (profiles.offered, lua/default/dialogs.lua): the user's shell and the listed profiles, never the
// profile each known CLI defines for its resume (about two dozen, installed or not).

const start = webHubs();

describe('web: /new', () => {
  it('lists what c lists: the shell and your listed profiles; choosing the shell starts it', async () => {
    const w = await start([{ command: 'cat', name: 'one' }], {
      'user/profiles.lua': [
        'profiles.define("mine", { command = "sh", args = { "-c", "exec cat" } })',
        'profiles.define("unlisted", { command = "cat", listed = false })',
      ].join('\n'),
    });
    const { cookie, csrf } = await w.login();
    const page = (await get(`${w.base}/new`, { cookie })).body;
    const offered = [...page.matchAll(/name="profile" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(['shell', 'mine']);

    // The hub's own New agent dialog: the same entries, in the same order.
    w.hub.input('\x07c');
    const overlay = await until('the New agent dialog', () => {
      const o = w.hub.state.client.overlay;
      return o?.kind === 'palette' && o.title === 'New agent' && o;
    });
    expect(overlay.items.map((i) => i.id)).toEqual(offered);
    w.hub.input('\x1b');

    // The shell is a choice like any other; a name c does not offer starts nothing, and says so.
    const refused = await post(w.base, '/new', { profile: 'claude', authenticity_token: csrf }, { cookie });
    expect(refused.headers.location).toBe('/new?note=claude+is+not+offered+here%3A+nothing+was+started');
    const res = await post(w.base, '/new', { profile: 'shell', authenticity_token: csrf }, { cookie });
    expect(res.headers.location).toBe('/');
    const started = await until('the shell started', () =>
      w.hub.agents.list().find((a) => a.info.id !== '1'),
    );
    expect(w.hub.agents.list()).toHaveLength(2);
    expect(started.info.command).toBe(w.hub.state.facts.shell);
  });
});
