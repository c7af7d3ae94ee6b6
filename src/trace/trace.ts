import fs from 'node:fs';

// BOTSTER_TRACE=FILE appends start-up and frame milestones to FILE, one line each:
// "ms-since-this-process-started epoch-ms pid what". The epoch time lines up the client's and
// the server's milestones (bench/startup-profile.mjs reads them).
const file = process.env.BOTSTER_TRACE;

export function trace(what: string): void {
  if (!file) return;
  try {
    const now = performance.now();
    fs.appendFileSync(file, `${now.toFixed(1)} ${(performance.timeOrigin + now).toFixed(1)} ${process.pid} ${what}\n`);
  } catch {
    // tracing must never break the hub
  }
}
