import net from 'node:net';
import type { Duplex } from 'node:stream';
import { LineBuffer } from './line-buffer.js';
import { isDialer, type Endpoint } from './dialer.js';
import { checkSocketOwner, checkSocketPathLength } from './socket-path.js';
import { CONTROL_PROTOCOL, type ControlRequest, type WaitingNote } from './control-request.js';

export { resolveSocketPath } from './socket-path.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
// Replies carry whole frames (snapshot --live); generous, but not unbounded.
const MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** Why a request got no reply; `code` lets a CLI tell "no hub running" (go offline) from a hub that failed. */
/** LINK: the way there (ssh, the remote's botster-tui) failed; VERSION: a remote botster-tui speaks another protocol. */
export type ControlClientErrorCode =
  'NO_HUB' | 'TIMEOUT' | 'CLOSED' | 'BAD_REPLY' | 'BAD_PATH' | 'IO' | 'LINK' | 'VERSION';

export class ControlClientError extends Error {
  constructor(
    readonly code: ControlClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlClientError';
  }
}

/**
 * Sends one request over a fresh connection and resolves the hub's reply, parsed. A reply with
 * `ok: false` is still a reply (it resolves); only a missing hub, a timeout, a closed connection or
 * an unreadable reply reject, with a ControlClientError.
 */
export async function controlRequest(
  endpoint: Endpoint,
  req: ControlRequest,
  opts: RequestOptions = {},
): Promise<Record<string, unknown>> {
  const reply = await requestOnce(endpoint, req, opts);
  // A server from before `waiting` lines (the package upgraded, the server not yet) refuses the
  // field before it acts: the same request again without it.
  const older =
    opts.onWaiting && reply.ok === false && /unknown argument "waiting"/.test(String(reply.error));
  return older ? requestOnce(endpoint, req, { ...opts, onWaiting: undefined }) : reply;
}

interface RequestOptions {
  timeoutMs?: number;
  maxReplyBytes?: number;
  /**
   * Told when the request waits for the user's answer (what for, how long): from then on this
   * waits as long as the hub says (null: until the reply), not `timeoutMs`.
   */
  onWaiting?: (note: WaitingNote) => void;
}

async function requestOnce(
  endpoint: Endpoint,
  req: ControlRequest,
  opts: RequestOptions,
): Promise<Record<string, unknown>> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxReply = opts.maxReplyBytes ?? MAX_REPLY_BYTES;
  // Every request says which protocol it speaks: a server of another one answers how to restart it.
  const line =
    JSON.stringify({ v: CONTROL_PROTOCOL, ...req, ...(opts.onWaiting ? { waiting: true } : {}) }) + '\n';
  // Through a dialer (ssh) the connection is made first: its time (a passphrase typed) is not the hub's.
  const dialed = isDialer(endpoint) ? (await endpoint.dial()).stream : undefined;
  const socketPath = isDialer(endpoint) ? endpoint.label : endpoint;
  if (!dialed) checkPath(socketPath);

  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const sock: Duplex = dialed ?? net.createConnection(socketPath);
    const buffer = new LineBuffer(maxReply);
    let settled = false;
    const fail = (code: ControlClientErrorCode, message: string) =>
      settle(new ControlClientError(code, message));
    const settle = (v: Record<string, unknown> | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
    const takeReply = (text: string) => {
      let reply: unknown;
      try {
        reply = JSON.parse(text);
      } catch {
        return fail('BAD_REPLY', `the hub on ${socketPath} sent a reply that is not JSON`);
      }
      if (reply === null || typeof reply !== 'object' || Array.isArray(reply))
        return fail('BAD_REPLY', `the hub on ${socketPath} sent a reply that is not an object`);
      settle(reply as Record<string, unknown>);
    };
    // Infinity: a request the hub answers when something happens (wait without --timeout).
    const arm = (ms: number) =>
      Number.isFinite(ms)
        ? setTimeout(
            () => fail('TIMEOUT', `timed out after ${ms} ms waiting for the hub on ${socketPath}`),
            ms,
          )
        : undefined;
    let timer = arm(timeoutMs);
    /** A `waiting` line before the reply: said, and the wait is the hub's from here. */
    const waitingNote = (text: string): boolean => {
      if (!opts.onWaiting) return false;
      let note: unknown;
      try {
        note = JSON.parse(text);
      } catch {
        return false;
      }
      const w = (note as { waiting?: unknown; ok?: unknown } | null)?.waiting;
      if (!w || typeof w !== 'object' || (note as { ok?: unknown }).ok !== undefined) return false;
      const { for: what, ms } = w as { for?: unknown; ms?: unknown };
      if (typeof what !== 'string') return false;
      const bound = typeof ms === 'number' ? ms : null;
      clearTimeout(timer);
      timer = arm(bound === null ? Infinity : bound + timeoutMs);
      opts.onWaiting({ for: what, ms: bound });
      return true;
    };

    if (dialed) sock.write(line);
    else sock.on('connect', () => sock.write(line));
    sock.on('data', (chunk: Buffer) => {
      if (settled) return;
      const { lines, overflow } = buffer.push(chunk);
      const reply = lines.find((l) => !waitingNote(l));
      if (reply !== undefined) takeReply(reply);
      else if (overflow) fail('BAD_REPLY', `the hub on ${socketPath} sent a reply over ${maxReply} bytes`);
    });
    sock.on('end', () => {
      const last = buffer.end();
      if (last !== null) takeReply(last);
      else fail('CLOSED', `the hub on ${socketPath} closed the connection without replying`);
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')
        fail('NO_HUB', `no hub is listening on ${socketPath}`);
      else if (err.code === 'ECONNRESET' || err.code === 'EPIPE')
        fail('CLOSED', `the hub on ${socketPath} closed the connection without replying`);
      else if (err.code === 'EACCES')
        fail('IO', `permission denied on ${socketPath} (is the hub run by another user?)`);
      else fail('IO', `cannot talk to the hub on ${socketPath}: ${err.message}`);
    });
    sock.on('close', () => fail('CLOSED', `the hub on ${socketPath} closed the connection without replying`));
  });
}

/** A unix socket path we may connect to: short enough, and not another user's. */
export function checkPath(socketPath: string): void {
  try {
    checkSocketPathLength(socketPath);
  } catch (err) {
    throw new ControlClientError('BAD_PATH', (err as Error).message);
  }
  try {
    checkSocketOwner(socketPath);
  } catch (err) {
    throw new ControlClientError('IO', (err as Error).message);
  }
}
