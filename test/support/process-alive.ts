import { readFileSync } from 'node:fs';

/**
 * True while `pid` runs. A zombie counts as dead: on machines whose PID 1 does not reap orphans
 * (this sandbox's init does not), a killed grandchild stays a zombie forever though it is gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // vanished between the two checks
  }
}

/** Polls until every pid is dead or `ms` passes; returns the ones still alive. */
export async function waitDead(pids: number[], ms = 3000): Promise<number[]> {
  const end = Date.now() + ms;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() > end) return alive;
    await new Promise((r) => setTimeout(r, 20));
  }
}
