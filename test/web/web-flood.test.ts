import { describe, expect, it } from 'vitest';
import { sleep, until } from '../wait.js';
import { socket, webHubs } from './web-hub.js';

// A page that reads slower than its agent floods is not sent the flood: past 1 MB queued it gets
// nothing more, and once it drains, the agent's whole screen again (the hub's memory stays bounded).

const start = webHubs();

describe('web: a slow page on a flooding agent', () => {
  it('skips what the page could not take and sends the screen again', async () => {
    const w = await start([
      {
        command: `sh -c 'read a; head -c 16000000 /dev/zero | tr "\\0" x; echo; echo flood-done; exec cat'`,
        name: 'flood',
      },
    ]);
    const { cookie } = await w.login();
    const s = await socket(w.base, { cookie, origin: w.base });
    const ws = s.ws!;
    const got: string[] = [];
    let bytes = 0;
    ws.on('message', (m) => {
      const text = String(m);
      bytes += text.length;
      if (text[0] === 's') got.push(text);
    });
    ws.send('w1');
    await until('the first screen', () => got.length === 1, 5000);
    ws.pause(); // the page stops reading
    ws.send('i1:\r');
    const t = w.hub.agents.get('1')!.terminal;
    const lines = () =>
      Array.from({ length: t.rows }, (_, i) => t.lineText(t.lineCount - t.rows + i)).join('\n');
    await until('the flood ended', () => lines().includes('flood-done'), 60000);
    await sleep(500);
    ws.resume();
    await until(
      'a fresh screen after the flood',
      () => got.some((g, i) => i > 0 && g.includes('flood-done')),
      20000,
    );
    expect(bytes).toBeLessThan(8_000_000);
    ws.close();
  }, 90_000);

  it('a page opened while its agent prints faster than the hub parses gets its screen at once, and the exact one once parsing catches up', async () => {
    const w = await start([
      {
        // (A moment after the Enter: the echo of a typed key is parsed at once, held or not.)
        command: `sh -c 'read a; echo before-the-page; read b; sleep 0.3; echo behind-the-page; exec cat'`,
        name: 'busy',
      },
    ]);
    const a = w.hub.agents.get('1')!;
    a.write('\r');
    const text = () =>
      Array.from({ length: a.terminal.lineCount }, (_, i) => a.terminal.lineText(i)).join('\n');
    await until('its first line', () => text().includes('before-the-page'), 5000);
    // Its output waits unparsed (as a flood keeps it, on a loaded hub): a page must not wait for it to end.
    a.terminal.hold(true);
    a.write('\r');
    await until('output waits unparsed', () => a.terminal.pendingBytes() > 0, 5000);
    const { cookie } = await w.login();
    const s = await socket(w.base, { cookie, origin: w.base });
    const ws = s.ws!;
    const screens: string[] = [];
    ws.on('message', (m) => {
      const text = String(m);
      if (text.startsWith('s1:')) screens.push(text);
    });
    ws.send('w1');
    await until('a first screen', () => screens.length === 1, 2000);
    expect(screens[0]).toContain('before-the-page');
    expect(screens[0]).not.toContain('behind-the-page');
    a.terminal.hold(false);
    await until('the exact screen', () => screens.length === 2, 5000);
    expect(screens[1]).toContain('behind-the-page');
    ws.close();
  }, 30_000);
});
