// `npm run bench`: runs each benchmark in its own process and prints one table with the budgets.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
].filter((b) => only.length === 0 || only.includes(b));
// Timings on a shared machine mean little without its load: printed first, and again at the end.
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `load average ${load()} (1/5/15 min) on ${os.cpus().length} cores; medians and same-run ratios below`,
);
const rows = [];
for (const b of benches) {
  try {
    const out = execFileSync(process.execPath, [path.join(dir, `${b}.mjs`)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 600000,
      // React's production build, as the bundled CLI uses.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const line = out
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('['))
      .pop();
    rows.push(...JSON.parse(line));
  } catch (err) {
    rows.push({
      name: b,
      value: NaN,
      unit: '',
      budget: '',
      ok: false,
      note: `failed: ${err.message.split('\n')[0]}`,
    });
  }
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
