/**
 * One control request line -> one reply line: the JSON shape both ends agree on. Every request and
 * reply carries the control protocol version `v`; a request of another version is refused with how
 * to restart the server (a request without `v`, typed by hand, is taken as the current one).
 */
import type { AgentRecord } from './agent-record.js';
import type { ControlLink, ControlStream } from './control-replies.js';

/** The version of the control protocol (the JSON lines on the hub's socket). */
export const CONTROL_PROTOCOL = 1;
/**
 * Its additive changes (docs/protocol.md): 1 since every verb declares its fields and refuses one it
 * does not take. A client reads it from `ping` (`protocol`); requests carry the major only.
 */
export const CONTROL_PROTOCOL_MINOR = 3;

// These answer whatever the version: they are how a user finds and stops a server of another one.
const ANY_VERSION = new Set(['ping', 'ls', 'kill-server']);

export interface ControlRequest {
  id?: string | number;
  /** The control protocol version the client speaks (CONTROL_PROTOCOL). */
  v?: number;
  op: string;
  [k: string]: unknown;
}

/** One agent as `agents` and `ls` list it (its number is its place in the list). */
/** An agent in `agents --json` and the rows a machine's hub sends: its record (hub/agent-record.ts) and these. */
export interface AgentRow extends AgentRecord {
  pid: number | null;
  /** When the state began (ISO 8601). */
  state_since: string | null;
  /** Who said so: screen (a status adapter's rule), report (the agent itself), quiet, exit. */
  state_source: string | null;
  /** The CLI's own session (conversation) id, as its hooks reported it (null: none reported). */
  session: string | null;
  cols: number;
  rows: number;
}

/**
 * What an op answers: the fields of its `ok: true` reply (a verb's as its `answer` declares them,
 * verbs/shape.ts), or the stream it answers on, line after line (events, link).
 */
export type ControlAnswer = { readonly [field: string]: unknown } | ControlStream | ControlLink;

/** A plain value a bare handler answers (one typed by hand on the socket): the reply carries it as `result`. */
export type ControlValue = string | number | boolean | null | readonly unknown[] | undefined | void;

/**
 * Answers an op: the fields of its answer are spread into the reply, a plain value becomes its
 * `result`; throw to reply `ok: false`.
 */
export type ControlHandler = (
  req: ControlRequest,
  ctx: ControlContext,
) => Promise<ControlAnswer | ControlValue> | ControlAnswer | ControlValue;

/** What a handler knows of its connection: `signal` aborts when the client hangs up (a long `wait` stops waiting). */
export interface ControlContext {
  signal: AbortSignal;
  /**
   * Who is at the other end, as the kernel says (SO_PEERCRED, read as the connection's first bytes
   * arrive); null: it could not be read (the peer is unknown).
   */
  peer?: () => Promise<PeerCred | null>;
  /**
   * Why the kernel cannot be asked who is at the other end (no native client here): the caller is
   * held to an agent's rules, never taken at its word. A socket's connection has `peer` or this;
   * neither: a request the hub passes on itself (a link's, whose connection was judged).
   */
  blind?: string;
  /**
   * Tells the caller, before the reply, what its request now waits for (the user's answer) and how
   * long: a line `{ id, waiting }`. Only for a request that reads such lines (`waiting: true` in its
   * envelope): its client then waits as long as it stays connected, so the request may too.
   */
  waiting?: (note: WaitingNote) => void;
}

/** What a request waits for, in words for its caller, and for how long (null: while it is connected). */
export interface WaitingNote {
  for: string;
  ms: number | null;
}

/** A socket peer's process and user, from the kernel. */
export interface PeerCred {
  pid: number;
  uid: number;
  /**
   * Its line of descent (itself, its parent, ... each with its session), read from /proc the moment
   * its credentials were: empty when it was gone by then (it cannot be told from an agent's).
   */
  line?: ReadonlyArray<{ pid: number; sid: number }>;
}

/** Thrown by a handler: `ok: false` with `error`, plus these fields (e.g. `reason`, the agents). */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The request in a line, or the error reply it gets. */
export function parseRequest(line: string): { req: ControlRequest } | { reply: string } {
  let req: unknown;
  try {
    req = JSON.parse(line);
  } catch {
    return { reply: encodeReply({ ok: false, error: 'request is not valid JSON' }) };
  }
  if (req === null || typeof req !== 'object' || Array.isArray(req))
    return { reply: encodeReply({ ok: false, error: 'request must be a JSON object' }) };
  const r = req as Record<string, unknown>;
  const id = r.id;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number')
    return { reply: encodeReply({ ok: false, error: 'request "id" must be a string or a number' }) };
  if (typeof r.op !== 'string' || r.op === '')
    return { reply: encodeReply({ id, ok: false, error: 'request needs a string "op"' }) };
  if (r.v !== undefined && r.v !== CONTROL_PROTOCOL && !ANY_VERSION.has(r.op)) {
    return {
      reply: encodeReply({
        id,
        ok: false,
        reason: 'version',
        error:
          `the hub server speaks control protocol ${CONTROL_PROTOCOL} and this botster-tui speaks ${String(r.v)}. ` +
          'Restart the server to use this version: botster-tui kill-server (this stops its agents; --restore brings them back), then botster-tui',
      }),
    };
  }
  return { req: r as ControlRequest };
}

/** The reply to a request the handler answered (`body`) or refused (`err`). */
export function replyTo(req: ControlRequest, outcome: { body: unknown } | { err: unknown }): string {
  const reply = replyObject(req, outcome);
  try {
    return encodeReply(reply);
  } catch (err) {
    return encodeReply({ id: req.id, ok: false, error: `reply could not be encoded: ${errMessage(err)}` });
  }
}

/** The reply as an object (a link sends it among its other lines). */
export function replyObject(
  req: ControlRequest,
  outcome: { body: unknown } | { err: unknown },
): Record<string, unknown> {
  const id = req.id;
  if ('err' in outcome) {
    const fields = outcome.err instanceof ControlError ? outcome.err.fields : {};
    const error = errMessage(outcome.err);
    // A refusal says why as `refused` too, as Lua's and the web's answer does: one answer at every door.
    return { ...fields, id, ok: false, error, ...(fields.reason === 'refused' ? { refused: error } : {}) };
  }
  const body = outcome.body;
  const reply: Record<string, unknown> = { id, ok: true };
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) Object.assign(reply, body);
  else if (body !== undefined) reply.result = body;
  reply.id = id; // the body cannot change who the reply answers, nor its verdict
  reply.ok = true;
  return reply;
}

export function encodeReply(reply: Record<string, unknown>): string {
  return JSON.stringify({ ...reply, v: CONTROL_PROTOCOL });
}

export function errMessage(err: unknown): string {
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    const m = (err as { message: string }).message;
    return m || 'error';
  }
  if (typeof err === 'string') return err || 'error';
  try {
    return String(err);
  } catch {
    return 'error';
  }
}
