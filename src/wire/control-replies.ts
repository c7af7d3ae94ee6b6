// The replies that keep a control connection open after their first line: a stream (events, wait)
// and a link (another hub's). Verbs answer with them; the server's socket pipes them (server/control-stream.ts, control-link.ts).

/**
 * A reply that goes on: after its first line the hub pushes event lines on the same connection
 * until the client hangs up or the hub stops (`botster-tui events`). A client that stops reading
 * must never stall the hub: its unread backlog is bounded, and past it the connection is dropped.
 */
export class ControlStream {
  constructor(
    /** The first reply line's fields (the request's `ok: true` reply). */
    readonly body: Record<string, unknown>,
    /** Starts pushing lines; returns what stops it (called once, whichever end comes first). */
    readonly start: (
      push: (line: Record<string, unknown>) => void,
      end: (last?: Record<string, unknown>) => void,
    ) => () => void,
  ) {}
}

/**
 * A reply after which the connection carries lines both ways (`link`: a hub that lists this hub's
 * agents beside its own). Lines the client sends after the request go to `line`; the hub sends
 * with `send`. Like a stream, a client that stops reading never stalls the hub: past a bounded
 * backlog the connection is dropped. `backlog` lets the sender pace itself (screens are coalesced
 * while the link is slow, not queued).
 */
export class ControlLink {
  constructor(
    /** The first reply line's fields. */
    readonly body: Record<string, unknown>,
    readonly start: (io: LinkIo) => LinkSession,
  ) {}
}

export interface LinkIo {
  send(line: Record<string, unknown>): void;
  /** Bytes written and not yet taken by the client. */
  backlog(): number;
  /** Called once the backlog drained (each time). */
  onDrain(cb: () => void): void;
  /** Ends the link (the hub stops, or it gave up on the client). */
  end(last?: Record<string, unknown>): void;
}

export interface LinkSession {
  /** A line the client sent (a JSON object; anything else is dropped before this). */
  line(msg: Record<string, unknown>): void;
  /** The link ended (either side). */
  stop(): void;
}
