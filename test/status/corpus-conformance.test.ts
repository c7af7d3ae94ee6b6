// Issue 20 item 5: the shipped status adapters against the peer corpus of CLI screens
// (corpus/state-detection, from ccmanager's tests; its README says which cases count).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { STATE, detect, readCases, repoRoot, screenOf, shippedRuntime } from './helpers.js';

// The package ships the corpus (corpus/, also used to review improvements that change adapters).
// BOTSTER_PEER_CORPUS may name a newer copy of the peer's corpus: the shipped one must equal it,
// and the adapters are held to it.
const SHIPPED = path.join(repoRoot, 'corpus/state-detection');
const PEER = process.env.BOTSTER_PEER_CORPUS ? path.resolve(process.env.BOTSTER_PEER_CORPUS) : null;
const CORPUS = PEER && fs.existsSync(PEER) ? PEER : SHIPPED;
// The program each file's CLI runs as (the corpus README's "usual name").
const PROGRAM: Record<string, string> = {
  claude: 'claude',
  gemini: 'gemini',
  codex: 'codex',
  cursor: 'cursor-agent',
  'github-copilot': 'copilot',
  cline: 'cline',
  opencode: 'opencode',
  kimi: 'kimi',
  mcode: 'mcode',
};

let rt: ConfigRuntime;
beforeAll(async () => {
  rt = (await shippedRuntime()).rt;
});
afterAll(() => rt?.dispose());

describe('state-detection corpus', () => {
  it.skipIf(!PEER)('the package ships the peer corpus as it is (BOTSTER_PEER_CORPUS)', () => {
    const names = fs.readdirSync(PEER!).sort();
    expect(fs.readdirSync(SHIPPED).sort()).toEqual(names);
    for (const n of names)
      expect(fs.readFileSync(path.join(SHIPPED, n), 'utf8'), n).toBe(
        fs.readFileSync(path.join(PEER!, n), 'utf8'),
      );
  });

  it('the shipped adapters classify >= 95% overall, >= 85% per CLI, with at most 3 false "waiting"', () => {
    const rows: Array<{ cli: string; cases: number; right: number; pct: string; false_waiting: number }> = [];
    const wrong: string[] = [];
    let total = 0;
    let right = 0;
    let falseWaiting = 0;
    for (const file of fs
      .readdirSync(CORPUS)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const cli = file.replace(/\.json$/, '');
      const program = PROGRAM[cli] ?? cli;
      let n = 0;
      let ok = 0;
      let fw = 0;
      for (const c of readCases(path.join(CORPUS, file))) {
        // Not screen classifications: "keep the current state", and Claude's debounce before 1.5 s.
        if (c.depends_on_current || (c.needs_quiet && c.quiet_ms < 1500)) continue;
        n++;
        const v = detect(
          rt,
          program,
          screenOf(c.screen, { quiet: c.quiet_ms / 1000, state: STATE[c.current_state] }),
        );
        const want = STATE[c.expected];
        if (v?.state === want) ok++;
        else
          wrong.push(
            `${cli}: ${c.name}: expected ${want}, got ${v?.state ?? 'nil'}${v?.rule ? ` (${v.adapter}: ${v.rule})` : ''}`,
          );
        if (v?.state === 'waiting' && want !== 'waiting') fw++;
      }
      rows.push({ cli, cases: n, right: ok, pct: ((100 * ok) / n).toFixed(1), false_waiting: fw });
      total += n;
      right += ok;
      falseWaiting += fw;
    }
    rows.push({
      cli: 'all',
      cases: total,
      right,
      pct: ((100 * right) / total).toFixed(1),
      false_waiting: falseWaiting,
    });
    console.log(
      [
        'cli              cases  right      %  false waiting',
        ...rows.map(
          (r) =>
            `${r.cli.padEnd(16)} ${String(r.cases).padStart(5)}  ${String(r.right).padStart(5)}  ${r.pct.padStart(5)}  ${String(r.false_waiting).padStart(13)}`,
        ),
      ].join('\n'),
    );
    if (wrong.length) console.log(`wrong:\n${wrong.join('\n')}`);
    expect(total).toBe(168);
    expect(right / total).toBeGreaterThanOrEqual(0.95);
    for (const r of rows) expect(Number(r.pct), `${r.cli}: ${r.right}/${r.cases}`).toBeGreaterThanOrEqual(85);
    expect(falseWaiting).toBeLessThanOrEqual(3);
  });
});
