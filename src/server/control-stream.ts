import type net from 'node:net';
import { encodeReply } from '../wire/control-request.js';
import type { ControlStream } from '../wire/control-replies.js';

/** Bytes a subscriber may leave unread before it is dropped. */
export const MAX_STREAM_BACKLOG = 1024 * 1024;

/** Runs `stream` on `sock` (its first reply already written); resolves once the stream ended. */
export function pipeStream(
  sock: net.Socket,
  stream: ControlStream,
  opts: {
    log: (m: string) => void;
    maxBacklog?: number;
    onEnder: (end: (last: Record<string, unknown>) => void) => () => void;
  },
): Promise<void> {
  const max = opts.maxBacklog ?? MAX_STREAM_BACKLOG;
  return new Promise<void>((resolve) => {
    let done = false;
    let stop: () => void = () => {};
    const finish = (last?: Record<string, unknown>, destroy = false) => {
      if (done) return;
      done = true;
      unregister();
      stop();
      sock.off('close', onClose);
      if (destroy) sock.destroy();
      else if (!sock.destroyed) {
        if (last) sock.end(encodeReply(last) + '\n');
        else sock.end();
        // A client that never reads could keep the half-closed socket: let it go soon after.
        setTimeout(() => sock.destroy(), 1000).unref();
      }
      resolve();
    };
    const push = (line: Record<string, unknown>) => {
      if (done || sock.destroyed) return;
      if (sock.writableLength > max) {
        opts.log(`control socket: an events subscriber left ${sock.writableLength} bytes unread; dropped it`);
        return finish(undefined, true);
      }
      sock.write(encodeReply(line) + '\n');
    };
    const onClose = () => finish(undefined, true);
    sock.on('close', onClose);
    const unregister = opts.onEnder((last) => finish(last));
    stop = stream.start(push, (last) => finish(last));
    if (done) stop();
  });
}
