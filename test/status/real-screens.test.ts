// Screens captured from the real CLIs (installed from npm, first runs and a mock model; see
// corpus/real-screens/*.json `source`): each must read as its expected state, and a waiting one with
// its question or command as the reason. Each case says the CLI version it came from (`version`)
// and the agent's terminal size (`size`, "80x24"; case-fields.test.ts checks both); the figures
// per CLI and per version are printed (docs/agent-states.md keeps them).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { progressOf } from '../../src/cli/run-status-file.js';
import {
  figuresBlock,
  figuresIn,
  readPeerCorpus,
  readRealScreens,
  type Detect,
} from '../../src/status/figures.js';
import {
  STATE,
  detect,
  repoRoot,
  screenOf,
  shippedRuntime,
  type CorpusCase,
  type StatusScreen,
} from '../support/status.js';

interface RealCase extends CorpusCase {
  title?: string;
  program: string;
  reason?: string;
  /** The CLI version the screen came from (the release its `source` names). */
  version?: string;
  /** The panel it was drawn in, "WIDTHxHEIGHT". */
  size?: string;
  /** OSC 9;4 progress it had set, as `status --progress` takes it (`normal:40`, `indeterminate`). */
  progress?: string;
  source?: string;
}

const DIR =
  process.env.REAL_SCREENS ??
  path.join(path.dirname(new URL(import.meta.url).pathname), '../../corpus/real-screens');
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function versionOf(c: RealCase): string {
  return c.version ?? '?';
}

let rt: ConfigRuntime;
beforeAll(async () => {
  rt = (await shippedRuntime()).rt;
});
afterAll(() => rt?.dispose());

interface Tally {
  cases: number;
  right: number;
  waiting: number;
  waitingRead: number;
  others: number;
  falseWaiting: number;
}
const tally = (): Tally => ({ cases: 0, right: 0, waiting: 0, waitingRead: 0, others: 0, falseWaiting: 0 });
const byCli = new Map<string, Tally>();
const byVersion = new Map<string, Tally>();
const all = tally();

function count(t: Tally, want: string, got: string) {
  t.cases++;
  if (got === want) t.right++;
  if (want === 'waiting') {
    t.waiting++;
    if (got === 'waiting') t.waitingRead++;
  } else {
    t.others++;
    if (got === 'waiting') t.falseWaiting++;
  }
}

describe('real CLI screens', () => {
  for (const file of files) {
    const cases = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as RealCase[];
    it(`${file}: ${cases.length} screens`, () => {
      const wrong: string[] = [];
      for (const c of cases) {
        // A captured screen has no "current state": assume idle, so a running answer must come
        // from what the screen shows, not from an earlier state kept.
        const current = c.current_state ? STATE[c.current_state] : 'idle';
        const over: Partial<StatusScreen> = {
          title: c.title ?? '',
          quiet: (c.quiet_ms ?? 0) / 1000,
          state: current,
        };
        if (c.progress) over.progress = progressOf(c.progress) as StatusScreen['progress'];
        // The CLI's release as the hub reads it from the binary: a file's `versions` pick their rules by it.
        const v = detect(rt, c.program, screenOf(c.screen, over), false, versionOf(c));
        const want = STATE[c.expected];
        const got = v?.state ?? 'nil';
        const cli = file.replace(/\.json$/, '');
        for (const t of [
          all,
          byCli.get(cli) ?? byCli.set(cli, tally()).get(cli)!,
          byVersion.get(`${cli} ${versionOf(c)}`) ??
            byVersion.set(`${cli} ${versionOf(c)}`, tally()).get(`${cli} ${versionOf(c)}`)!,
        ])
          count(t, want, got);
        if (versionOf(c) === '?') wrong.push(`${c.name}: says no CLI version`);
        if (got !== want) wrong.push(`${c.name}: expected ${want}, got ${got} (${v?.adapter}: ${v?.rule})`);
        else if (want === 'waiting' && !v?.reason)
          wrong.push(`${c.name}: waiting without a reason (${c.reason ?? ''})`);
        else if (v?.reason && /^\s*[▶❯›>]/.test(v.reason))
          wrong.push(`${c.name}: reason keeps its glyph: ${v.reason}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('figures: per CLI and per version (all cases, waiting screens read waiting, others read waiting), as docs/agent-states.md has them', () => {
    const row = (k: string, t: Tally) =>
      `${k.padEnd(24)} ${String(t.cases).padStart(5)} ${((100 * t.right) / t.cases).toFixed(1).padStart(6)}% ${`${t.waitingRead}/${t.waiting}`.padStart(8)} ${`${t.falseWaiting}/${t.others}`.padStart(8)}`;
    const head = `${'cli / version'.padEnd(24)} cases  right  waiting  others->waiting`;
    console.log(
      [
        head,
        row('all', all),
        ...[...byCli].sort().map(([k, t]) => row(k, t)),
        '',
        head,
        ...[...byVersion].sort().map(([k, t]) => row(k, t)),
      ].join('\n'),
    );
    expect(all.right).toBe(all.cases);
    // The page's table is the one scripts/state-figures.mjs computes from the same corpus.
    const ask: Detect = (agent, screen) =>
      detect(
        rt,
        String(agent.program),
        screen as unknown as StatusScreen,
        false,
        agent.cli_version as string,
      );
    const titles = new Map((rt.export().clis ?? []).map((c) => [c.name, c.title ?? c.name]));
    const block = figuresBlock(
      readRealScreens(DIR, ask),
      readPeerCorpus(path.join(repoRoot, 'corpus/state-detection'), ask),
      (cli) => titles.get(cli) ?? cli,
    );
    console.log(block);
    const page = fs.readFileSync(path.join(repoRoot, 'docs/agent-states.md'), 'utf8');
    expect(figuresIn(page), 'docs/agent-states.md: run npm run docs:figures').toBe(block);
  });
});
