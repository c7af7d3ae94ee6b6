import type { Duplex } from 'node:stream';
import { enterTerminal, leaveTerminal } from './terminal-modes.js';
import { installSuspend } from './suspend.js';
import type { ServerStart } from './start-server.js';
import {
  MAX_SERVER_MESSAGE,
  MSG,
  MessageReader,
  clientView,
  encode,
  jsonPayload,
  type ClientView,
} from '../wire/protocol.js';
import { terminalSize } from './hello.js';
import { trace } from '../trace/trace.js';
import type { ReattachWhy } from './reattach.js';

// The client while it is attached: frames to the terminal, keys and sizes to the server (unless
// the server reads the terminal itself), a stop asked for and given back, and how it ends.

export interface Attached {
  start?: ServerStart;
  /** bin/'s early start sent the HELLO already (its connection is this one). */
  helloSent: boolean;
  /** What to say when the connection ends without a word from the server. */
  lost: () => string;
  hello: () => Buffer;
  /** The HELLO claims our terminal for the server: its WELCOME says who reads the keys. */
  claimed: boolean;
  /** What the server said, as this client should say it. */
  told?: (message: string) => string;
  /** The server went away without a word, or handed over (EXIT restart): attach again instead of ending. */
  reattach?: (why: ReattachWhy) => void;
  /** What the client shows now, as the server says (VIEW): said again when it reattaches. */
  view?: (view: ClientView) => void;
}

