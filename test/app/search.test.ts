import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { INVERSE } from '../../src/ui/screen/cell-style.js';
import { startHub, tempHome, waitForFrame } from './helpers.js';

let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

/** Row and column of the first cell of `text` on screen, or null. */
function find(h: Hub, text: string): { x: number; y: number } | null {
  const screen = h.screen();
  for (let y = 0; y < screen.height; y++) {
    const x = screen.rowText(y).indexOf(text);
    if (x >= 0) return { x, y };
  }
  return null;
}

describe('scrollback search', () => {
  it('/ finds the newest match, highlights it, n and N move between matches; typing returns to live', async () => {
    hub = await startHub({
      home: tempHome(),
      cols: 100,
      rows: 24,
      agents: [{ command: `sh -c 'for i in $(seq 1 300); do if [ $i = 50 ] || [ $i = 250 ]; then echo "line $i NEEDLE here"; else echo "line $i"; fi; done; cat'`, name: 'long' }],
    });
    await waitForFrame(hub, /line 300/);
    hub.input('\x07/');
    await waitForFrame(hub, /Search scrollback/);
    hub.input('needle\r');
    await waitForFrame(hub, /line 250 NEEDLE/);
    const at = find(hub, 'NEEDLE')!;
    const screen = hub.screen();
    expect(screen.attrs[at.y * screen.width + at.x] & INVERSE).toBe(INVERSE);
    await waitForFrame(hub, /match 1 of 2/); // counted from the newest, as the search goes back
    const offsetNewest = hub.appData().agents[0].scroll ?? 0;
    expect(offsetNewest).toBeGreaterThan(0);
    hub.input('n');
    await waitForFrame(hub, /line 50 NEEDLE/);
    expect(hub.appData().agents[0].scroll).toBeGreaterThan(offsetNewest);
    hub.input('N');
    await waitForFrame(hub, /line 250 NEEDLE/);
    hub.input('i');
    hub.input('x');
    await hub.whenIdle();
    expect(hub.appData().agents[0].scroll).toBe(0);
  });

  it('says so when nothing matches', async () => {
    hub = await startHub({ home: tempHome(), agents: [{ command: `sh -c 'echo hello; cat'` }] });
    await waitForFrame(hub, /hello/);
    hub.input('\x07/');
    hub.input('zzz\r');
    await waitForFrame(hub, /"zzz" not found/);
  });
});
