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
  // (crypto loads only here: ~6 ms of every client's start otherwise, for a path that is rarely too long.)
  const hash = process
    .getBuiltinModule('node:crypto')
    .createHash('sha256')
    .update(path.resolve(home))
    .digest('hex')
    .slice(0, 12);
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
 * Node has no way to ask a unix socket who is on the other end (no SO_PEERCRED / getpeereid in its
 * API; a native addon would be needed). The kernel answers it for us instead:
 * - server side: connecting needs write permission on the socket file (Linux unix(7); FreeBSD and
 *   macOS check it too), and ours is 0600 from its first instant (see ControlServer), so only our uid
 *   (or root) gets in; in a folder nobody else may write to, nobody can swap the file either.
 * - client side: only the process that binds a socket makes its file, owned by its uid: a socket
 *   file of another user is another user's server, and we do not talk to it (checkSocketOwner).
 */

/**
 * Before listening: the socket's folder must be ours and not writable by anyone else, or someone
 * could replace the socket with their own and read what clients type. Creates it (0700) if missing.
 * The fallback under /tmp must be private altogether (0700), as tmux's /tmp/tmux-UID.
 */
export function ensurePrivateSocketDir(socketPath: string): void {
  const dir = path.dirname(socketPath);
  if (dir === path.join('/tmp', `botster-${uid()}`)) return ensureTmpFallback(dir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir); // a symlinked home counts as the folder it leads to
  if (st.uid !== uid()) {
    throw new Error(
      `refusing to put the hub's socket in ${dir}: the folder belongs to another user (uid ${st.uid}). Use a folder of your own (--home, or BOTSTER_SOCKET)`,
    );
  }
  if ((st.mode & 0o022) !== 0) {
    const mode = (st.mode & 0o777).toString(8);
    throw new Error(
      `refusing to put the hub's socket in ${dir}: other users may write to it (mode ${mode}), so they could replace the socket with their own. Make it yours alone: chmod go-w '${dir}'`,
    );
  }
}

/** Throws when a socket file exists at `socketPath` and belongs to another user (see above). */
export function checkSocketOwner(socketPath: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(socketPath);
  } catch {
    return; // nothing there: connecting says "no hub"
  }
  if (st.uid !== uid())
    throw new Error(
      `${socketPath} belongs to another user (uid ${st.uid}): not talking to a hub that is not yours`,
    );
}

function ensureTmpFallback(dir: string): void {
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

/**
 * Where a box finds the hub's socket: a hard link to it in a folder of its own beside it, which a
 * box mounts (read-only) instead of the socket file, so a server started since (a kill -9, an
 * upgrade) is found there too: each server links its socket in as it listens. null: that path
 * would be too long for a unix socket.
 */
export function boxSocketOf(socketPath: string): string | null {
  const link = path.join(path.dirname(socketPath), 'box-socket', path.basename(socketPath));
  // (too long to connect to: a box holds the socket file itself, as it was when it started)
  return fits(link) ? link : null;
}

/**
 * Where boxes with network reach it: the hub's proxy (src/server/box-proxy.ts), a socket in the
 * same folder as boxSocketOf's, so a box sees the one a server started since as well. null: too long.
 */
export function boxNetOf(socketPath: string): string | null {
  const p = path.join(path.dirname(socketPath), 'box-socket', `net-${path.basename(socketPath)}`);
  return fits(p) ? p : null;
}