/** The terminal is the hub's from here until the connection ends (or we detach). */
export function attached(sock: Duplex, a: Attached): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const size = terminalSize;
  const start = a.start;
  const claimed = a.claimed;

  const s = sock;
  const send = (type: number, payload?: Buffer | object) => {
    if (!s.destroyed) s.write(encode(type, payload));
  };
  return new Promise<number>((resolve) => {
    let said: { code: number; message: string } | null = null;
    /** The server handed over to a new one (botster-tui upgrade): attach to that one. */
    let handedOver = false;
    /** The server crashed and said so (EXIT crashed): the keepers hold the agents; start a new one. */
    let crashed = false;
    let outputs = 0;
    let offSuspend: (() => void) | null = null;
    let finished = false;
    /** The server reads and writes our terminal (WELCOME, DIRECT); released: it gave it back for a stop. */
    let direct = false;
    let released = false;
    let stopAsked = false;
    let reading = false;
    const readInput = (on: boolean) => {
      if (on === reading || finished) return;
      reading = on;
      if (on) stdin.resume();
      else stdin.pause();
    };
    const finish = (code: number, message?: string) => {
      if (finished) return;
      finished = true;
      offSuspend?.();
      stdin.pause();
      s.destroy();
      leaveTerminal();
      if (message)
        (code === 0 ? process.stdout : process.stderr).write(
          `botster-tui: ${a.told ? a.told(message) : message}\n`,
        );
      resolve(code);
    };
    const reader = new MessageReader(MAX_SERVER_MESSAGE);
    s.on('data', (chunk: Buffer) => {
      const { messages, error } = reader.push(chunk);
      // Frames that came together go to the terminal in one write.
      const frames: Buffer[] = [];
      for (const m of messages) {
        if (m.type === MSG.OUTPUT) frames.push(m.payload);
        else if (m.type === MSG.WELCOME || m.type === MSG.DIRECT) {
          // The server reads our terminal itself (we must not: the kernel gives a key to one reader), or we forward it.
          direct = jsonPayload(m.payload)?.direct === true;
          if (m.type === MSG.WELCOME && direct) trace('client: welcome (the server has the terminal)');
          readInput(!direct);
        } else if (m.type === MSG.VIEW) {
          const v = clientView(jsonPayload(m.payload));
          if (v) a.view?.(v);
        } else if (m.type === MSG.EXIT) {
          const exit = jsonPayload(m.payload);
          if (exit?.reason === 'restart' && a.reattach) handedOver = true;
          // A crash: the keepers hold the agents; a new server adopts them.
          if (exit?.reason === 'crashed' && a.reattach) crashed = true;
          said = { code: 0, message: String(exit?.message ?? 'the server ended the session') };
        } else if (m.type === MSG.ERROR)
          said = {
            code: 1,
            message: String(jsonPayload(m.payload)?.error ?? 'the server refused this client'),
          };
        else if (m.type === MSG.SUSPEND) {
          flush(frames);
          released = true; // the server wrote its last to our terminal and reads it no more
          stopAsked = false;
          suspendNow();
        }
      }
      if (frames.length && outputs++ === 0) trace('client: first frame written');
      flush(frames);
      if (error) finish(1, `the server sent something unreadable (${error})`);
    });
    s.on('error', () => {});
    // A server we started may still fail while its hub starts: it says why on its pipe.
    let starting = !!start;
    start?.ready.then(
      () => (starting = false),
      (err: Error) => finish(1, err.message),
    );
    s.on('close', () => {
      if (handedOver || crashed) {
        a.reattach!(handedOver ? 'restart' : 'crashed');
        return finish(0);
      }
      if (said) return finish(said.code, said.message);
      const lost = () => {
        if (!a.reattach) return finish(1, a.lost());
        a.reattach('lost');
        finish(1);
      };
      if (starting) start!.ready.then(lost, () => {});
      else lost();
    });

    // ctrl+z in the hub (app.suspend): the server asks, we give the terminal back and stop.
    let suspendNow = () => {};
    offSuspend = installSuspend({
      leave: leaveTerminal,
      enter: enterTerminal,
      redraw: () => {
        released = false;
        send(MSG.RESIZE, size());
        send(MSG.REDRAW);
      },
      // A stop from outside while the server has our terminal: it lets go first (SUSPEND then
      // stops us), or it would go on reading the keys the shell is to get; a server that does not
      // answer within a second is not reading either.
      ask: () => {
        if (!direct || released || finished) return false;
        if (stopAsked) return true;
        stopAsked = true;
        send(MSG.STOP);
        setTimeout(() => {
          if (!stopAsked || finished) return;
          stopAsked = false;
          released = true;
          suspendNow();
        }, 1000).unref();
        return true;
      },
    });
    suspendNow = () => process.kill(process.pid, 'SIGTSTP');

    // Our terminal going away (SIGHUP: the window closed, SSH dropped) detaches; the agents live on.
    for (const sig of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const)
      process.on(sig, () => finish(sig === 'SIGHUP' ? 129 : 0, sig === 'SIGHUP' ? undefined : 'detached'));

    trace('client: attached');
    // (The frames that arrive meanwhile are emitted from the next tick on: after this.) Entered
    // before the HELLO: a server that has our terminal writes its first frame at once.
    enterTerminal();
    // A server we started runs our agents from its command line; one that won the race for the
    // socket (two cold starts at once) does not: it is asked for them, as a running one is.
    if (!a.helloSent) s.write(a.hello());
    // Paused first: a 'data' listener would start reading at once otherwise, and a client whose
    // terminal the server reads must read none of it (the kernel gives each key to one reader).
    stdin.pause();
    stdin.on('data', (d: Buffer) => send(MSG.INPUT, d));
    stdin.on('end', () => finish(0));
    stdout.on('resize', () => send(MSG.RESIZE, size()));
    // A resize between the HELLO (bin's early start sends it long before this) and the listener
    // above went unheard: say the size now (the server ignores one it has).
    send(MSG.RESIZE, size());
    // Without a claim the keys go through the socket from the start; with one, the server's
    // WELCOME says who reads them (until then the terminal keeps them for whoever reads first).
    if (!claimed) readInput(true);
  });
}

function flush(frames: Buffer[]): void {
  if (frames.length === 0) return;
  process.stdout.write(frames.length === 1 ? frames[0] : Buffer.concat(frames));
  frames.length = 0;
}
