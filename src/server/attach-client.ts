import type net from 'node:net';
import type { PeerCred } from '../wire/control-request.js';
import type { ClientView } from '../wire/protocol.js';
import type { ClientTty } from './client-tty.js';

// What the attach server (./attach-server.ts) serves and holds: the host it serves, where keys go,
// and each attached client's record.

/** What the attach side needs from the hub it serves; clients are named by an id the server gives. */
export interface AttachHost {
  home: string;
  version: string;
  /** A client attached (said HELLO) with its terminal's size. */
  /** `machine`: the hub's machine as a client on another one named it (--ssh HOST). */
  /** `view`: what a reattaching client showed before (its HELLO), to show it again. */
  attached(id: string, cols: number, rows: number, machine?: string, view?: ClientView): void;
  detached(id: string): void;
  resized(id: string, cols: number, rows: number): void;
  /** Paint a client's whole frame next time (it needs every cell); `resumed`: it came back (ctrl+z, fg), which counts as using it. */
  redraw(id: string, resumed: boolean): void;
  input(id: string, data: Buffer): void;
  /** Agents a client asked for when it attached (`botster-tui --agent CMD` on a running server). */
  spawn(specs: Array<{ command: string; cwd?: string }>): Promise<void>;
  log(message: string): void;
  /** The number of attached clients changed. */
  changed?(clients: number): void;
  /** A client of another release (the same protocol) attached: `version` is the client's. */
  otherRelease?(version: string): void;
  /** A client attached again after its server went away or handed over (its words, to show). */
  reattached?(said: string): void;
  /**
   * Who is at the other end, by the kernel's word (`peer`: absent where it cannot be asked): why
   * the connection may not attach (an agent's process), or null. Asked before any message is read.
   */
  vet?(peer: (() => Promise<PeerCred | null>) | undefined): Promise<string | null>;
}

/** Where the clients' bytes go once the hub runs (its clients: src/input/hub-clients.ts). */
export interface KeySink {
  input(id: string, data: Buffer): void;
}

// A client that stops reading: past this much unsent output its frames are dropped, and it gets a
// whole frame once it reads again. The server never waits for a client.
export const BACKLOG_LIMIT = 1024 * 1024;
export const HELLO_TIMEOUT_MS = 5000;

export interface Client {
  id: string;
  sock: net.Socket;
  attached: boolean;
  /** Frames were dropped while it was not reading: it needs a whole one. */
  behind: boolean;
  cols: number;
  rows: number;
  helloTimer?: NodeJS.Timeout;
  /** Its terminal, which the server reads and writes itself (a local client's claim held). */
  tty: ClientTty | null;
  /** What it claimed: its terminal is opened again when it comes back from ctrl+z. */
  claim?: unknown;
  /** It gave its terminal back for ctrl+z: nothing is drawn until it comes back (REDRAW). */
  suspended: boolean;
  /** Frames written to it (the first one is traced). */
  frames: number;
  /** Its terminal's user set NO_COLOR (said in its HELLO): its frames have no colours of the hub's. */
  noColor: boolean;
  /** This machine as a client on another one named it (--ssh HOST), for the header there. */
  machine?: string;
  /** Which client it is (its HELLO says: "native" or "node"), for `ls`. */
  kind: string;
}

/** Output that waits for a client: in its terminal's stream (the server writes there) or its socket. */
export function backlog(c: Client): number {
  return c.tty ? c.tty.backlog : c.sock.writableLength;
}

/** An attached client as `ls` and the server's phases list it. */
export interface ClientRow {
  id: string;
  cols: number;
  rows: number;
  backlog: number;
  behind: boolean;
  /** Whether the server writes its terminal itself (its claim held). */
  direct: boolean;
  client: string;
  machine?: string;
}

export function clientRow(c: Client): ClientRow {
  return {
    id: c.id,
    cols: c.cols,
    rows: c.rows,
    backlog: backlog(c),
    behind: c.behind,
    direct: c.tty !== null,
    client: c.kind,
    ...(c.machine ? { machine: c.machine } : {}),
  };
}
