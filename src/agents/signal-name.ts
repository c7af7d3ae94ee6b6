import os from 'node:os';

const NAMES = new Map<number, string>();
for (const [name, n] of Object.entries(os.constants.signals)) if (!NAMES.has(n)) NAMES.set(n, name);

/** 15 -> "SIGTERM"; null for 0, null or a number this platform has no name for. */
export function signalName(signal: number | null | undefined): string | null {
  return signal ? (NAMES.get(signal) ?? null) : null;
}

/** How an exited agent's end reads: "killed (SIGTERM)", "exited 3". */
export function exitLabel(exitCode: number | null, signal: number | null, name = signalName(signal)): string {
  if (signal) return `killed (${name ?? `signal ${signal}`})`;
  return `exited ${exitCode ?? ''}`.trim();
}
