import { describe, expect, it } from 'vitest';
import { INVERSE } from '../../src/ui/screen/cell-style.js';
import type { ScriptedHub } from '../support/scripted-hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

/** Row and column of the first cell of `text` on screen, or null. */
function find(t: ScriptedHub, text: string): { x: number; y: number } | null {
  const screen = t.hub.screen();
  for (let y = 0; y < screen.height; y++) {
    const x = screen.rowText(y).indexOf(text);
    if (x >= 0) return { x, y };
  }
  return null;
}

describe('scrollback search', () => {
  it('/ finds the newest match, highlights it, n and N move between matches; typing returns to live', async () => {
    const t = await hubs.scripted({ cols: 100, rows: 24, agents: [{ command: 'long', name: 'long' }] });
    const lines = Array.from({ length: 300 }, (_, i) =>
      i + 1 === 50 || i + 1 === 250 ? `line ${i + 1} NEEDLE here` : `line ${i + 1}`,
    );
    t.agent('long').print(`${lines.join('\n')}\n`);
    await t.frame(/line 300/);
    await t.press('\x07/');
    await t.frame(/Search scrollback/);
    await t.press('needle\r');
    await t.frame(/line 250 NEEDLE/);
    const at = find(t, 'NEEDLE')!;
    const screen = t.hub.screen();
    expect(screen.attrs[at.y * screen.width + at.x] & INVERSE).toBe(INVERSE);
    await t.frame(/match 1 of 2/); // counted from the newest, as the search goes back
    const offsetNewest = t.hub.appData().agents[0].scroll ?? 0;
    expect(offsetNewest).toBeGreaterThan(0);
    await t.press('n');
    await t.frame(/line 50 NEEDLE/);
    expect(t.hub.appData().agents[0].scroll).toBeGreaterThan(offsetNewest);
    await t.press('N');
    await t.frame(/line 250 NEEDLE/);
    await t.press('i');
    await t.press('x');
    expect(t.hub.appData().agents[0].scroll).toBe(0);
    expect(t.agent('long').received).toBe('x'); // typed into the agent, live again
  });

  it('says so when nothing matches', async () => {
    const t = await hubs.scripted({ agents: [{ command: 'hello' }] });
    t.agent('hello').print('hello\n');
    await t.frame(/hello/);
    await t.press('\x07/');
    await t.press('zzz\r');
    await t.frame(/"zzz" not found/);
  });
});
