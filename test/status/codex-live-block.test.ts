// Codex's live block (issue 99): its status row is recognised wherever the block puts it, with
// the messages waiting for the turn between it and the input line (in any wording, wrapped at a
// narrow width), and those messages say the turn runs even when the row is hidden; a row with a
// turn's end under it ("■ Conversation interrupted") is history. Each case is a real captured
// screen (corpus/real-screens/codex.json) changed the way another moment or release draws it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { detect, repoRoot, screenOf, shippedRuntime, type CorpusCase } from '../support/status.js';

interface Case extends CorpusCase {
  program: string;
  version?: string;
}

let rt: ConfigRuntime;
beforeAll(async () => {
  rt = (await shippedRuntime()).rt;
});
afterAll(() => rt?.dispose());

const codex = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'corpus/real-screens/codex.json'), 'utf8'),
) as Case[];
// Settled (quiet 5 s) and without its title: the screen alone must say it.
const read = (c: Case, screen: string) =>
  detect(rt, c.program, screenOf(screen, { quiet: 5, state: 'idle' }), false, c.version)?.state;

// The live status row: "• Working (12s • esc to interrupt) · 1 background terminal running · …".
const ROW = /^[•◦] .+ \(\d+(?:m \d+)?[smh](?: • [^)\n]*)?\).*$/m;
// The input line under it.
const INPUT = /^› /m;
const running = codex.filter((c) => c.expected === 'busy' && ROW.test(c.screen) && INPUT.test(c.screen));
// The ones with messages waiting for the turn ("↳ …" under a header, right over the input line).
const queued = codex.filter((c) => c.expected === 'busy' && /^\s+↳ /m.test(c.screen));

// The screen with `rows` put right under its status row.
const underRow = (s: string, rows: string[]) => s.replace(ROW, (row) => [row, ...rows].join('\n'));

describe('Codex: what sits between the live row and the input line', () => {
  it(`has real running screens with the row (${running.length}) and with queued messages (${queued.length})`, () => {
    expect(running.length).toBeGreaterThan(20);
    expect(queued.length).toBeGreaterThan(8);
  });

  it('reads running with messages waiting in a wording never captured, the header wrapped', () => {
    const wrong = running
      .map((c) => ({
        c,
        s: underRow(c.screen, [
          '',
          '• Sent to the model once this turn reaches a point where it can take them (press',
          '  esc to hand them over now)',
          '  ↳ and also check the docs',
          '    alt+↑ to change it',
        ]),
      }))
      .filter(({ c, s }) => read(c, s) !== 'running')
      .map(({ c }) => c.name);
    expect(wrong).toEqual([]);
  });

  it('reads running from the waiting messages alone, the row hidden or off the screen', () => {
    const changed = queued.map((c) => ({ c, s: c.screen.replace(ROW, '') }));
    expect(changed.filter(({ c, s }) => s === c.screen && ROW.test(c.screen)).length).toBe(0);
    expect(changed.filter(({ c, s }) => read(c, s) !== 'running').map(({ c }) => c.name)).toEqual([]);
  });

  it('a turn ended under the row ("■ Conversation interrupted") makes it history', () => {
    const interrupted = ['', '■ Conversation interrupted - use /feedback if something went wrong'];
    // (Codex puts messages still waiting back into the input line when a turn is interrupted:
    // screens that show some are left out.)
    const wrong = running
      .filter((c) => !queued.includes(c))
      .flatMap((c) => {
        const s = underRow(c.screen, interrupted);
        // And with the input line (and all under it) gone: a screen cut short.
        const cut = s.split('\n');
        const at = cut.findLastIndex((l) => l.startsWith('› '));
        return [
          { c, s },
          { c, s: cut.slice(0, at).join('\n') },
        ];
      })
      .filter(({ c, s }) => read(c, s) === 'running')
      .map(({ c }) => c.name);
    expect(wrong).toEqual([]);
  });

  it('an arrow in an answer at rest is no waiting message', () => {
    const idle = codex.filter((c) => c.expected === 'idle' && /^ {2}Worked for \d/m.test(c.screen));
    const wrong = idle
      .map((c) => ({
        c,
        s: c.screen.replace(/^ {2}Worked for \d.*$/m, (w) =>
          ['• The steps were:', '  ↳ build', '  ↳ test', '', w].join('\n'),
        ),
      }))
      .filter(({ c, s }) => read(c, s) === 'running')
      .map(({ c }) => c.name);
    expect(idle.length).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });
});
