// Screens captured from the real CLIs (installed from npm, first runs and a mock model; see
// real-screens/*.json `source`): each must read as its expected state, and a waiting one with
// its question or command as the reason.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { STATE, detect, screenOf, shippedRuntime, type CorpusCase } from './helpers.js';

interface RealCase extends CorpusCase {
  title?: string;
  program: string;
  reason?: string;
}

const DIR =
  process.env.REAL_SCREENS ?? path.join(path.dirname(new URL(import.meta.url).pathname), 'real-screens');
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

let rt: ConfigRuntime;
beforeAll(async () => {
  rt = (await shippedRuntime()).rt;
});
afterAll(() => rt?.dispose());

describe('real CLI screens', () => {
  for (const file of files) {
    const cases = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as RealCase[];
    it(`${file}: ${cases.length} screens`, () => {
      const wrong: string[] = [];
      for (const c of cases) {
        // A captured screen has no "current state": assume idle, so a running answer must come
        // from what the screen shows, not from an earlier state kept.
        const current = c.current_state ? STATE[c.current_state] : 'idle';
        const v = detect(
          rt,
          c.program,
          screenOf(c.screen, { title: c.title ?? '', quiet: (c.quiet_ms ?? 0) / 1000, state: current }),
        );
        const want = STATE[c.expected];
        const got = v?.state ?? 'nil';
        if (got !== want) wrong.push(`${c.name}: expected ${want}, got ${got} (${v?.adapter}: ${v?.rule})`);
        else if (want === 'waiting' && !v?.reason)
          wrong.push(`${c.name}: waiting without a reason (${c.reason ?? ''})`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
