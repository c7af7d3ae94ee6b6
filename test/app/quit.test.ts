import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { press, startHub, tempHome, waitForFrame } from './helpers.js';

// app.quit (q) asks whether to detach or stop (settings.on_quit); the asking is lua/default/dialogs.lua.

let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

async function closed(h: Hub): Promise<void> {
  const end = Date.now() + 5000;
  while (h.state.client.overlay !== null) {
    if (Date.now() > end) throw new Error('the dialog never closed');
    await new Promise((r) => setTimeout(r, 20));
    await h.whenIdle();
  }
}

async function quitHub(files: Record<string, string> = {}) {
  const calls: string[] = [];
  hub = await startHub({
    home: tempHome(files),
    agents: [{ command: 'cat' }],
    onQuit: () => calls.push('stop'),
    detach: () => (calls.push('detach'), true),
  });
  return { hub, calls };
}

describe('app.quit asks', () => {
  it('q asks; escape and "cancel" go back; detach detaches; stop stops', async () => {
    const { hub, calls } = await quitHub();
    await press(hub, '\x07q');
    await waitForFrame(hub, /Quit: detach or stop the agents\?[\s\S]*detach[\s\S]*agents keep running[\s\S]*stop[\s\S]*cancel/);
    await press(hub, '\x1b'); // escape (alone: the parser waits a moment for a sequence)
    await closed(hub);
    await press(hub, 'q');
    await waitForFrame(hub, /Quit: detach/);
    await press(hub, 'cancel\r');
    expect(hub.state.client.overlay).toBeNull();
    expect(calls).toEqual([]);

    await press(hub, 'q');
    await waitForFrame(hub, /Quit: detach/);
    await press(hub, '\r'); // the first choice is the one that loses nothing
    expect(calls).toEqual(['detach']);

    await press(hub, 'q');
    await waitForFrame(hub, /Quit: detach/);
    await press(hub, 'stop\r');
    expect(calls).toEqual(['detach', 'stop']);
  });

  it('before_quit can still refuse the stop', async () => {
    const { hub, calls } = await quitHub({ 'user/hooks.lua': 'hooks.on("before_quit", function() return false, "not now" end)' });
    await press(hub, '\x07q');
    await waitForFrame(hub, /Quit: detach/);
    await press(hub, 'stop\r');
    await waitForFrame(hub, /quit cancelled: .*not now/);
    expect(calls).toEqual([]);
  });

  it('settings.on_quit = "stop" or "detach" skips the question; app.stop always stops', async () => {
    const stop = await quitHub({ 'user/keybindings.lua': 'settings.on_quit = "stop"' });
    await press(stop.hub, '\x07q');
    expect(stop.calls).toEqual(['stop']);
    await stop.hub.dispose();

    const detach = await quitHub({ 'user/keybindings.lua': 'settings.on_quit = "detach"\nkeys.bind("normal", "Q", "app.stop")' });
    await press(detach.hub, '\x07q');
    expect(detach.calls).toEqual(['detach']);
    expect(detach.hub.state.client.overlay).toBeNull();
    await press(detach.hub, 'Q');
    expect(detach.calls).toEqual(['detach', 'stop']);
  });

  it('a bad on_quit is an error at its line and the question stays', async () => {
    const { hub, calls } = await quitHub({ 'user/keybindings.lua': '-- quit\nsettings.on_quit = "leave"' });
    await waitForFrame(hub, /keybindings\.lua:2: settings\.on_quit must be "ask", "stop" or "detach",\s+got "leave"/);
    await press(hub, '\x07q');
    await waitForFrame(hub, /Quit: detach/);
    expect(calls).toEqual([]);
  });

  it('while Lua cannot run, the built-in app.quit still asks (with the palette) instead of stopping', async () => {
    const { hub, calls } = await quitHub();
    hub.dispatch({ type: 'lua_stalled', now: performance.now() });
    await press(hub, '\x07q');
    await waitForFrame(hub, /Quit: detach or stop the agents\?[\s\S]*client\.detach[\s\S]*app\.stop/);
    expect(calls).toEqual([]);
    await press(hub, 'app.stop\r');
    expect(calls).toEqual(['stop']);
  });
});
