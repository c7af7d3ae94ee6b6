import type net from 'node:net';
import { encodeReply } from '../wire/control-request.js';

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

/** Bytes a link client may leave unread before it is dropped (screens pace themselves well below). */
export const MAX_LINK_BACKLOG = 16 * 1024 * 1024;

/**
 * Runs `link` on `sock` (its first reply already written). `feed` is handed the function that takes
 * each further line the client sends. Resolves once the link ended.
 */
export function pipeLink(
  sock: net.Socket,
  link: ControlLink,
  opts: {
    log: (m: string) => void;
    feed: (take: (line: string) => void) => void;
    onEnder: (end: (last: Record<string, unknown>) => void) => () => void;
  },
): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = false;
    let session: LinkSession | null = null;
    const drains: Array<() => void> = [];
    const finish = (last?: Record<string, unknown>, destroy = false) => {
      if (done) return;
      done = true;
      unregister();
      session?.stop();
      sock.off('close', onClose);
      sock.off('drain', onDrain);
      if (destroy) sock.destroy();
      else if (!sock.destroyed) {
        if (last) sock.end(encodeReply(last) + '\n');
        else sock.end();
        setTimeout(() => sock.destroy(), 1000).unref();
      }
      resolve();
    };
    const io: LinkIo = {
      send: (line) => {
        if (done || sock.destroyed) return;
        if (sock.writableLength > MAX_LINK_BACKLOG) {
          opts.log(`control socket: a link client left ${sock.writableLength} bytes unread; dropped it`);
          return finish(undefined, true);
        }
        sock.write(encodeReply(line) + '\n');
      },
      backlog: () => sock.writableLength,
      onDrain: (cb) => drains.push(cb),
      end: (last) => finish(last),
    };
    const onDrain = () => {
      for (const cb of drains) cb();
    };
    const onClose = () => finish(undefined, true);
    sock.on('drain', onDrain);
    sock.on('close', onClose);
    const unregister = opts.onEnder((last) => finish(last));
    session = link.start(io);
    if (done) return session.stop();
    opts.feed((text) => {
      if (done) return;
      let msg: unknown;
      try {
        msg = JSON.parse(text);
      } catch {
        return;
      }
      if (msg && typeof msg === 'object' && !Array.isArray(msg))
        session!.line(msg as Record<string, unknown>);
    });
  });
}
