import type net from 'node:net';
import { LineBuffer } from '../wire/line-buffer.js';
import {
  encodeReply,
  errMessage,
  parseRequest,
  replyTo,
  type ControlContext,
  type ControlHandler,
  type PeerCred,
} from '../wire/control-request.js';
import { ControlLink, ControlStream } from '../wire/control-replies.js';
import { pipeStream } from './control-stream.js';
import { pipeLink } from './control-link.js';
import { peerCred } from './peer-cred.js';
import type { NativeFound } from '../wire/find-native.js';
import { errCode } from './socket-file.js';

// One connection to the control socket: its request lines answered in order, one reply line each;
// a reply that is a stream or a link takes the connection over; a first byte 0 hands it to the
// attach side whole.

// A client that writes requests without reading replies: stop reading until we catch up.
const PAUSE_QUEUE_AT = 256;
const OVERFLOW = Symbol('overflow');

/** What a connection needs from the server that accepted it. */
export interface ConnectionHost {
  handler: ControlHandler;
  /** Longest request line in bytes; a longer one gets an error and the connection is closed. */
  maxRequestBytes: number;
  log: (msg: string) => void;
  /** The native client that reads a peer's SO_PEERCRED, or why there is none (the kernel cannot be asked). */
  peerClient: NativeFound;
  /**
   * A connection whose first byte is 0 speaks the attach protocol: it is handed over whole, with
   * how to ask the kernel who is at its other end (absent: the kernel cannot be asked here).
   */
  onBinary?: (sock: net.Socket, first: Buffer, peer?: () => Promise<PeerCred | null>) => void;
  /** The connection is no longer the server's to close (it closed, or the attach side took it). */
  release(sock: net.Socket): void;
  /** Keeps how an open stream ends with a last line when the hub stops; returns its removal. */
  onEnder(end: (last: Record<string, unknown>) => void): () => void;
}

/** Serves `sock` until it closes (or is handed over). */
export function serveConnection(sock: net.Socket, host: ConnectionHost): void {
  const buffer = new LineBuffer(host.maxRequestBytes);
  const queue: Array<string | typeof OVERFLOW> = [];
  let head = 0;
  let pumping = false;
  let inputDone = false; // EOF seen, or an oversized line: take no more input
  let dead = false;
  const aborter = new AbortController();
  let peer: Promise<PeerCred | null> | undefined;
  // Asked once per connection, as its first bytes arrive (a client that writes and exits at once
  // must still be told: once it is gone from /proc it is unknown, never taken for the user).
  const client = host.peerClient;
  const askPeer = () => (peer ??= peerCred(sock, client.path));
  const ctx: ControlContext = {
    signal: aborter.signal,
    ...(client.path !== null ? { peer: askPeer } : { blind: client.why }),
  };

  const pending = () => queue.length - head;
  const enqueue = (item: string | typeof OVERFLOW) => {
    queue.push(item);
    if (pending() >= PAUSE_QUEUE_AT) sock.pause();
  };

  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (!dead && !sock.destroyed && pending() > 0) {
        const item = queue[head++];
        if (head > 1024 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        if (sock.isPaused() && !inputDone && pending() < PAUSE_QUEUE_AT / 2) sock.resume();
        if (item === OVERFLOW) {
          host.log(`control socket: request over ${host.maxRequestBytes} bytes; closing the connection`);
          sock.end(
            encodeReply({ ok: false, error: `request too large (over ${host.maxRequestBytes} bytes)` }) +
              '\n',
            () => sock.destroy(),
          );
          dead = true;
          return;
        }
        const { reply, stream } = await answer(host.handler, item, ctx, (line) => {
          if (!dead && !sock.destroyed) sock.write(line + '\n');
        });
        if (dead || sock.destroyed) return;
        if (!sock.write(reply + '\n')) await drained(sock);
        if (stream instanceof ControlLink) {
          // The connection is the link's from here, both ways: what came after the request is its first input.
          inputDone = true;
          dead = true;
          const rest = queue.slice(head).filter((l): l is string => l !== OVERFLOW);
          queue.length = 0;
          head = 0;
          if (sock.isPaused()) sock.resume();
          await pipeLink(sock, stream, {
            log: host.log,
            onEnder: host.onEnder,
            feed: (take) => ((linked = take), rest.forEach(take)),
          });
          return;
        }
        if (stream) {
          // The connection is the stream's from here: nothing after it is read.
          inputDone = true;
          dead = true;
          await pipeStream(sock, stream, {
            log: host.log,
            onEnder: host.onEnder,
          });
          return;
        }
      }
      if (inputDone && !dead && !sock.destroyed) sock.end();
    } finally {
      pumping = false;
    }
  };
  const kick = () => {
    pump().catch((err) => {
      host.log(`control socket: ${errMessage(err)}`);
      sock.destroy();
    });
  };

  let first = true;
  let linked: ((line: string) => void) | null = null;
  sock.on('data', (chunk: Buffer) => {
    if (linked) {
      const { lines, overflow } = buffer.push(chunk);
      for (const line of lines) linked(line);
      if (overflow) sock.destroy();
      return;
    }
    if (first && chunk.length > 0) {
      first = false;
      if (chunk[0] === 0 && host.onBinary) {
        // Not ours any more: the attach side owns (and closes) it from here.
        sock.removeAllListeners('data');
        sock.removeAllListeners('end');
        host.release(sock);
        host.onBinary(sock, chunk, client.path !== null ? askPeer : undefined);
        return;
      }
    }
    if (inputDone || dead) return;
    if (client.path !== null) void askPeer();
    const { lines, overflow } = buffer.push(chunk);
    for (const line of lines) enqueue(line);
    if (overflow) {
      inputDone = true;
      sock.pause(); // stop buffering the rest of it
      enqueue(OVERFLOW);
    }
    kick();
  });
  sock.on('end', () => {
    if (!inputDone) {
      inputDone = true;
      const last = buffer.end(); // a last request without its newline still counts
      if (last !== null) enqueue(last);
    }
    kick();
  });
  sock.on('error', (err) => {
    // EPIPE / ECONNRESET are just a client going away mid-reply.
    const code = errCode(err);
    if (code !== 'EPIPE' && code !== 'ECONNRESET') host.log(`control socket: client: ${errMessage(err)}`);
    sock.destroy();
  });
  sock.on('close', () => {
    dead = true;
    aborter.abort();
    queue.length = 0;
    head = 0;
    host.release(sock);
  });
}

/**
 * One request line -> one reply line (and, for a stream, what follows it; for a request that reads
 * them, `waiting` lines before it). Never throws.
 */
export async function answer(
  handler: ControlHandler,
  line: string,
  connection: ControlContext,
  write: (line: string) => void,
): Promise<{ reply: string; stream?: ControlStream | ControlLink }> {
  const parsed = parseRequest(line);
  if ('reply' in parsed) return { reply: parsed.reply };
  const { req } = parsed;
  // A client that reads a line before its reply is told what its request waits for.
  const ctx: ControlContext =
    req.waiting === true
      ? { ...connection, waiting: (note) => write(encodeReply({ id: req.id, waiting: note })) }
      : connection;
  try {
    const body = await handler(parsed.req, ctx);
    if (body instanceof ControlStream || body instanceof ControlLink)
      return { reply: replyTo(parsed.req, { body: body.body }), stream: body };
    return { reply: replyTo(parsed.req, { body }) };
  } catch (err) {
    return { reply: replyTo(parsed.req, { err }) };
  }
}

function drained(sock: net.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      sock.off('drain', done);
      sock.off('close', done);
      resolve();
    };
    sock.on('drain', done);
    sock.on('close', done);
  });
}
