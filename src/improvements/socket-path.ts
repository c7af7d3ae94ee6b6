import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * How long a unix socket path may be: `sun_path` is 108 bytes on Linux (104 on macOS and the BSDs),
 * and that includes the terminating NUL, so 107 usable bytes on Linux. Node 20 (libuv 1.46) does not
 * refuse a longer path: it silently truncates it, so a server would bind a different file than the
 * one asked for, and a client could reach some other socket. Both ends therefore check first.
 */
export const MAX_SOCKET_PATH_BYTES = (process.platform === 'linux' ? 108 : 104) - 1;

const fits = (p: string) => Buffer.byteLength(p) <= MAX_SOCKET_PATH_BYTES;

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

export interface SocketPlan {
  /** Where the hub listens and clients connect. */
  path: string;
  /** Set when the home's own `hub.sock` is too long for a unix socket and `path` is the short stand-in. */
  tooLong?: string;
}

/**
 * The hub's socket: BOTSTER_SOCKET when set, else `$BOTSTER_HOME/hub.sock`; when that is too long
 * for a unix socket, a short path derived from the home, so a hub and its clients (push,
 * snapshot --live) from the same home agree without talking: `$XDG_RUNTIME_DIR/botster-HASH.sock`,
 * else `/tmp/botster-UID/HASH.sock` (a private 0700 folder, see privateSocketDir).
 */
export function planSocket(env: NodeJS.ProcessEnv, home: string): SocketPlan {
  if (env.BOTSTER_SOCKET) return { path: path.resolve(env.BOTSTER_SOCKET) };
  const own = path.join(home, 'hub.sock');
  if (fits(own)) return { path: own };
  const hash = crypto.createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 12);
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime)) {
    const p = path.join(runtime, `botster-${hash}.sock`);
    if (fits(p)) return { path: p, tooLong: own };
  }
  return { path: path.join('/tmp', `botster-${uid()}`, `${hash}.sock`), tooLong: own };
}

export function resolveSocketPath(env: NodeJS.ProcessEnv, home: string): string {
  return planSocket(env, home).path;
}

function uid(): number {
  return process.getuid?.() ?? os.userInfo().uid;
}

/**
 * Before listening on a fallback under /tmp: the folder must be ours alone (0700, owned by us, not a
 * symlink), or another user could have made it to watch or steal the socket. Creates it if missing.
 */
export function ensurePrivateSocketDir(socketPath: string): void {
  const dir = path.dirname(socketPath);
  // Only the fallback folder itself: a home that merely lives under /tmp/botster-... is the user's own choice.
  if (dir !== path.join('/tmp', `botster-${uid()}`)) return;
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== uid() || (st.mode & 0o077) !== 0) {
    throw new Error(`refusing to put the hub's socket in ${dir}: it is not a private (0700) folder of yours`);
  }
}
