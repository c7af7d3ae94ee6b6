import { MSG, PROTOCOL, encode, type ClientView, type TtyClaim } from '../wire/protocol.js';
import { packageVersion } from '../wire/version.js';

export type SpawnSpec = { command: string; cwd?: string };

/** The terminal's size as the server should draw for it. */
export const terminalSize = () => ({ cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 });

/**
 * A client's first message: who it is, its home and size, and agents to start. `startedWith`: the
 * server this client started with those agents on its command line (its pid); that one runs them
 * already, any other (one that won the race for the socket) starts them. `tty`: our terminal, for
 * the server to read and write itself (see tty-claim.ts).
 */
export function helloMessage(
  home: string,
  spawn: SpawnSpec[],
  startedWith?: number,
  tty?: TtyClaim,
  remote: string | false = false,
  reattached?: string,
  view?: ClientView | null,
): Buffer {
  // remote: a client on another machine (--ssh HOST); its own install may be another release of the
  // same protocol. The machine is HOST as the user named it: the hub's header shows it to them.
  return encode(MSG.HELLO, {
    protocol: PROTOCOL,
    version: packageVersion(),
    home,
    client: 'node',
    ...terminalSize(),
    spawn,
    ...(startedWith ? { startedWith } : {}),
    ...(tty ? { tty } : {}),
    ...(remote !== false ? { remote: true, machine: remote } : {}),
    // https://no-color.org: this terminal's user wants no colours (each client its own).
    ...(process.env.NO_COLOR ? { noColor: true } : {}),
    // This terminal lost its server (or was handed over) and attaches again: the hub says so.
    ...(reattached ? { reattached } : {}),
    // What it showed (the server's last VIEW): the new server shows it again.
    ...(reattached && view ? { view } : {}),
  });
}
