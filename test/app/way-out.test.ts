import { describe, expect, it } from 'vitest';
import { runKeys } from '../../src/cli/run-tools.js';
import { tempHome } from '../support/hub.js';

// The way out of insert mode in the hub (keys, the hint, the help, what Lua may not take) is on the
// scripted tier: test/scripted/way-out.test.ts. Here the CLI's `keys` (it asks git for the project).

const CHOOSE = 'settings.way_out = "ctrl+]"\n';

describe('the way out of insert mode (settings.way_out), in the CLI', () => {
  it('`botster-tui keys` follows the chosen chord', async () => {
    let table = '';
    expect(await runKeys(tempHome({ 'user/keybindings.lua': CHOOSE }), true, (s) => (table = s))).toBe(0);
    expect(table).toContain('| insert | `Ctrl+]` | `mode.normal` |');
    expect(table).toContain('| normal | `Ctrl+]` | `mode.normal` |');
    expect(table).toContain('| normal | `g` | `agent.send_way_out agent=focused` |');
    expect(table).not.toContain('`Ctrl+g`');
  });
});
