import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { INVERSE } from '../../src/ui/screen/cell-style.js';
import { startHub, tempHome, waitForFrame } from './helpers.js';

let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

describe('select and copy', () => {
  it('y selects lines with the keyboard (highlighted) and copies them with OSC 52', async () => {
    let written = '';
    hub = await startHub({ home: tempHome(), agents: [{ command: `sh -c 'printf "alpha\\nbeta\\ngamma\\n"; cat'` }], write: (d) => (written += d) });
    await waitForFrame(hub, /gamma/);
    hub.input('\x07y'); // select: the cursor starts on "gamma"
    await waitForFrame(hub, /j\/k move, v marks the start/);
    hub.input('v'); // anchor on gamma
    hub.input('kk'); // up to alpha
    await hub.whenIdle();
    const screen = hub.screen();
    const row = screen.toText().split('\n').findIndex((l) => l.includes('beta'));
    const x = screen.rowText(row).indexOf('beta');
    expect(screen.attrs[row * screen.width + x] & INVERSE).toBe(INVERSE); // selected lines are highlighted
    hub.input('y');
    await waitForFrame(hub, /copied 3 line\(s\)/);
    expect(hub.copied).toBe('alpha\nbeta\ngamma');
    expect(written).toContain(`\x1b]52;c;${Buffer.from('alpha\nbeta\ngamma').toString('base64')}\x07`);
  });
});
