import { describe, expect, it } from 'vitest';
import { renderSnapshot } from '../../src/app/run-snapshot.js';
import { tempHome } from './helpers.js';

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
      const frame = await renderSnapshot({ home: tempHome(), agents: AGENTS, cols, rows, waitMs: 300, ansi: false });
      const lines = frame.split('\n');
      expect(lines).toHaveLength(rows);
      expect(lines[0]).toContain('Botster Hub');
      expect(frame).toContain('ready to work');
      expect(frame).toContain('✕ 2 builder exited 3');
      expect(frame).toMatchSnapshot();
    });
  }

  it('--ansi keeps the agent colours', async () => {
    const frame = await renderSnapshot({ home: tempHome(), agents: AGENTS.slice(0, 1), cols: 80, rows: 24, waitMs: 200, ansi: true });
    expect(frame).toMatch(/\x1b\[0;32mready/);
  });
});
