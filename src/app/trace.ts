import fs from 'node:fs';

// BOTSTER_TRACE=FILE appends start-up and frame milestones (ms since process start) to FILE.
const file = process.env.BOTSTER_TRACE;

export function trace(what: string): void {
  if (!file) return;
  try {
    fs.appendFileSync(file, `${performance.now().toFixed(1)} ${what}\n`);
  } catch {
    // tracing must never break the hub
  }
}
