import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
let hub: Hub | null = null;

/**
 * ~240 bytes of counted sequences xterm used to run one step at a time (one `ESC[99999S` held the
 * main thread ~0.65 s; this stream froze every agent for tens of seconds), then a marker.
 */
export const STORM =
  '\\033[9999999S' +
  'x\\033[99999S\\033[99999T\\033[99999L\\033[99999M\\033[9999999b\\033[9999999Z'.repeat(3) +
  '\\033[99999S\\033[99999L\\033[99999M\\033[99999T';

describe('a short byte stream cannot freeze the hub', () => {
  it('the stream is parsed at once and a key typed meanwhile in another agent is echoed', async () => {
    hub = await hubs.real({ agents: [{ command: 'cat', name: 'echo' }], cols: 100, rows: 30 });
    await hub.whenIdle();
    const t0 = performance.now();
    const storm = hub.agents.spawn({
      command: `sh -c 'printf "${STORM}"; echo STORM-DONE; exec sleep 30'`,
      name: 'storm',
    });
    // Typed while the storm is on its way: the echo must not wait for it.
    await new Promise((r) => setTimeout(r, 50));
    hub.input('k');
    await waitForFrame(hub, /│k\s/, 15000);
    const echoed = performance.now() - t0;
    const end = Date.now() + 50000;
    for (;;) {
      await storm.terminal.flush();
      const seen = Array.from({ length: storm.terminal.lineCount }, (_, i) =>
        storm.terminal.lineText(i),
      ).some((l) => l.includes('STORM-DONE'));
      if (seen) break;
      if (Date.now() > end) throw new Error('STORM-DONE never parsed');
      await new Promise((r) => setTimeout(r, 10));
    }
    const consumed = performance.now() - t0;
    // Bounds far above what the fixed hub needs (a few ms) and far below the old stall (~30 s):
    // the figures themselves are measured by bench/stall.mjs.
    expect(consumed).toBeLessThan(3000);
    expect(echoed).toBeLessThan(3000);
  }, 60000);
});
