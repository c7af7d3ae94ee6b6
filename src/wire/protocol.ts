/**
 * The attach protocol: after a client's first byte (always 0 here, never `{` of a control request)
 * the connection carries length-prefixed messages, `[u32 BE length][u8 type][payload]`, where
 * length counts the type byte and the payload. Every message is size-limited; the first one a
 * client sends is HELLO with its protocol and package version, and a server of another version
 * answers ERROR with how to restart it instead of talking past it.
 */

export const PROTOCOL = 1;

/**
 * What a server that could not start says (EXIT's message), and writes to its log (stderr) as
 * `botster-tui: ` and that, before any connection closes: a client whose connection was still
 * queued is reset without a word, and finds the reason there.
 */
export const COULD_NOT_START = 'the hub server could not start: ';

export const MSG = Object.freeze({
  // client -> server
  HELLO: 1, // JSON { protocol, version, home, cols, rows, spawn?, startedWith?, tty?: TtyClaim, noColor?, client?: 'native'|'node', reattached?, view?: ClientView }
  INPUT: 2, // raw terminal bytes
  RESIZE: 3, // JSON { cols, rows }
  DETACH: 4, // empty
  REDRAW: 5, // empty: the terminal was used meanwhile (resumed after ctrl+z)
  STOP: 6, // empty: the client was told to stop (SIGTSTP from outside): give its terminal back, then SUSPEND
  // server -> client
  WELCOME: 65, // JSON { version, pid, home, direct }: direct: the server reads and writes the client's terminal itself
  OUTPUT: 66, // bytes to write to the terminal
  EXIT: 67, // JSON { reason: 'detached' | 'stopped' | ..., message }
  ERROR: 68, // JSON { error }
  SUSPEND: 69, // empty: give the terminal back and stop (ctrl+z)
  DIRECT: 70, // JSON { direct }: from now on the server does (true) or does not (false) read and write the client's terminal
  VIEW: 71, // JSON ClientView: what the client shows now; it says it again in the HELLO when it reattaches
});

/**
 * What a client shows (VIEW): the agent (its id, and its name should a new server number it
 * otherwise), the mode and how far that agent is scrolled back. A client remembers the last one
 * and a new server (after a crash, a kill or an upgrade) gives it back the same view. Clients of
 * before ignore VIEW (an unknown message) and servers of before the HELLO's `view`.
 */
export interface ClientView {
  agent: string | null;
  name?: string;
  mode: string;
  scroll?: number;
}

/** A ClientView from what a peer sent, or null when it is none (each field checked, clipped). */
export function clientView(v: unknown): ClientView | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (typeof o.mode !== 'string' || !o.mode || o.mode.length > 40) return null;
  const agent = typeof o.agent === 'string' && o.agent.length <= 40 ? o.agent : null;
  return {
    agent,
    ...(typeof o.name === 'string' && o.name.length <= 200 ? { name: o.name } : {}),
    mode: o.mode,
    ...(Number.isSafeInteger(o.scroll) && (o.scroll as number) > 0 ? { scroll: o.scroll as number } : {}),
  };
}

/**
 * A local client's terminal, which the server may read and write itself (as tmux does; node cannot
 * pass the descriptor): its path, its identity (device and inode), and the client process that
 * holds it (pid and start time from /proc), which the server checks before it opens the path.
 */
export interface TtyClaim {
  path: string;
  dev: number;
  ino: number;
  pid: number;
  /** /proc/PID/stat's start time: the pid is that process, not a later one with its number. */
  start: string;
}

/** Longest message a client may send (input is typed or pasted; nothing legitimate is larger). */
export const MAX_CLIENT_MESSAGE = 1024 * 1024;
/** Longest message a server may send (a full frame of a huge terminal stays far below this). */
export const MAX_SERVER_MESSAGE = 64 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);

/** One message in one buffer: the payload is encoded (or copied) straight into place after the header. */
export function encode(type: number, payload: Buffer | string | object = EMPTY): Buffer {
  if (Buffer.isBuffer(payload)) {
    const msg = header(type, payload.length);
    payload.copy(msg, 5);
    return msg;
  }
  // A frame is a string of up to megabytes: measured, then encoded once where it goes.
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const msg = header(type, Buffer.byteLength(text, 'utf8'));
  msg.write(text, 5, 'utf8');
  return msg;
}

/** A message buffer with its header written and `length` bytes of room for the payload. */
function header(type: number, length: number): Buffer {
  const msg = Buffer.allocUnsafe(5 + length);
  msg.writeUInt32BE(length + 1, 0);
  msg[4] = type;
  return msg;
}

export interface Message {
  type: number;
  payload: Buffer;
}

/** Reassembles messages from a byte stream; a message over `max` bytes is an error, before it is buffered. */
export class MessageReader {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly max: number) {}

  push(chunk: Buffer): { messages: Message[]; error?: string } {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const messages: Message[] = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (len === 0) return { messages, error: 'empty message (no type byte)' };
      if (len > this.max)
        return { messages, error: `message of ${len} bytes is over the limit of ${this.max}` };
      if (this.buf.length < 4 + len) break;
      messages.push({ type: this.buf[4], payload: this.buf.subarray(5, 4 + len) });
      this.buf = this.buf.subarray(4 + len);
    }
    return { messages };
  }
}

/** A JSON object payload, or null when it is not one. */
export function jsonPayload(payload: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A terminal size from a payload, clamped to what a terminal can be; null when malformed. */
export function sizeOf(p: Record<string, unknown> | null): { cols: number; rows: number } | null {
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
  if (!p || !ok(p.cols) || !ok(p.rows)) return null;
  return { cols: Math.min(Math.max(p.cols, 10), 1000), rows: Math.min(Math.max(p.rows, 5), 500) };
}
