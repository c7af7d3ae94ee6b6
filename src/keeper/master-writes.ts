import fs from 'node:fs';
import { writeSome } from '../pty/direct-write.js';
import { resizeMaster } from '../pty/native-pty.js';

/** A write the master did not take at once is tried again this much later. */
const RETRY_MS = 2;

/**
 * An agent's PTY master held by this server beside its keeper (the keeper's WRITES): keys and sizes
 * go on it from here, without the keeper's hop per key. Never read here: the keeper alone reads
 * it, into its ring before anything else sees it, so a kill -9 of this server loses no output.
 */
export class MasterWrites {
  private queued: Buffer[] = [];
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly fd: number) {}

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

  /** What is still waiting to be written (handed to the keeper when this server lets go). */
  takeQueued(): Buffer | null {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const q = this.queued;
    this.queued = [];
    return q.length ? Buffer.concat(q) : null;
  }

  /** Closes this server's hold on the master (the keeper's stays). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    fs.closeSync(this.fd);
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
