import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

// Pieces in the status bar (a plugin's, an improvement's, yours) crowded out the hub's own: the
// mode, the agents, the questions' badge and the hint. Those keep their room; pieces are cut first.

const hubs = useHub();
const LONG = 'PIECE-' + 'x'.repeat(120);

describe('the status bar keeps the hub its room', () => {
  it('long pieces left and right on 80 columns: mode, agents and hint whole, the pieces cut', async () => {
    const t = await hubs.scripted({
      agents: [{ command: 'cat' }],
      cols: 80,
      rows: 12,
      files: {
        'user/pieces.lua': `layout.piece("status.left", "l", function() return "LEFT-${'y'.repeat(60)}" end)
layout.piece("status.right", "r", function() return "${LONG}" end)`,
      },
    });
    const bar = (await t.frame(/PIECE-/)).split('\n').at(-1)!;
    expect(bar).toMatch(/^ {2}INSERT {3}Agents: 1 /);
    expect(bar).toMatch(/… +Ctrl\+g: hub keys$/);
    expect(bar).toContain('…');
    expect(bar.length).toBeLessThanOrEqual(80);
  });
});
