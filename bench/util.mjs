import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const tempHome = () => fs.mkdtempSync(path.join(os.tmpdir(), 'botster-bench-'));
/** A bench prints one JSON line of rows: { name, value, unit, budget, ok, note }. */
export function report(rows) {
  process.stdout.write(JSON.stringify(rows) + '\n');
}
