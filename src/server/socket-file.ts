import fs from 'node:fs';
import net from 'node:net';
import { errMessage } from '../wire/control-request.js';

// The control socket's file: made owner-only from its first instant, a stale one (a dead hub's)
// replaced, a live one (another hub's) never taken, and never deleted when it is someone else's.

// How long a probe waits for an existing socket to accept before calling it live (never steal on doubt).
const PROBE_TIMEOUT_MS = 1000;
// A socket that refuses may be a rival's between its bind and its listen (two syscalls; a busy
// machine can preempt it between them): ask again after this long before calling it stale.
const STALE_RECHECK_MS = 100;

type Probe = 'live' | 'stale' | 'gone';

/** The `code` of listen()'s error when a live hub already answers on the path. */
export const HUB_RUNNING = 'HUB_RUNNING';

/** Which file a socket path held (to tell ours from one another hub made since). */
export interface Inode {
  dev: number;
  ino: number;
}

/** Throws when the path holds a live hub or something that is not a socket; removes a stale socket. */
export async function clearStaleSocket(socketPath: string, log: (msg: string) => void): Promise<void> {
  let st: fs.Stats;
  try {
    st = await fs.promises.lstat(socketPath);
  } catch (err) {
    if (errCode(err) === 'ENOENT') return;
    throw err;
  }
  if (!st.isSocket()) throw new Error(`${socketPath} exists and is not a socket; not replacing it`);
  let state = await probe(socketPath);
  if (state === 'stale') {
    await new Promise((resolve) => setTimeout(resolve, STALE_RECHECK_MS));
    state = await probe(socketPath);
  }
  if (state === 'live')
    throw Object.assign(new Error(`another hub is running on ${socketPath}`), { code: HUB_RUNNING });
  if (state === 'gone') return;
  try {
    // Only the file we probed: not one a rival hub created meanwhile.
    const now = fs.lstatSync(socketPath);
    if (now.ino !== st.ino || now.dev !== st.dev) return;
    fs.unlinkSync(socketPath);
    log(`control socket: replaced the stale socket ${socketPath}`);
  } catch (err) {
    if (errCode(err) !== 'ENOENT') throw err;
  }
}

/**
 * server.listen on `socketPath` under a umask that makes the socket 0600 from its first instant.
 * The bind happens synchronously inside listen() (not in a cluster worker, hence exclusive): no
 * window in which another user could connect. Worker threads cannot change the umask; the
 * caller's chmod once it listens still applies.
 */
export function listenOwnerOnly(server: net.Server, socketPath: string): void {
  let oldMask: number | undefined;
  try {
    oldMask = process.umask(0o177);
  } catch {
    oldMask = undefined;
  }
  try {
    server.listen({ path: socketPath, exclusive: true });
  } finally {
    if (oldMask !== undefined) process.umask(oldMask);
  }
}

/**
 * libuv unlinks a pipe server's path on close, whatever file is there by then. If our socket was
 * removed and another hub now owns the path, move its file aside for the (synchronous) close and
 * put it back, so closing never deletes someone else's socket.
 */
export function closeKeepingForeignFile(
  server: net.Server,
  socketPath: string,
  ours: Inode | undefined,
  log: (msg: string) => void,
): void {
  let foreign = false;
  try {
    const st = fs.lstatSync(socketPath);
    foreign = !ours || st.ino !== ours.ino || st.dev !== ours.dev;
  } catch {
    foreign = false; // gone: libuv's unlink fails harmlessly
  }
  if (!foreign) {
    server.close();
    return;
  }
  const aside = `${socketPath}.${process.pid}.keep`;
  try {
    fs.renameSync(socketPath, aside);
  } catch {
    server.close();
    return;
  }
  try {
    server.close();
  } finally {
    try {
      fs.renameSync(aside, socketPath);
    } catch (err) {
      log(`control socket: could not restore ${socketPath}: ${errMessage(err)}`);
    }
  }
}

/** Is a hub accepting connections on `socketPath`? */
function probe(socketPath: string): Promise<Probe> {
  return new Promise<Probe>((resolve, reject) => {
    const sock = net.createConnection(socketPath);
    const finish = (v: Probe | Error) => {
      clearTimeout(timer);
      sock.destroy();
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
    const timer = setTimeout(() => finish('live'), PROBE_TIMEOUT_MS);
    sock.once('connect', () => finish('live'));
    sock.once('error', (err) => {
      const code = errCode(err);
      if (code === 'ECONNREFUSED') finish('stale');
      else if (code === 'ENOENT') finish('gone');
      else if (code === 'EAGAIN')
        finish('live'); // backlog full: alive, just busy
      else finish(new Error(`cannot check the existing socket ${socketPath}: ${errMessage(err)}`));
    });
  });
}

export function errCode(err: unknown): string | undefined {
  return err && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;
}

// Claiming the path (clearing a stale socket, then binding) is done under a lock: between a
// claimer's check of the stale file and its unlink, a rival could unlink it, bind its own socket
// and listen, and then lose that live socket's file to the unlink: a server nobody can reach,
// holding the agents it adopted. The lock is a directory beside the socket (mkdir is atomic); a
// claimer that died holding it leaves it, and one older than this is taken over.
const CLAIM_STALE_MS = 3000;
const CLAIM_WAIT_MS = 5000;
const CLAIM_POLL_MS = 10;

/** Runs `claim` holding the lock on claiming `socketPath` (see above). */
export async function underClaimLock<T>(socketPath: string, claim: () => Promise<T>): Promise<T> {
  const lock = `${socketPath}.claim`;
  const until = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lock, { mode: 0o700 });
      break;
    } catch (err) {
      if (errCode(err) !== 'EEXIST') throw err;
    }
    let age = 0;
    try {
      age = Date.now() - fs.statSync(lock).mtimeMs;
    } catch {
      continue; // let go of meanwhile
    }
    if (age > CLAIM_STALE_MS) {
      try {
        fs.rmdirSync(lock);
      } catch {
        // another took it over first
      }
      continue;
    }
    if (Date.now() > until) throw new Error(`${lock} is held by another hub starting on this socket`);
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
  }
  try {
    return await claim();
  } finally {
    try {
      fs.rmdirSync(lock);
    } catch {
      // (taken over as stale: the claim took too long; nothing of ours to remove)
    }
  }
}
