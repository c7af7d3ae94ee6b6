import fs from 'node:fs';
import { processAlive } from '../pty/process-group.js';
import type net from 'node:net';
import path from 'node:path';
import { connect } from './connect.js';
import type { ServerStart } from './start-server.js';

// bin/botster-tui (the shell launcher) starts a cold home's server before this client's node has
// booted, so the two boot at once, and tells us in BOTSTER_LAUNCHED_SERVER=PID:SOCKET. That server
// has no pipe to us: we know it listens when its socket answers, and that it failed when its process
// is gone first (it claims its socket within a few dozen ms of booting). Then we start one as we
// would have anyway, which says why it could not start.

/** The launched server's pid, when the launcher checked the socket this client uses (else we act as without it). */
export function launchedPid(value: string | undefined, socketPath: string): number | undefined {
  const m = value ? /^(\d+):(.+)$/s.exec(value) : null;
  return m && path.resolve(m[2]) === socketPath ? Number(m[1]) : undefined;
}

// How often we look whether the process is still there; its socket wakes us at once (fs.watch).
const LOOK_MS = 10;

/**
 * The server the launcher started, as a ServerStart: `listening` resolves once its socket answered
 * (the connection is `socket`); if the process died before, `fallback` starts one instead.
 */
export function launchedServer(
  pid: number,
  socketPath: string,
  fallback: () => ServerStart,
): ServerStart & { socket?: net.Socket } {
  const start: ServerStart & { socket?: net.Socket } = {
    listening: Promise.resolve(),
    ready: Promise.resolve(),
    pid,
  };
  const chosen = answered(pid, socketPath).then((sock) => (sock ? { sock } : { started: fallback() }));
  start.listening = chosen.then((c) => {
    if (c.sock) start.socket = c.sock;
    else {
      start.pid = c.started.pid;
      return c.started.listening;
    }
  });
  start.ready = chosen.then((c) => c.started?.ready);
  start.listening.catch(() => {});
  start.ready.catch(() => {});
  return start;
}

/** A connection to the socket once it answers, or null when `pid` died first. */
function answered(pid: number, socketPath: string): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    let watcher: fs.FSWatcher | undefined;
    let trying = false;
    let done = false;
    const finish = (sock: net.Socket | null) => {
      if (done) return void sock?.destroy();
      done = true;
      watcher?.close();
      clearInterval(timer);
      resolve(sock);
    };
    const look = () => {
      if (done || trying) return;
      if (fs.existsSync(socketPath)) {
        // (Between the socket's bind and its listen a connection is refused: the next look retries.)
        trying = true;
        connect(socketPath).then(finish, () => {
          trying = false;
          if (!processAlive(pid)) finish(null);
        });
      } else if (!processAlive(pid)) finish(null);
    };
    const timer = setInterval(look, LOOK_MS);
    try {
      // The server makes the folder too (private, as here); we need it to watch for the socket.
      const dir = path.dirname(socketPath);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      watcher = fs.watch(dir, look);
      watcher.on('error', () => {});
    } catch {
      // no watching: looking every LOOK_MS still finds it
    }
    look();
  });
}
