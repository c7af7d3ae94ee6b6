import fs from 'node:fs';
import tty from 'node:tty';
import { writeSome } from '../pty/direct-write.js';
import { resizeMaster } from '../pty/native-pty.js';

/**
 * How long output read here waits before it goes to the keeper's ring: one write per batch, after
 * the echo's frame (not on its way), and all a server killed at once can take from the next one's
 * replay.
 */
export const RING_BATCH_MS = 16;
/** A write the master did not take at once is tried again this much later. */
const RETRY_MS = 2;

/**
 * Where every master and every keeper socket is read into (node's `onread`: one read at a time, on
 * the main thread; what is kept is copied out of it at once).
 */
export const readBuffer = Buffer.alloc(64 * 1024);

export interface DirectMasterHost {
  /** Bytes the agent printed, as read. */
  data(chunk: Buffer): void;
  /** The master says no more (the agent's terminal closed), or it was closed here. */
  end(): void;
  /** Output read here, for the keeper's ring (batched; at most `ringMax` bytes, the newest). */
  ring(bytes: Buffer): void;
}

/**
 * An agent's PTY master held by this server beside its keeper (keeper.c's DIRECT): read and
 * written here, without the keeper's two hops per key. What is read goes to the keeper too, in
 * batches off the echo's path, so the next server still gets the agent's recent output.
 */
export class DirectMaster {
  private stream: tty.ReadStream | null = null;
  private queued: Buffer[] = [];
  private retry: NodeJS.Timeout | null = null;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private batchTimer: NodeJS.Timeout | null = null;
  private deadline: NodeJS.Timeout | null = null;
  private closed = false;
  private reading = false;
  ended = false;

  constructor(
    private readonly fd: number,
    private readonly host: DirectMasterHost,
    private readonly ringMax: number,
  ) {}

  /** Starts reading (once the keeper sent everything it had read itself). */
  start(): void {
    if (this.closed || this.stream) return;
    // Read through `onread` (as the keeper's socket is): pause() stops reading at once.
    const stream = new tty.ReadStream(this.fd, {
      onread: {
        buffer: readBuffer,
        callback: (n: number, buf: Buffer) => {
          // The buffer is shared and reused by the next read: what is kept is copied.
          const chunk = Buffer.from(buf.subarray(0, n));
          // To the agent first (a key's echo is drawn from there), then kept for the ring.
          this.host.data(chunk);
          this.keep(chunk);
          return true;
        },
      },
    } as ConstructorParameters<typeof tty.ReadStream>[1]);
    this.stream = stream;
    this.reading = true;
    // EIO: the slave side is closed (the agent and all it left are gone).
    stream.on('error', () => {});
    stream.on('close', () => this.finish());
    stream.resume();
  }

  write(data: string): void {
    if (this.closed) return;
    const buf = Buffer.from(data, 'utf8');
    if (this.queued.length === 0) {
      const rest = this.writeBuf(buf);
      if (rest === null) return;
      this.queued.push(rest ?? buf);
    } else this.queued.push(buf);
    this.retry ??= setTimeout(() => this.drain(), RETRY_MS);
  }

  /**
   * Sets the terminal's size here, where the keys are written: through the keeper, a key typed
   * just after a resize (a client that types takes the PTY to its size) could reach the agent
   * before its new size.
   */
  resize(cols: number, rows: number): void {
    if (this.closed) return;
    try {
      resizeMaster(this.fd, cols, rows);
    } catch {
      // The agent's terminal is gone (EIO, EBADF): its exit is on its way.
    }
  }

  /** Whether the master is read here now. */
  get live(): boolean {
    return this.reading && !this.closed;
  }

  /** What is still waiting to be written (handed to the keeper when this server lets go). */
  takeQueued(): Buffer | null {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const q = this.queued;
    this.queued = [];
    return q.length ? Buffer.concat(q) : null;
  }

  pause(): void {
    this.stream?.pause();
  }

  resume(): void {
    this.stream?.resume();
  }

  /** The batch for the ring goes now (before this server lets go of the agent). */
  flushRing(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    if (!this.batchBytes) return;
    const bytes = Buffer.concat(this.batch);
    this.batch = [];
    this.batchBytes = 0;
    this.host.ring(bytes);
  }

  /** Closed `ms` from now unless the master says no more before (the agent exited). */
  endWithin(ms: number): void {
    if (this.closed || this.deadline) return;
    this.deadline = setTimeout(() => this.close(), ms);
    this.deadline.unref();
  }

  /** Stops reading and closes this server's hold on the master (the keeper's stays). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of [this.retry, this.batchTimer, this.deadline]) if (t) clearTimeout(t);
    this.retry = this.batchTimer = this.deadline = null;
    if (this.stream) this.stream.destroy();
    else fs.closeSync(this.fd);
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
    this.host.end();
  }

  private keep(chunk: Buffer): void {
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    while (this.batch.length > 1 && this.batchBytes - this.batch[0].length >= this.ringMax)
      this.batchBytes -= this.batch.shift()!.length;
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = null;
      this.flushRing();
    }, RING_BATCH_MS).unref();
  }

  /** writeSome, where a terminal that is gone takes it all (it has nowhere to go). */
  private writeBuf(buf: Buffer): Buffer | null | undefined {
    try {
      return writeSome(this.fd, buf);
    } catch {
      return null;
    }
  }

  private drain(): void {
    this.retry = null;
    while (this.queued.length && !this.closed) {
      const head = this.queued[0];
      const rest = this.writeBuf(head);
      if (rest === null) this.queued.shift();
      else {
        if (rest) this.queued[0] = rest;
        this.retry = setTimeout(() => this.drain(), RETRY_MS);
        return;
      }
    }
  }
}
