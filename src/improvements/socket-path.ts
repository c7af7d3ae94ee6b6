import path from 'node:path';

/**
 * How long a unix socket path may be: `sun_path` is 108 bytes on Linux (104 on macOS and the BSDs),
 * and that includes the terminating NUL, so 107 usable bytes on Linux. Node 20 (libuv 1.46) does not
 * refuse a longer path: it silently truncates it, so a server would bind a different file than the
 * one asked for, and a client could reach some other socket. Both ends therefore check first.
 */
export const MAX_SOCKET_PATH_BYTES = (process.platform === 'linux' ? 108 : 104) - 1;

/** Throws a clear error when `socketPath` cannot be a unix socket address. */
export function checkSocketPathLength(socketPath: string): void {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new Error(
      `socket path is too long (${bytes} bytes; a unix socket path may be at most ${MAX_SOCKET_PATH_BYTES} bytes here): ${socketPath}. ` +
        'Set BOTSTER_SOCKET (or --home) to a shorter path.',
    );
  }
}

/** The hub's socket: BOTSTER_SOCKET when set, else `$BOTSTER_HOME/hub.sock`. */
export function resolveSocketPath(env: NodeJS.ProcessEnv, home: string): string {
  const fromEnv = env.BOTSTER_SOCKET;
  return fromEnv ? path.resolve(fromEnv) : path.join(home, 'hub.sock');
}
