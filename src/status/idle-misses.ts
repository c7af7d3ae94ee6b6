// The direction of errors on the corpus: a working agent read idle looks finished, an asking one read
// idle is never answered; the two mistakes that cost a user most. Counted per CLI from readings
// (figures.ts) twice: as captured (with the quiet time the screen had), and settled (as if quiet
// for 5 s: the screen alone must say it works, not output that flowed a moment ago).
import type { Reading } from './figures.js';

/** Per CLI: screens of each state, and how many of the running and waiting ones read idle. */
export interface IdleMisses {
  cli: string;
  running: number;
  waiting: number;
  idle: number;
  runningIdle: number;
  waitingIdle: number;
}

/** The readings per CLI, in CLI order, with the screens read idle that were not. */
export function idleMisses(readings: Reading[]): IdleMisses[] {
  const by = new Map<string, IdleMisses>();
  for (const r of readings) {
    const t =
      by.get(r.cli) ??
      by
        .set(r.cli, { cli: r.cli, running: 0, waiting: 0, idle: 0, runningIdle: 0, waitingIdle: 0 })
        .get(r.cli)!;
    const read = r.got === 'idle' || r.got === 'nil';
    if (r.want === 'running') {
      t.running++;
      if (read) t.runningIdle++;
    } else if (r.want === 'waiting') {
      t.waiting++;
      if (read) t.waitingIdle++;
    } else t.idle++;
  }
  return [...by.values()].sort((a, b) => a.cli.localeCompare(b.cli));
}

/** The table the bench and the corpus gate print: one row per CLI, then all. */
export function idleMissesTable(rows: IdleMisses[]): string {
  const all = rows.reduce(
    (s, r) => ({
      cli: 'all',
      running: s.running + r.running,
      waiting: s.waiting + r.waiting,
      idle: s.idle + r.idle,
      runningIdle: s.runningIdle + r.runningIdle,
      waitingIdle: s.waitingIdle + r.waitingIdle,
    }),
    { cli: 'all', running: 0, waiting: 0, idle: 0, runningIdle: 0, waitingIdle: 0 },
  );
  const line = (r: IdleMisses) =>
    `${r.cli.padEnd(16)} ${`${r.runningIdle}/${r.running}`.padStart(9)} ${`${r.waitingIdle}/${r.waiting}`.padStart(9)} ${String(r.idle).padStart(6)}`;
  return [
    `${'cli'.padEnd(16)} ${'run->idle'.padStart(9)} ${'ask->idle'.padStart(9)} ${'idle'.padStart(6)}`,
    ...rows.map(line),
    line(all),
  ].join('\n');
}
