import type { IPty } from '@lydell/node-pty';
import { writeSync } from 'node:fs';

/** node-pty's private write path: a queue drained with fs.write on the libuv thread pool. */
interface WriteInternals {
  _fd?: number;
  _writeStream?: { _writeQueue?: unknown[] };
}

const DIRECT_MAX = 4096;

/**
 * Writes small input (a key, a paste line) to the PTY master right now. node-pty queues every
 * write through the thread pool (a thread hop and a loop wake-up per key, worse on a busy machine);
 * when nothing is queued a short write() on the non-blocking master is safe and keeps order.
 * Returns what is left for the normal path: nothing, or the bytes the kernel did not take.
 */
export function directWrite(pty: IPty, data: string): Buffer | null | undefined {
  const { _fd: fd, _writeStream: ws } = pty as unknown as WriteInternals;
  if (typeof fd !== 'number' || !ws || !Array.isArray(ws._writeQueue) || ws._writeQueue.length !== 0)
    return undefined;
  if (data.length > DIRECT_MAX) return undefined;
  return writeNow(fd, data);
}

/**
 * Writes to a non-blocking descriptor what it takes now: null when all of it went, else the
 * bytes left; undefined when nothing went (EAGAIN: nobody reads; or anything odd).
 */
export function writeNow(fd: number, data: string): Buffer | null | undefined {
  try {
    return writeSome(fd, Buffer.from(data, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Writes to a non-blocking descriptor what it takes now: null when all of it went, else the bytes
 * left; undefined when none went (EAGAIN: it is full). Any other error is thrown.
 */
export function writeSome(fd: number, buf: Buffer): Buffer | null | undefined {
  let n = 0;
  try {
    n = writeSync(fd, buf);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return undefined;
    throw err;
  }
  return n >= buf.length ? null : buf.subarray(n);
}
