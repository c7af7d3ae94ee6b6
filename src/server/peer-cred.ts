import { spawn, type ChildProcess } from 'node:child_process';
import type net from 'node:net';
import type { PeerCred } from '../wire/control-request.js';
import { nativeClient } from '../wire/find-native.js';
import { lineOf } from '../pty/process-tree.js';

// Who is at the other end of a control connection, from the kernel: node has no SO_PEERCRED, so the
// native client (built and packed with the package) reads it from the socket handed to it as fd 3.
// Where there is no native client (not Linux, no compiler, no platform package), the kernel cannot
// be asked and every caller is held to an agent's rules (peer-principal.ts; docs/security.md).

/**
 * The native client kept running to answer (`--peer-cred-server`): each socket goes to it over its
 * IPC channel, not to a process of its own (a process per connection cost an attach ~2-10 ms). Any
 * trouble (an older client without that mode, a crash, no answer) and a socket is asked about the
 * way it always was, by a `--peer-cred` of its own.
 */
class PeerHelper {
  private child: ChildProcess | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, (cred: { pid: number; uid: number } | null) => void>();
  private broken = false;

  constructor(private readonly client: string) {}

  ask(sock: net.Socket): Promise<{ pid: number; uid: number } | null> | null {
    const child = this.running();
    // The socket's own handle (not the net.Socket: node would track that one for its server).
    const handle = (sock as unknown as { _handle?: object })._handle;
    if (!child || !handle) return null;
    const id = ++this.seq;
    return new Promise((resolve) => {
      const done = (cred: { pid: number; uid: number } | null) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(cred);
      };
      // An answer that does not come is no answer: the caller asks the old way.
      const timer = setTimeout(() => done(null), 2000).unref();
      this.waiting.set(id, done);
      try {
        child.send({ peer: id }, handle as never, { keepOpen: true }, (err) => err && done(null));
      } catch {
        done(null);
      }
    });
  }

  private running(): ChildProcess | null {
    if (this.broken) return null;
    if (this.child) return this.child;
    try {
      const child = spawn(this.client, ['--peer-cred-server'], {
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      child.on('message', (m: { peer?: unknown; pid?: unknown; uid?: unknown }) => {
        const done = typeof m?.peer === 'number' ? this.waiting.get(m.peer) : undefined;
        if (done) done(typeof m.pid === 'number' && m.pid > 0 ? { pid: m.pid, uid: Number(m.uid) } : null);
      });
      const gone = () => {
        // An older native client (no such mode) exits at once: never tried again.
        this.broken = true;
        this.child = null;
        for (const done of [...this.waiting.values()]) done(null);
      };
      child.on('exit', gone);
      child.on('error', gone);
      // It never keeps the server from exiting, and goes with it.
      child.unref();
      child.channel?.unref();
      this.child = child;
      return child;
    } catch {
      this.broken = true;
      return null;
    }
  }
}

const helpers = new Map<string, PeerHelper>();

/** The peer of `sock` (a unix socket the hub accepted), with its ancestry; null when it cannot be told. */
export async function peerCred(
  sock: net.Socket,
  client: string | null = nativeClient().path,
): Promise<PeerCred | null> {
  if (!client || sock.destroyed) return null;
  let helper = helpers.get(client);
  if (!helper) helpers.set(client, (helper = new PeerHelper(client)));
  const asked = helper.ask(sock);
  const cred = asked ? await asked : null;
  // Its ancestry now, before a short-lived peer is gone from /proc.
  if (cred) return { pid: cred.pid, uid: cred.uid, line: lineOf(cred.pid) };
  return spawnedPeerCred(sock, client);
}

/** The same, from a `--peer-cred` process handed the socket as fd 3. */
function spawnedPeerCred(sock: net.Socket, client: string): Promise<PeerCred | null> {
  if (sock.destroyed) return Promise.resolve(null);
  const wasPaused = sock.isPaused();
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(client, ['--peer-cred'], { stdio: ['ignore', 'pipe', 'ignore', sock] });
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      // Handing the socket to a child stops the parent reading it: read on as before.
      if (!wasPaused && !sock.destroyed) sock.resume();
      const m = /^(\d+) (\d+)\s*$/.exec(out);
      if (code !== 0 || !m) return resolve(null);
      // Its ancestry now, before a short-lived peer is gone from /proc.
      const pid = Number(m[1]);
      resolve({ pid, uid: Number(m[2]), line: lineOf(pid) });
    });
  });
}
