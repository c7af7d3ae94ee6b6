import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

// app.quit (q) asks whether to detach or stop (settings.on_quit); the asking is lua/default/dialogs.lua.
// A scripted hub: keys, Lua and dialogs are real; the agent is the test's.

const hubs = useHub();

async function quitHub(files: Record<string, string> = {}) {
  const calls: string[] = [];
  const t = await hubs.scripted({
    files,
    agents: [{ command: 'cat' }],
    onQuit: () => calls.push('stop'),
    detach: () => (calls.push('detach'), true),
  });
  return { t, hub: t.hub, calls };
}

describe('app.quit asks', () => {
  it('q asks; escape and "cancel" go back; detach detaches; stop stops', async () => {
    const { t, hub, calls } = await quitHub();
    await t.press('\x07q');
    await t.frame(
      /Quit: detach or stop the agents\?[\s\S]*detach[\s\S]*agents keep running[\s\S]*stop[\s\S]*cancel/,
    );
    await t.press('\x1b'); // escape (alone: the parser waits a moment for a sequence)
    expect(hub.state.client.overlay).toBeNull();
    await t.press('q');
    await t.frame(/Quit: detach/);
    await t.press('cancel\r');
    expect(hub.state.client.overlay).toBeNull();
    expect(calls).toEqual([]);

    await t.press('q');
    await t.frame(/Quit: detach/);
    await t.press('\r'); // the first choice is the one that loses nothing
    expect(calls).toEqual(['detach']);

    await t.press('q');
    await t.frame(/Quit: detach/);
    await t.press('stop\r');
    expect(calls).toEqual(['detach', 'stop']);
  });

  it('before_quit can still refuse the stop', async () => {
    const { t, hub, calls } = await quitHub({
      'user/hooks.lua': 'hooks.on("before_quit", function() return false, "not now" end)',
    });
    await t.press('\x07q');
    await t.frame(/Quit: detach/);
    await t.press('stop\r');
    await t.frame(/quit cancelled: .*not now/);
    expect(calls).toEqual([]);
  });

  it('settings.on_quit = "stop" or "detach" skips the question; app.stop always stops', async () => {
    const stop = await quitHub({ 'user/keybindings.lua': 'settings.on_quit = "stop"' });
    await stop.t.press('\x07q');
    expect(stop.calls).toEqual(['stop']);
    await stop.hub.dispose();

    const detach = await quitHub({
      'user/keybindings.lua': 'settings.on_quit = "detach"\nkeys.bind("normal", "Q", "app.stop")',
    });
    await detach.t.press('\x07q');
    expect(detach.calls).toEqual(['detach']);
    expect(detach.hub.state.client.overlay).toBeNull();
    await detach.t.press('Q');
    expect(detach.calls).toEqual(['detach', 'stop']);
  });

  it('a bad on_quit is an error at its line and the question stays', async () => {
    const { t, hub, calls } = await quitHub({
      'user/keybindings.lua': '-- quit\nsettings.on_quit = "leave"',
    });
    await t.frame(/keybindings\.lua:2: settings\.on_quit must be "ask", "stop" or "detach",\s+got "leave"/);
    await t.press('\x07q');
    await t.frame(/Quit: detach/);
    expect(calls).toEqual([]);
  });

  it('while Lua cannot run, the built-in app.quit still asks (with the palette) instead of stopping', async () => {
    const { t, hub, calls } = await quitHub();
    hub.dispatch({ type: 'lua_stalled', now: hub.clock.now() });
    await t.press('\x07q');
    await t.frame(/Quit: detach or stop the agents\?[\s\S]*client\.detach[\s\S]*hub\.stop/);
    // (typing its older id finds it too)
    expect(calls).toEqual([]);
    await t.press('app.stop\r');
    expect(calls).toEqual(['stop']);
  });
});
