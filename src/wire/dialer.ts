import type { Duplex } from 'node:stream';

/**
 * Another way to reach a hub than its unix socket: `--ssh HOST` runs `ssh HOST botster-tui proxy`
 * and talks through its stdio (src/remote/). A connection is a byte stream as the socket would be;
 * what the proxy said about the hub comes with it.
 */
export interface Dialer {
  /** How messages name the hub: "devbox". */
  readonly label: string;
  /**
   * The hub itself, in its own process (a command line a native client handed it: src/cli/forwarded.ts):
   * this machine's hub, not another's.
   */
  readonly loopback?: boolean;
  /** A fresh connection; rejects with a ControlClientError that says why in one line. */
  dial(): Promise<Dialed>;
}

export interface Dialed {
  stream: Duplex;
  /** The hub's home on its machine (the attach HELLO names it). */
  home: string;
  /** The botster-tui that answered there. */
  version: string;
}

/** Where a client command goes: a unix socket path, or a dialer. */
export type Endpoint = string | Dialer;

export const isDialer = (e: Endpoint): e is Dialer => typeof e !== 'string';

/** An endpoint on another machine (--ssh): not a socket here, nor the hub's own loopback. */
export const isRemote = (e: Endpoint): boolean => isDialer(e) && !e.loopback;
