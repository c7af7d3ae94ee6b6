import os from 'node:os';
import path from 'node:path';

// Which home a command means: the client (which starts its server before the CLI loads) and the
// app resolve it the same way.

/** $BOTSTER_HOME: --home, then the environment, then ~/.botster. */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const raw = flag || env.BOTSTER_HOME || path.join(os.homedir(), '.botster');
  return path.resolve(expandTilde(raw));
}

export function expandTilde(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}
