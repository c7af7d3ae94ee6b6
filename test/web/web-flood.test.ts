import { describe, expect, it } from 'vitest';
import { sleep, until } from '../support/wait.js';
import { socket, webHubs } from '../support/web/web-hub.js';

// A page that reads slower than its agent floods is not sent the flood: past 1 MB queued it gets
// nothing more, and once it drains, the agent's whole screen again (the hub's memory stays bounded).
// A page on an agent that floods gets its screen a few times a second instead of every byte, and
// the exact screen (then the stream) once it pauses (src/web/flood-gate.ts).

const start = webHubs();

/** A screen message's text lines (its escapes dropped), the last `rows` of them. */
function screenText(msg: string): string[] {
  const body = msg.slice(msg.indexOf(';') + 1);
  const [, rows] = /^s[^:]+:(\d+)x(\d+);/.exec(msg)!.slice(1).map(Number);
  const lines = body.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split('\r\n');
  return lines.slice(-rows).map((l) => l.trimEnd());
}

describe('web: a page on a flooding agent', () => {
  it('gets the screens of two flooding agents a few times a second, then the exact final screen of each', async () => {
    // 20 bursts of 50000 numbered lines (~7 MB), 0.1 s apart: a flood for two seconds at least.
    const flood = (fmt: string) => ({
      command: `sh -c 'read a; i=0; while [ $i -lt 20 ]; do seq -f "${fmt}%.0f" $((i*50000+1)) $((i*50000+50000)); sleep 0.1; i=$((i+1)); done; exec cat'`,
      name: `flood-${fmt}`,
    });
    const w = await start([flood('a'), flood('b')]);
    const { cookie } = await w.login();
    const s = await socket(w.base, { cookie, origin: w.base });
    const ws = s.ws!;
    const seen = {
      '1': { screens: [] as string[], streamed: 0 },
      '2': { screens: [] as string[], streamed: 0 },
    };
    ws.on('message', (m) => {
      const text = String(m);
      const id = text.slice(1, text.indexOf(':')) as '1' | '2';
      if (text[0] === 's') seen[id].screens.push(text);
      if (text[0] === 'o') seen[id].streamed += text.length;
    });
    ws.send('w1');
    ws.send('w2');
    await until('the first screens', () => seen['1'].screens.length && seen['2'].screens.length, 5000);
    ws.send('i1:\r');
    ws.send('i2:\r');
    const screen = (id: string) => {
      const t = w.hub.agents.get(id)!.terminal;
      return Array.from({ length: t.rows }, (_, i) => t.lineText(t.lineCount - t.rows + i).trimEnd());
    };
    const last = { '1': 'a1000000', '2': 'b1000000' };
    const duringFlood = { '1': 0, '2': 0 };
    await until(
      'both floods ended on the hub',
      () => {
        for (const id of ['1', '2'] as const)
          if (!duringFlood[id] && screen(id).includes(last[id])) duringFlood[id] = seen[id].screens.length;
        return duringFlood['1'] && duringFlood['2'];
      },
      60000,
    );
    for (const id of ['1', '2'] as const) {
      // Its screen kept coming (the first, then views), and not the flood itself (~7 MB; a page
      // gets at most 16 KiB of a burst before the gate shuts).
      expect(duringFlood[id], `agent ${id}'s screens during its flood`).toBeGreaterThanOrEqual(4);
      expect(seen[id].streamed, `agent ${id}'s bytes streamed`).toBeLessThan(3_500_000);
      // Each view is that agent's own screen.
      for (const v of seen[id].screens.slice(1, duringFlood[id]))
        expect(
          screenText(v)
            .filter((l) => /^[ab]\d+$/.test(l))
            .every((l) => l[0] === last[id][0]),
        ).toBe(true);
    }
    // The flood over: the exact final screen, its last numbered line.
    for (const id of ['1', '2'] as const)
      await until(
        `agent ${id}'s exact final screen`,
        () => {
          const got = seen[id].screens.at(-1);
          return got && screenText(got).join('\n') === screen(id).join('\n');
        },
        20000,
      );
    for (const id of ['1', '2'] as const) expect(screen(id)).toContain(last[id]);
    ws.close();
  }, 90_000);

  it('ten pages on a flood: the exact screen after it is read once for all of them, and each gets it', async () => {
    const w = await start([
      { command: `sh -c 'read a; seq 1 100000; echo flood-done; exec cat'`, name: 'flood' },
    ]);
    const { cookie } = await w.login();
    const t = w.hub.agents.get('1')!.terminal;
    const pages = await Promise.all(
      Array.from({ length: 10 }, () => socket(w.base, { cookie, origin: w.base }).then((s) => s.ws!)),
    );
    const screens = pages.map(() => [] as string[]);
    pages.forEach((ws, i) =>
      ws.on('message', (m) => {
        const text = String(m);
        if (text.startsWith('s1:')) screens[i].push(text);
      }),
    );
    for (const ws of pages) ws.send('w1');
    await until('every page has its first screen', () => screens.every((s) => s.length === 1), 10000);
    // Reads of the whole scrollback (a view reads the screen's rows only).
    let wholeReads = 0;
    const lineRuns = t.lineRuns.bind(t);
    t.lineRuns = (i: number) => {
      if (i === 0 && t.lineCount > 2 * t.rows) wholeReads++;
      return lineRuns(i);
    };
    pages[0].send('i1:\r');
    const exact = () =>
      Array.from({ length: t.rows }, (_, i) => t.lineText(t.lineCount - t.rows + i).trimEnd()).join('\n');
    await until('the flood ended on the hub', () => exact().includes('flood-done'), 60000);
    const isWhole = (s: string) => s.split('\r\n').length > 2 * t.rows;
    await until(
      'every page has the exact final screen and its scrollback',
      () => screens.every((s) => isWhole(s.at(-1)!) && screenText(s.at(-1)!).join('\n') === exact()),
      20000,
    );
    const whole = screens.flat().filter(isWhole).length;
    expect(whole).toBeGreaterThanOrEqual(10);
    // Each page got the whole of it; the hub read it once for the pages that asked together.
    expect(wholeReads * 5).toBeLessThanOrEqual(whole);
    for (const ws of pages) ws.close();
  }, 90_000);

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
