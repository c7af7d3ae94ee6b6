import fs from 'node:fs';
import tty from 'node:tty';
import type { TtyClaim } from '../wire/protocol.js';
import { procStart } from '../wire/proc-start.js';

/**
 * This client's terminal for the server to read and write itself, or null when it cannot be (the
 * socket carries keys and frames then): BOTSTER_DIRECT_TTY=0, not Linux (the server checks the
 * claim through /proc), stdin and stdout not one terminal, a terminal another user owns.
 */
export function ttyClaim(env: NodeJS.ProcessEnv = process.env): TtyClaim | null {
  if (env.BOTSTER_DIRECT_TTY === '0' || process.platform !== 'linux' || !tty.isatty(0) || !tty.isatty(1))
    return null;
  try {
    const input = fs.fstatSync(0);
    const output = fs.fstatSync(1);
    if (!input.isCharacterDevice() || input.dev !== output.dev || input.ino !== output.ino) return null;
    if (input.uid !== process.getuid?.()) return null;
    const path = fs.readlinkSync('/proc/self/fd/0');
    if (!path.startsWith('/dev/')) return null;
    return { path, dev: input.dev, ino: input.ino, pid: process.pid, start: procStart('self') };
  } catch {
    return null;
  }
}
