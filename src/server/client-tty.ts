import fs from 'node:fs';
import type net from 'node:net';
import { writeNow } from '../pty/direct-write.js';
import tty from 'node:tty';
import { procStart } from '../wire/proc-start.js';
import type { TtyClaim } from '../wire/protocol.js';

// How long closing waits for what was written to reach a terminal that does not read (a stopped
// terminal, ctrl+s): the client gets its EXIT or SUSPEND after that anyway.
const FLUSH_TIMEOUT_MS = 1000;
const TTY_PATH = /^\/dev\/(pts\/\d+|tty[A-Za-z0-9]*)$/;

/**
 * A local client's terminal, read and written by the server itself (tmux's way: the keys and the
 * frames skip the client process, two wake-ups fewer each way). Opened by path after the claim
 * checks out: the path is a terminal of our user, and the process that claims it is alive on this
 * machine (its /proc entry, start time included) with that very terminal as its stdin and stdout.
 * Writes never block the server: what the terminal does not take waits in the stream, whose
 * length is the client's backlog (see AttachServer.write).
 */
export class ClientTty {
  private closed = false;

  private constructor(
    private readonly reader: tty.ReadStream,
    private readonly writer: tty.WriteStream,
    private readonly keys: KeyBuffer,
  ) {}

  /** The claimed terminal, opened; or why not (the socket carries keys and frames then). */
  static open(claim: unknown): ClientTty | string {
    const why = check(claim);
    if (typeof why === 'string') return why;
    const c = why;
    const fds: number[] = [];
    let reader: tty.ReadStream | undefined;
    try {
      // Two descriptors: libuv reopens each handle's terminal by path (its own non-blocking file
      // description, the client's and its shell's stay as they are) and closes that with the handle.
      for (const mode of [fs.constants.O_RDONLY, fs.constants.O_WRONLY]) {
        const fd = fs.openSync(c.path, mode | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
        fds.push(fd);
        const st = fs.fstatSync(fd);
        if (!tty.isatty(fd) || st.dev !== c.dev || st.ino !== c.ino || st.uid !== process.getuid?.())
          throw new Error(`${c.path} is not the terminal claimed`);
      }
      // Keys go straight to the hub from where libuv reads them (no stream machinery per key).
      const keys = new KeyBuffer();
      reader = new tty.ReadStream(fds[0], {
        onread: { buffer: keys.bytes, callback: keys.got },
      } as net.SocketConstructorOpts);
      const writer = new tty.WriteStream(fds[1]);
      // libuv reopened each terminal and left ours as a duplicate it never closes: ours go now, or
      // every attach would leave two descriptors behind (and a closed terminal's description alive).
      letGo(reader, fds[0]);
      letGo(writer, fds[1]);
      // tty.WriteStream writes synchronously (a slow terminal would stop the server): not here.
      (writer as unknown as { _handle?: { setBlocking?: (on: boolean) => void } })._handle?.setBlocking?.(
        false,
      );
      return new ClientTty(reader, writer, keys);
    } catch (err) {
      reader?.destroy();
      for (const fd of fds) {
        try {
          fs.closeSync(fd);
        } catch {
          // closed by a handle already
        }
      }
      return (err as Error).message;
    }
  }

  /** Bytes written and not yet taken by the terminal. */
  get backlog(): number {
    return this.writer.writableLength;
  }

  write(data: string): void {
    if (this.closed) return;
    // A frame goes out at once when nothing waits before it (an echo's frame: no stream
    // machinery); what the terminal does not take now waits in the stream, in order.
    const fd = (this.writer as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (this.writer.writableLength === 0 && typeof fd === 'number' && fd >= 0 && data.length <= DIRECT_MAX) {
      const rest = writeNow(fd, data);
      if (rest !== null) this.writer.write(rest ?? data);
      return;
    }
    this.writer.write(data);
  }

  /**
   * Keys and the terminal's replies go to `on` as `who`'s (a listener's method, no closure: a key's
   * way from here to the agent is counted, test/architecture/key-route.test.ts); `drained`: the
   * backlog is gone; `hungUp`: the terminal hung up.
   */
  listen<T>(on: TtyListener<T>, who: T): void {
    const gone = () => {
      if (this.closed) return;
      this.close();
      on.hungUp(who, this);
    };
    this.keys.on = on as TtyListener<unknown>;
    this.keys.who = who;
    this.reader.resume();
    this.reader.on('end', gone);
    this.reader.on('error', gone);
    this.writer.on('error', gone);
    this.writer.on('drain', () => {
      if (!this.closed) on.drained(who, this);
    });
  }

  /**
   * Stops reading at once and writes no more; `then` runs once what was written reached the
   * terminal (at most FLUSH_TIMEOUT_MS): the client may write to it itself from then on.
   */
  close(then?: () => void): void {
    if (this.closed) return void then?.();
    this.closed = true;
    this.keys.on = null;
    this.reader.destroy();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.writer.destroy();
      then?.();
    };
    if (this.writer.writableLength === 0) return finish();
    this.writer.write('', finish);
    setTimeout(finish, FLUSH_TIMEOUT_MS).unref();
  }
}

/** Frames up to this long are written straight to the terminal when nothing waits before them. */
const DIRECT_MAX = 16 * 1024;

/** Who hears a client's terminal: its bytes as `who`'s, its drained backlog, its hang-up. */
export interface TtyListener<T> {
  keys(who: T, data: Buffer): void;
  drained(who: T, tty: ClientTty): void;
  hungUp(who: T, tty: ClientTty): void;
}

/** Where libuv reads the keys into (one buffer, reused): each read is handed on as its own copy. */
class KeyBuffer {
  readonly bytes = Buffer.alloc(64 * 1024);
  on: TtyListener<unknown> | null = null;
  who: unknown = null;
  readonly got = (n: number, buf: Buffer): void => {
    this.on?.keys(this.who, Buffer.from(buf.subarray(0, n)));
  };
}

/** Closes `fd` when the stream's handle reads and writes another descriptor (libuv's reopen). */
function letGo(stream: tty.ReadStream | tty.WriteStream, fd: number): void {
  const own = (stream as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof own === 'number' && own >= 0 && own !== fd) fs.closeSync(fd);
}

/** The claim as checked, or why it does not hold. */
function check(claim: unknown): TtyClaim | string {
  if (process.platform !== 'linux') return 'the terminal is checked through /proc (Linux only)';
  const c = claim as Partial<TtyClaim> | null;
  const int = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (
    !c ||
    typeof c.path !== 'string' ||
    !TTY_PATH.test(c.path) ||
    !int(c.dev) ||
    !int(c.ino) ||
    !int(c.pid) ||
    c.pid < 2 ||
    typeof c.start !== 'string'
  )
    return 'a malformed terminal claim';
  try {
    if (fs.statSync(`/proc/${c.pid}`).uid !== process.getuid?.()) return `process ${c.pid} is another user's`;
    if (procStart(c.pid) !== c.start)
      return `process ${c.pid} is not the client (another start time): not on this machine?`;
    for (const fd of [0, 1]) {
      const st = fs.statSync(`/proc/${c.pid}/fd/${fd}`);
      if (st.dev !== c.dev || st.ino !== c.ino) return `process ${c.pid}'s fd ${fd} is not ${c.path}`;
    }
  } catch (err) {
    return `process ${c.pid}: ${(err as Error).message}`;
  }
  return c as TtyClaim;
}
