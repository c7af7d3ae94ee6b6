import fs from 'node:fs';

// BOTSTER_TRACE=FILE appends start-up and frame milestones to FILE, one line each:
// "ms-since-this-process-started epoch-ms pid cpu-ms wait-ms what". The epoch time lines up the
// client's, the server's and its Lua worker's lines; cpu-ms is the CPU time this thread has had so
// far and wait-ms the time it waited for a CPU (Linux schedstat; -1 elsewhere): on a loaded machine
// wall time minus waiting is what a quiet one would take (bench/startup-profile.mjs reads them).
const file = process.env.BOTSTER_TRACE;

export function trace(what: string): void {
  if (!file) return;
  try {
    const now = performance.now();
    fs.appendFileSync(
      file,
      `${now.toFixed(1)} ${(performance.timeOrigin + now).toFixed(1)} ${process.pid} ${schedstat()} ${what}\n`,
    );
  } catch {
    // tracing must never break the hub
  }
}

function schedstat(): string {
  try {
    const [run, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return `${(run / 1e6).toFixed(1)} ${(wait / 1e6).toFixed(1)}`;
  } catch {
    return '-1 -1';
  }
}
