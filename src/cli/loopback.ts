import { Duplex } from 'node:stream';
import type { Dialer } from '../wire/dialer.js';
import type { ControlContext, ControlHandler } from '../wire/control-request.js';
import { answer } from '../server/control-connection.js';

// The hub's socket without the socket: a command line a native client handed the server
// (./forwarded.ts) runs the CLI's own code, whose requests come here and are answered by the same
// handler, on the connection's context. So the caller is who the kernel said of that connection
// (its peer), never the server: an agent's `report` is judged as the agent's.

/** A connection to `handler` in this process: request lines in, reply lines (and `waiting` ones) out. */
class Loop extends Duplex {
  private pending = '';
  private readonly aborter = new AbortController();
  constructor(
    private readonly handler: ControlHandler,
    private readonly ctx: ControlContext,
  ) {
    super();
    // The caller hung up (its client was stopped): a request waiting for something stops too.
    const outer = ctx.signal;
    const stop = () => this.aborter.abort();
    if (outer.aborted) stop();
    else outer.addEventListener('abort', stop, { once: true });
    this.once('close', () => {
      outer.removeEventListener('abort', stop);
      stop();
    });
  }
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.pending += chunk.toString('utf8');
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      void this.answerLine(line);
    }
    done();
  }
  private async answerLine(line: string): Promise<void> {
    const ctx: ControlContext = { ...this.ctx, signal: this.aborter.signal };
    // (a stream or a link, a connection's whole life, is never started here: no forwarded command asks for one)
    const { reply } = await answer(this.handler, line, ctx, (l) => {
      if (!this.destroyed) this.push(`${l}\n`);
    });
    if (!this.destroyed) this.push(`${reply}\n`);
  }
}

/** Reaches `handler` as a connection with `ctx` would; `label` names the socket in messages. */
export function loopbackDialer(
  label: string,
  handler: ControlHandler,
  ctx: ControlContext,
  home: string,
  version: string,
): Dialer {
  return {
    label,
    loopback: true,
    dial: () => Promise.resolve({ stream: new Loop(handler, ctx), home, version }),
  };
}
