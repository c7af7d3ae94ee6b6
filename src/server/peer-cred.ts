import { spawn } from 'node:child_process';
import type net from 'node:net';
import type { PeerCred } from '../wire/control-request.js';
import { findNative, type NativeFound } from '../wire/find-native.js';
import { lineOf } from '../pty/process-tree.js';

// Who is at the other end of a control connection, from the kernel: node has no SO_PEERCRED, so the
// native client (built and packed with the package) reads it from the socket handed to it as fd 3.
// Where there is no native client (not Linux, no compiler, no platform package), the kernel cannot
// be asked and every caller is held to an agent's rules (peer-principal.ts; docs/security.md).

let found: NativeFound | undefined;

/** The native client that answers `--peer-cred` (as bin/botster-tui finds it), or why there is none. */
export function nativeClient(): NativeFound {
  return (found ??= findNative('botster-tui'));
}

/** The peer of `sock` (a unix socket the hub accepted), with its ancestry; null when it cannot be told. */
export function peerCred(
  sock: net.Socket,
  client: string | null = nativeClient().path,
): Promise<PeerCred | null> {
  if (!client || sock.destroyed) return Promise.resolve(null);
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
