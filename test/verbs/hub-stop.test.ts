import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// hub.stop: the hub and its agents stop (a before_quit handler may refuse); Lua's app:quit and a
// key bound to the palette's older id app.stop are this verb.

const hubs = useHub();

describe('hub.stop', { timeout: 60_000 }, () => {
  it('stops the hub, unless a before_quit handler refuses; your improvements may, an agent may not', async () => {
    const stops: string[] = [];
    const hub = await hubs.real({ onQuit: () => stops.push('stop') });
    expect(await askVerb(hub, 'hub.stop', {}, { kind: 'agent', id: '1' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(stops).toEqual([]);
    expect(await askVerb(hub, 'hub.stop', {}, { kind: 'improvement', name: 'i' })).toEqual({ ok: true });
    expect(stops).toEqual(['stop']);
    const refusing = await hubs.real({
      files: { 'user/hooks.lua': 'hooks.on("before_quit", function() return false, "not now" end)' },
      onQuit: () => stops.push('refused one'),
    });
    expect(await askVerb(refusing, 'hub.stop')).toEqual({ ok: true });
    await until('it says why not', () => /quit cancelled: .*not now/.test(refusing.state.notice?.text ?? ''));
    expect(stops).toEqual(['stop']);
  });

  it('a key bound to its older id (app.stop), and app:quit, stop the hub', async () => {
    const stops: string[] = [];
    const hub = await hubs.real({
      files: {
        'user/keybindings.lua':
          'keys.bind("normal", "Q", "app.stop")\nkeys.bind("normal", "F7", function(app) app:quit() end)',
      },
      onQuit: () => stops.push('stop'),
    });
    expect(hub.bindings.find((b) => b.spec === 'Q')?.action).toEqual({ kind: 'command', id: 'hub.stop' });
    hub.input('\x07Q');
    await until('Q stopped it', () => stops.length === 1);
    hub.input('\x1b[18~');
    await until('app:quit stopped it', () => stops.length === 2);
  });
});
