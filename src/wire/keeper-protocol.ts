import path from 'node:path';
import { MAX_SOCKET_PATH_BYTES } from './socket-path.js';

/**
 * The keeper protocol (docs/keeper.md): between a hub server and the keeper that owns one agent's
 * PTY. Framing as the attach protocol's, `[u32 BE length][u8 type][payload]` with length counting
 * the type byte; payloads are binary big-endian (the keeper is C and parses no JSON). A server
 * says HELLO with its protocol version; a keeper of another major answers ERROR and closes, so a
 * server never talks past a keeper it does not understand. src/native/keeper/ takes these numbers
 * from dist/native/wire.h, written from here.
 */
export const KEEPER_MAJOR = 1;
export const KEEPER_MINOR = 3;

export const KMSG = Object.freeze({
  // server -> keeper
  HELLO: 1, // u16 major, u16 minor, u32 server pid
  INPUT: 2, // bytes for the agent's terminal
  RESIZE: 3, // u16 cols, u16 rows
  META: 4, // opaque bytes (the hub's record of the agent, JSON), kept and handed to the next server
  HANGUP: 5, // empty: hang the agent up (kill-server, a closed agent); the keeper exits after it
  // (6, 7 and 69 were 1.1's DIRECT, RING and DIRECT_OK: a server read the master itself, and a
  // kill -9 of it lost what it had read and not yet handed to the ring. Retired in 1.3.)
  // (1.3) The server that started the agent holds the PTY master too (it opened it and handed it
  // to the keeper): it writes keys and sizes on it itself, without the keeper's hop per key. The
  // keeper alone reads the master, into its ring first.
  WRITES: 8, // empty: keys and sizes go on the master from this server; RESIZE is only noted
  // keeper -> server
  WELCOME: 65, // u16 major, u16 minor, u32 agent pid, u32 keeper pid, u16 cols, u16 rows, u32 total hi, u32 total lo, u32 replay; then META
  OUTPUT: 66, // bytes the agent wrote (the replay first: `replay` bytes of the ring)
  EXITED: 67, // i32 exit code (-1: none), i32 signal (0: none)
  ERROR: 68, // text; the keeper closes this connection (it and its agent go on)
});

/** Longest message a keeper takes (input is typed or pasted; META is small). */
export const KEEPER_MAX_IN = 1024 * 1024;
/** Longest META a keeper keeps. */
export const KEEPER_MAX_META = 256 * 1024;
/** Longest message a keeper sends (an OUTPUT chunk is at most 64 KiB; a WELCOME carries META). */
export const KEEPER_MAX_OUT = KEEPER_MAX_META + 64 * 1024;
/** How long a connection may take to say HELLO before the keeper drops it. */
export const KEEPER_HELLO_MS = 5000;

/** The default ring (settings.keeper_ring_kb): recent output each keeper holds for the next server. */
export const KEEPER_RING_DEFAULT = 2 * 1024 * 1024;

/**
 * Where a home's keepers listen: `$BOTSTER_HOME/keepers/`, or where the hub's own socket had to go
 * when the home's path is too long for a unix socket (a private folder beside it).
 */
export function keeperDir(home: string, hubSocket: string): string {
  const own = path.join(home, 'keepers');
  if (Buffer.byteLength(path.join(own, 'k-00000000000000-0000.sock')) <= MAX_SOCKET_PATH_BYTES) return own;
  return hubSocket.replace(/\.sock$/, '') + '.keepers';
}
