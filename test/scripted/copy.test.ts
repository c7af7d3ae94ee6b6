import { describe, expect, it } from 'vitest';
import { INVERSE } from '../../src/ui/screen/cell-style.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

describe('select and copy', () => {
  it('y selects lines with the keyboard (highlighted) and copies them with OSC 52', async () => {
    let written = '';
    const t = await hubs.scripted({ agents: [{ command: 'lines' }], write: (d) => (written += d) });
    t.agent('lines').print('alpha\nbeta\ngamma\n');
    await t.frame(/gamma/);
    await t.press('\x07y'); // select: the cursor starts on "gamma"
    await t.frame(/j\/k move, v marks the start/);
    await t.press('v'); // anchor on gamma
    await t.press('kk'); // up to alpha
    const screen = t.hub.screen();
    const row = screen
      .toText()
      .split('\n')
      .findIndex((l) => l.includes('beta'));
    const x = screen.rowText(row).indexOf('beta');
    expect(screen.attrs[row * screen.width + x] & INVERSE).toBe(INVERSE); // selected lines are highlighted
    await t.press('y');
    await t.frame(/copied 3 lines/);
    expect(t.hub.copied).toBe('alpha\nbeta\ngamma');
    expect(written).toContain(`\x1b]52;c;${Buffer.from('alpha\nbeta\ngamma').toString('base64')}\x07`);
  });
});
