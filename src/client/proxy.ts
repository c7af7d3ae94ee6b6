import type net from 'node:net';
import { connect } from './connect.js';
import { spawnServer } from './start-server.js';
import { checkSocketOwner } from '../wire/socket-path.js';
import { helloLine } from '../wire/proxy-hello.js';

// `botster-tui proxy [--home DIR] [--no-start] [--size WxH]`: this machine's hub socket on stdin and
// stdout, so that `ssh HOST botster-tui proxy` carries every client command (attach, ls, agents,
// send, new, wait, read, events, push, snapshot --live) from another machine. One line first says
// which botster-tui answered and the hub's home (src/wire/proxy-hello.ts); then the bytes go both
// ways untouched, and the proxy ends when either side does.

export interface ProxyOptions {
  home: string;
  socketPath: string;
  /** How to start the server when none runs; undefined: --no-start (say there is none). */
  start?: { args: string[]; env: NodeJS.ProcessEnv; cols: number; rows: number };
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}

/** Exit codes: 0 the connection ended; 1 the server could not start; 3 no server (--no-start). */
export async function runProxy(opts: ProxyOptions): Promise<number> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const say = (line: string) => new Promise<void>((resolve) => stdout.write(line, () => resolve()));
  try {
    checkSocketOwner(opts.socketPath);
  } catch (err) {
    await say(helloLine({ ok: false, reason: 'failed', error: (err as Error).message }));
    return 1;
  }
  let sock: net.Socket | null = await connect(opts.socketPath).catch(() => null);
  if (!sock) {
    if (!opts.start) {
      await say(
        helloLine({ ok: false, reason: 'no_hub', error: `no hub server is running for ${opts.home}` }),
      );
      return 3;
    }
    try {
      const started = spawnServer({ home: opts.home, ...opts.start });
      await started.listening;
      sock = await connect(opts.socketPath);
    } catch (err) {
      await say(helloLine({ ok: false, reason: 'failed', error: (err as Error).message }));
      return 1;
    }
  }
  await say(helloLine({ ok: true, home: opts.home }));
  return pipeBoth(sock, stdin, stdout);
}

/**
 * Bytes both ways with backpressure. Our input ending is the client's end of its requests (the hub
 * still answers them: the socket is half-closed); the hub hanging up ends us.
 */
function pipeBoth(
  sock: net.Socket,
  stdin: NodeJS.ReadableStream,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  return new Promise((resolve) => {
    stdin.pipe(sock);
    sock.pipe(stdout, { end: false });
    // The other side (ssh) went away: nobody reads what we would write.
    stdout.on('error', () => sock.destroy());
    sock.on('error', () => sock.destroy());
    sock.on('close', () => {
      stdin.unpipe(sock);
      // What the hub said last reaches our reader before we go.
      stdout.write('', () => resolve(0));
    });
  });
}
