import os from 'node:os';
import type { AgentInfo } from '../agents/types.js';

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

/** Why an agent exited, in a few words ("exit 3", "killed by SIGTERM", "command not found: x"). */
export function exitReason(info: AgentInfo): string | null {
  if (info.error) return info.error;
  if (info.signal) return `killed by ${signalName(info.signal) ?? `signal ${info.signal}`}`;
  return info.exitCode === null ? null : `exit ${info.exitCode}`;
}
