import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';

// client.quit: leave as settings.on_quit says: ask with the palette (detach or stop), stop, or
// detach. The dialog q shows while Lua runs is its face (lua/default/dialogs.lua: test/scripted/quit.test.ts).

const hubs = useHub();

describe('client.quit', { timeout: 60_000 }, () => {
  it('asks with the palette by default; settings.on_quit = "stop" or "detach" does it', async () => {
    const calls: string[] = [];
    const opts = { onQuit: () => calls.push('stop'), detach: () => (calls.push('detach'), true) };
    const asking = await hubs.real(opts);
    expect(await askVerb(asking, 'client.quit')).toEqual({ ok: true, did: 'asked' });
    // (asked by nobody at the keys: the question waits until you open it)
    const o = asking.state.questions[0]?.overlay;
    expect(o && { title: o.title, items: o.items.map((i) => i.id) }).toEqual({
      title: 'Quit: detach or stop the agents?',
      items: ['client.detach', 'hub.stop'],
    });
    expect(calls).toEqual([]);
    const stopping = await hubs.real({ ...opts, files: { 'user/hooks.lua': 'settings.on_quit = "stop"' } });
    expect(await askVerb(stopping, 'client.quit')).toEqual({ ok: true, did: 'stop' });
    const detaching = await hubs.real({
      ...opts,
      files: { 'user/hooks.lua': 'settings.on_quit = "detach"' },
    });
    expect(await askVerb(detaching, 'client.quit')).toEqual({ ok: true, did: 'detach' });
    expect(calls).toEqual(['stop', 'detach']);
    expect(await askVerb(detaching, 'client.quit', {}, { kind: 'agent', id: '1' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
  });
});
