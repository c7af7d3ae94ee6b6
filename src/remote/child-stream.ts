import type { ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';

const KILL_AFTER_MS = 2000;

/**
 * A child's stdout and stdin as one byte stream, as a socket would be: what the hub says is read,
 * what we write goes to it; destroying it ends the child's input (the proxy at the other end hangs
 * up) and stops the child if it lingers. `first`: bytes already read past the proxy's hello.
 */
export class ChildStream extends Duplex {
  constructor(
    private readonly child: ChildProcess,
    first: Buffer,
  ) {
    // Not half-open: once the hub hung up we stop too (as a unix socket client does).
    super({ allowHalfOpen: false });
    const out = child.stdout!;
    const inp = child.stdin!;
    if (first.length > 0) this.push(first);
    out.on('data', (d: Buffer) => {
      if (!this.push(d)) out.pause();
    });
    out.on('end', () => this.push(null));
    out.on('error', (err) => this.destroy(err));
    // EPIPE: the child is gone; its stdout's end says so.
    inp.on('error', () => {});
    child.on('exit', () => {
      // Whatever it still had for us is in stdout's pipe: the end follows from there.
      if (out.readableEnded || out.destroyed) this.push(null);
    });
    // The other side is gone once its output ended: nothing we still meant to write can reach it
    // (a write stuck behind a dead child must not keep this stream, and its 'close', open).
    this.once('end', () => this.destroy());
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  override _read(): void {
    this.child.stdout?.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const inp = this.child.stdin;
    if (!inp || inp.destroyed) return cb();
    if (inp.write(chunk)) return cb();
    const done = () => {
      inp.off('drain', done);
      inp.off('close', done);
      cb();
    };
    inp.on('drain', done);
    inp.on('close', done);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.child.stdin?.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.child.stdin?.end();
    this.child.stdout?.destroy();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const timer = setTimeout(() => this.child.kill('SIGTERM'), KILL_AFTER_MS);
      timer.unref();
      this.child.once('exit', () => clearTimeout(timer));
    }
    cb(err);
  }
}
