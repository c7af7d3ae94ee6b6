// The corpus gate keeps the direction of errors: no captured screen of an agent at work or asking
// reads idle, neither as captured nor settled (the same screen after 5 s without output: a turn
// that thinks quietly still works, a question unanswered still asks). A change that turns one idle
// fails here by name, whatever the totals; the table per CLI is printed (bench/status.mjs prints it too).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readPeerCorpus, readRealScreens, type Detect } from '../../src/status/figures.js';
import { idleMisses, idleMissesTable } from '../../src/status/idle-misses.js';
import { detect, repoRoot, shippedRuntime, type StatusScreen } from '../support/status.js';

let rt: ConfigRuntime;
beforeAll(async () => {
  rt = (await shippedRuntime()).rt;
});
afterAll(() => rt?.dispose());

const asker =
  (settled: boolean): Detect =>
  (agent, screen) =>
    detect(
      rt,
      String(agent.program),
      (settled ? { ...screen, quiet: 5 } : screen) as unknown as StatusScreen,
      false,
      agent.cli_version as string | undefined,
    );

describe('no working or asking screen reads idle', () => {
  for (const settled of [false, true]) {
    it(`real screens, ${settled ? 'settled (quiet 5 s)' : 'as captured'}`, () => {
      const rs = readRealScreens(path.join(repoRoot, 'corpus/real-screens'), asker(settled));
      console.log(
        `real screens read idle by mistake (${settled ? 'settled' : 'as captured'}):\n${idleMissesTable(idleMisses(rs))}`,
      );
      const wrong = rs
        .filter((r) => r.want !== 'idle' && (r.got === 'idle' || r.got === 'nil'))
        .map(
          (r) =>
            `${r.cli} ${r.version}: ${r.case.name} (${r.want} read idle: ${r.verdict?.adapter}: ${r.verdict?.rule})`,
        );
      expect(wrong).toEqual([]);
    });
  }

  it('the peer corpus (corpus/state-detection): none either', () => {
    const rs = readPeerCorpus(path.join(repoRoot, 'corpus/state-detection'), asker(false));
    const rows = idleMisses(rs);
    console.log(`peer corpus (corpus/state-detection) read idle by mistake:\n${idleMissesTable(rows)}`);
    const wrong = rs
      .filter((r) => r.want !== 'idle' && (r.got === 'idle' || r.got === 'nil'))
      .map((r) => `${r.cli}: ${r.case.name} (${r.want} read idle)`);
    expect(wrong).toEqual([]);
  });
});
