import type net from 'node:net';
import { encodeReply } from '../wire/control-request.js';
import type { ControlLink, LinkIo, LinkSession } from '../wire/control-replies.js';

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
