import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSnapshot } from '../../src/cli/run-snapshot.js';
import { tempHome } from '../support/hub.js';

// Deterministic agents: each prints and exits, so status and screens settle the same every run.
const AGENTS = [
  { command: `printf '\\033[32mready\\033[0m to work\\nline two\\n'`, name: 'claude' },
  { command: `sh -c 'echo build failed; exit 3'`, name: 'builder' },
];

describe('default layout golden frames (snapshot pipeline, real agents)', () => {
  for (const [cols, rows] of [
    [80, 24],
    [120, 40],
  ]) {
    it(`${cols}x${rows}`, async () => {
      const frame = await renderSnapshot({
        home: tempHome(),
        agents: AGENTS,
        cols,
        rows,
        waitMs: 300,
        ansi: false,
      });
      const lines = frame.split('\n');
      expect(lines).toHaveLength(rows);
      expect(lines[0]).toContain('Botster Hub');
      expect(frame).toContain('ready to work');
      expect(frame).toContain('✕ 2 builder exited 3');
      expect(frame).toMatchSnapshot();
    });
  }

  // A long error (a bad binding in the user's file) and the longest hint (normal mode).
  const LONG = 'keys.bind("normal", "e", "no.such_command_' + 'with_a_very_long_name_'.repeat(14) + 'end")\n';
  for (const [cols, rows] of [
    [40, 10],
    [80, 24],
  ]) {
    it(`${cols}x${rows} with a long error: it ends in "…" above the status bar, whose parts never run together`, async () => {
      const home = tempHome({ 'user/hooks.lua': LONG });
      const frame = await renderSnapshot({
        home,
        agents: AGENTS.slice(1),
        cols,
        rows,
        waitMs: 300,
        ansi: false,
        keys: async (hub) => hub.input('\x07'),
      });
      const lines = frame.split('\n');
      expect(lines).toHaveLength(rows);
      const bar = lines[rows - 1];
      const error = lines.slice(rows - 5, rows - 1);
      expect(error[0]).toContain('/user/hooks.lua:');
      expect(error[3].trimEnd()).toMatch(/…$/); // cut, and says so
      expect(bar).toMatch(/^ {2}NORMAL {3}Age/);
      expect(bar).toMatch(/ \?: help/); // the hint starts after a gap
      expect(bar.trimEnd().length).toBeLessThanOrEqual(cols);
      // the temporary home's random name, as a fixed one of the same length
      expect(frame.replaceAll(path.basename(home), 'botster-test-HOME00')).toMatchSnapshot();
    });
  }

  it('--ansi keeps the agent colours', async () => {
    const frame = await renderSnapshot({
      home: tempHome(),
      agents: AGENTS.slice(0, 1),
      cols: 80,
      rows: 24,
      waitMs: 200,
      ansi: true,
    });
    expect(frame).toMatch(/\x1b\[0;32mready/);
  });
});
