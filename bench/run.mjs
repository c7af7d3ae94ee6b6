// `npm run bench`: runs each benchmark in its own process and prints one table with the budgets.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineBin } from './baseline.mjs';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = [
  'frame',
  'grid',
  'search',
  'flood',
  'flood-tmux',
  'startup',
  'client',
  'idle',
  'keys',
  'key-route',
  'lua-key',
  'stall',
  'osc-flood',
  'reload',
  'reload-heap',
  'push',
  'save-screen',
  'memory',
  'watch-check',
  'status',
  'pane-start',
  'pane-echo',
  'pane-memory',
  'pane-hundred',
  'session',
  'keeper',
  'review',
  'remote',
  'web-echo',
  'web-pages',
  'mcp',
  'box',
  'prune',
  'agent-side',
  'team',
  'pane-scale',
].filter((b) => only.length === 0 || only.includes(b));
// 500 agents take minutes: run when named or with BENCH_SCALE=1, else said to be skipped.
const scale = only.includes('pane-scale') || process.env.BENCH_SCALE === '1';
// BENCH_BASELINE=DIR|REV (bench/baseline.mjs; `merge-base`: where this branch left main): the benches
// that run any build's launcher (PANE_BIN) run that build's too, right after this one's.
const BASELINE = process.env.BENCH_BASELINE;
const beside = new Set([
  'pane-start',
  'pane-echo',
  'pane-memory',
  'pane-hundred',
  'save-screen',
  'pane-scale',
]);
const baseBin = BASELINE ? baselineBin(BASELINE) : null;
// Timings on a shared machine mean little without its load: printed first, and again at the end.
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `load average ${load()} (1/5/15 min) on ${os.cpus().length} cores; medians and same-run ratios below`,
);
if (baseBin) console.log(`the previous build beside this one: ${baseBin}`);
const rows = [];
/** One bench's rows; `bin`: another build's launcher (its rows are named so, and not judged). */
function runOne(b, bin) {
  try {
    const out = execFileSync(process.execPath, [path.join(dir, `${b}.mjs`)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: b === 'pane-scale' ? 1800000 : 600000,
      // React's production build, as the bundled CLI uses.
      env: { ...process.env, NODE_ENV: 'production', ...(bin ? { PANE_BIN: bin } : {}) },
    });
    const line = out
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('['))
      .pop();
    return JSON.parse(line).map((r) => (bin ? { ...r, name: `  previous build: ${r.name}`, ok: true } : r));
  } catch (err) {
    return [
      {
        name: bin ? `  previous build: ${b}` : b,
        value: NaN,
        unit: '',
        budget: '',
        ok: !!bin,
        note: `failed: ${err.message.split('\n')[0]}`,
      },
    ];
  }
}
for (const b of benches) {
  if (b === 'pane-scale' && !scale) {
    rows.push({
      name: 'pane-scale: 500 agents',
      value: NaN,
      unit: '',
      budget: '',
      ok: true,
      note: 'skipped: minutes long; BENCH_SCALE=1 npm run bench, or node bench/run.mjs pane-scale',
    });
    continue;
  }
  rows.push(...runOne(b));
  if (baseBin && beside.has(b)) rows.push(...runOne(b, baseBin));
}
const fmt = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : 'n/a');
const table = [
  ['benchmark', 'result', 'budget', 'ok', 'notes'],
  ...rows.map((r) => [r.name, `${fmt(r.value)} ${r.unit}`, r.budget, r.ok ? 'yes' : 'NO', r.note ?? '']),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
for (const [i, row] of table.entries()) {
  console.log(
    row
      .map((c, j) => String(c).padEnd(widths[j]))
      .join('  ')
      .trimEnd(),
  );
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log(`load average ${load()} at the end`);
process.exit(rows.every((r) => r.ok) ? 0 : 1);
