import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PtySource, PtySpawnOptions } from '../pty/pty-process.js';
import { assertStartable } from '../pty/resolve-command.js';
import { findNative } from '../wire/find-native.js';
import { KeeperPty } from './keeper-pty.js';

/**
 * The native keeper this install runs (src/native/keeper/), or null: where find-native.ts finds
 * the native programs (the checkout's dist/native, or the platform package npm installed, nested
 * or hoisted). BOTSTER_KEEPER_BIN names another.
 */
export function keeperBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.BOTSTER_KEEPER_BIN) return env.BOTSTER_KEEPER_BIN;
  return findNative('botster-keeper').path;
}

export interface KeeperSourceOptions {
  /** Where the keepers listen (keeperDir): a private folder of the home. */
  dir: string;
  binary: string;
  /** Bytes of recent output each keeper holds (settings.keeper_ring_kb). */
  ring: () => number;
}

/**
 * A new PTY master (close-on-exec: no other child of this server holds it), or null where this
 * cannot be had (the keeper then opens its own and every key goes through it too).
 * BOTSTER_KEEPER_DIRECT=0 sends every key through its keeper too (a comparison).
 */
function openMaster(): number | null {
  if (process.env.BOTSTER_KEEPER_DIRECT === '0') return null;
  try {
    return fs.openSync('/dev/ptmx', fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  } catch {
    return null;
  }
}

/** A private (0700) folder of ours for the keepers' sockets. */
export function ensureKeeperDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/**
 * Agents' terminals owned by keepers: each spawn starts one keeper (it forks the agent on a new
 * PTY and returns at once, ~2 ms), then talks to it over its socket. The agent is the keeper's
 * child, not the server's, so it lives on when the server goes away.
 */
export function keeperPtys(opts: KeeperSourceOptions): PtySource {
  return {
    keeperDir: opts.dir,
    spawn(o: PtySpawnOptions): KeeperPty {
      const what = JSON.stringify(o.file);
      assertStartable(o.file, o.cwd, o.env.PATH);
      ensureKeeperDir(opts.dir);
      const sock = path.join(opts.dir, `k-${Date.now()}-${crypto.randomBytes(3).toString('hex')}.sock`);
      // The PTY master is opened here and handed to the keeper: this server writes keys and sizes
      // on it itself (no hop per key); the keeper reads it and holds it for when this server is gone.
      const master = openMaster();
      const ring = Math.floor(opts.ring());
      let r;
      try {
        r = spawnSync(
          opts.binary,
          [
            '--socket',
            sock,
            '--ring',
            String(ring),
            '--cols',
            String(Math.max(1, Math.floor(o.cols) || 80)),
            '--rows',
            String(Math.max(1, Math.floor(o.rows) || 24)),
            '--cwd',
            o.cwd,
            ...(master === null ? [] : ['--master-fd', '3']),
            '--',
            o.file,
            ...o.args,
          ],
          {
            env: o.env,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe', ...(master === null ? [] : [master])],
            timeout: 10_000,
          },
        );
      } catch (err) {
        if (master !== null) fs.closeSync(master);
        throw err;
      }
      const said = (r.stdout ?? '').trim();
      const ok = /^ok (\d+) (\d+)$/.exec(said);
      if (!ok) {
        if (master !== null) fs.closeSync(master);
        const why = said.replace(/^error /, '') || r.error?.message || (r.stderr ?? '').trim() || 'no answer';
        throw new Error(why.startsWith('cannot start') ? why : `cannot start ${what}: ${why}`);
      }
      return KeeperPty.connect(sock, Number(ok[1]), master ?? undefined, Number(ok[2]));
    },
  };
}
