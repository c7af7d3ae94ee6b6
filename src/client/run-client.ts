import fs from 'node:fs';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Dialer } from '../wire/dialer.js';
import { ControlClientError } from '../wire/control-client.js';
import { connect } from './connect.js';
import { enterTerminal, leaveTerminal } from './terminal-modes.js';
import { ttyClaim } from './tty-claim.js';
import { installSuspend } from './suspend.js';
import { serverLog, spawnServer, type ServerStart, type StartServerOptions } from './start-server.js';
import {
  COULD_NOT_START,
  MAX_SERVER_MESSAGE,
  MSG,
  MessageReader,
  encode,
  jsonPayload,
} from '../wire/protocol.js';
import { checkSocketOwner } from '../wire/socket-path.js';
import { helloMessage, terminalSize, type SpawnSpec } from './hello.js';
import { trace } from '../trace/trace.js';
import { crashLoop, crashLoopMessage, reattachedText, type ReattachWhy } from './reattach.js';

export interface ClientOptions {
  home: string;
  socketPath: string;
  /** Agents to start in the server (`--agent` given to a server that already runs). */
  spawn: SpawnSpec[];
  /** How to start the server when none answers; undefined: attach only (`botster-tui attach`). */
  start?: Omit<StartServerOptions, 'cols' | 'rows'>;
  /** Fail when a server already runs (--restore only starts a new one). */
  onExisting?: () => string | undefined;
  /** What bin/ did before the CLI loaded: connected to the running server, or started one. */
  early?: EarlyClient;
  /** A hub on another machine (--ssh): reached through this, not the socket; `home` names it in messages. */
  dial?: Dialer;
  /** With dial: the command line that comes back (said when the connection drops). */
  again?: string;
}

/** bin/botster-tui.js asks for the server first thing (see early-start.ts) and hands over this. */
export interface EarlyClient {
  /** Connected to the running server, HELLO sent: its first frame is on the way. */
  socket?: net.Socket;
  /** That HELLO claimed our terminal for the server (the terminal is entered already). */
  claimed?: boolean;
  /** A server on its way up (its socket, once it answered, may be connected already). */
  start?: ServerStart;
  /** The server's log's size before that server started (what it writes after is about this start). */
  logSize?: number;
}

/** Exit codes of the client: 0 detached or the server stopped; 1 lost or refused; 3 no server; 4 onExisting refused. */
export async function runClient(opts: ClientOptions): Promise<number> {
  if (opts.dial) return runRemoteClient(opts, opts.dial);
  // The native client lost its server (or was handed over) and left the reattaching to us.
  let why = process.env.BOTSTER_REATTACH as ReattachWhy | undefined;
  // (Counted already by bin/'s early start, which started the new server: see early-start.ts.)
  const counted = process.env.BOTSTER_REATTACHED;
  delete process.env.BOTSTER_REATTACH;
  delete process.env.BOTSTER_REATTACHED;
  if (counted === 'loop') {
    process.stderr.write(`botster-tui: ${crashLoopMessage(opts.home)}\n`);
    return 1;
  }
  let early = opts.early;
  let fresh = !counted;
  if (counted) why = counted as ReattachWhy;
  for (;;) {
    if (why && fresh && crashLoop(opts.home, why)) {
      process.stderr.write(`botster-tui: ${crashLoopMessage(opts.home)}\n`);
      return 1;
    }
    fresh = true;
    const ino = socketIno(opts.socketPath);
    const code = await runLocalClient({ ...opts, early, ...(why ? { onExisting: undefined } : {}) }, why);
    if (typeof code === 'number') return code;
    why = code.reattach;
    early = undefined;
    trace(`client: reattaching (${why})`);
    // Handed over (botster-tui upgrade): the new server is on its way; wait for its socket (bounded:
    // then this client starts one itself). Gone is not yet there: the old server removes its socket
    // before the new one makes its own, and a client that started a server then raced `upgrade`
    // with its own version (another install's).
    if (why === 'restart') await handedOverSocket(opts.socketPath, ino);
  }
}

/** One attachment to the home's server; `{ reattach }` when the client should attach again. */
async function runLocalClient(
  opts: ClientOptions,
  why: ReattachWhy | undefined,
): Promise<number | { reattach: ReattachWhy }> {
  const size = terminalSize;
  try {
    checkSocketOwner(opts.socketPath); // our keys go to our own server only
  } catch (err) {
    opts.early?.socket?.destroy();
    process.stderr.write(`botster-tui: ${(err as Error).message}\n`);
    return 1;
  }
  // What the server writes to its log from now on is its last words if it dies (measured before a
  // server we start can have written anything of this start).
  const logSize = opts.early?.logSize ?? fileSize(serverLog(opts.home));
  let start: EarlyClient['start'] = opts.early?.start;
  let sock =
    opts.early || start ? (opts.early?.socket ?? null) : await connect(opts.socketPath).catch(() => null);
  // Handed over: the new server may have made its socket and not listen on it yet; a server of our
  // own started in that moment would race the new version's (botster-tui upgrade starts that one).
  for (const end = Date.now() + 5000; !sock && why === 'restart' && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 50));
    sock = await connect(opts.socketPath).catch(() => null);
  }
  if (sock) {
    const refusal = opts.onExisting?.();
    if (refusal) {
      sock.destroy();
      process.stderr.write(`botster-tui: ${refusal}\n`);
      return 4; // EXIT.HUB_RUNNING
    }
  } else {
    if (!opts.start) {
      process.stderr.write(
        `botster-tui: no hub server is running for ${opts.home} (start one with botster-tui)\n`,
      );
      return 3;
    }
    try {
      trace('client: starting the server');
      // Reattaching: the agents of the command line run already (adopted); they are not started again.
      const args = why ? withoutAgents(opts.start.args) : opts.start.args;
      start ??= spawnServer({ ...opts.start, args, ...size() });
      await start.listening;
      trace('client: server listening');
      try {
        sock = await connect(opts.socketPath);
      } catch (err) {
        // A server that gave up between saying it listens and our connection took its socket
        // with it: why it could not start is what to say (its pipe tells), not the missing socket.
        await start.ready;
        throw err;
      }
    } catch (err) {
      process.stderr.write(`botster-tui: ${(err as Error).message}\n`);
      return 1;
    }
  }

  // Our terminal for the server to read and write itself (keys and frames skip this process); the
  // socket carries them when it cannot be or the server says no.
  const claim = opts.early?.socket ? null : ttyClaim();
  const claimed = opts.early?.socket ? !!opts.early.claimed : claim !== null;
  const lost = () => {
    const log = newLog(opts.home, logSize);
    const failed = couldNotStart(log);
    if (failed) return failed;
    const words = lastWords(log);
    const where = `${opts.home}/logs/hub.log and logs/server.log`;
    return `lost the hub server (it was killed or crashed; its agents got SIGHUP)${words ? `; it said:\n  ${words}\n(see ${where})` : `. See ${where}`}`;
  };
  // Agents asked for on the command line are started once, not again by each reattaching.
  const spawn = why ? [] : opts.spawn;
  const reattached = why ? reattachedText(why) : undefined;
  let again: ReattachWhy | null = null;
  const code = await attached(sock, opts, {
    start,
    lost,
    claimed,
    hello: () => helloMessage(opts.home, spawn, start?.pid, claim ?? undefined, false, reattached),
    // Keepers hold the agents: a lost server is replaced (BOTSTER_KEEPER=off: they went with it).
    reattach: opts.start && process.env.BOTSTER_KEEPER !== 'off' ? (w) => void (again = w) : undefined,
  });
  return again ? { reattach: again } : code;
}

/**
 * `--ssh HOST`: the hub of another machine through `botster-tui proxy` there. The frames are drawn
 * here, so keys, the way out, OSC 52 copies (to this terminal's clipboard) and resizes work as for
 * a local hub; a lost connection is a detach: the agents there keep running.
 */
async function runRemoteClient(opts: ClientOptions, dialer: Dialer): Promise<number> {
  let dialed;
  try {
    // Before the terminal is ours: ssh may ask for a passphrase or a host key on it.
    dialed = await dialer.dial();
  } catch (err) {
    process.stderr.write(`botster-tui: ${(err as Error).message}\n`);
    return err instanceof ControlClientError && err.code === 'NO_HUB' ? 3 : 1;
  }
  const again = opts.again ?? `botster-tui --ssh ${dialer.label}`;
  return attached(dialed.stream, opts, {
    lost: () =>
      `the connection to ${dialer.label} was lost; its agents keep running there (${again} comes back)`,
    claimed: false, // the terminal is on this machine, the hub on another
    hello: () => helloMessage(dialed.home, opts.spawn, undefined, undefined, dialer.label),
    // The hub there says how to come back as its own users do.
    told: (message) =>
      message
        .replace(/botster-tui attach\b/g, again)
        .replace(/botster-tui kill-server\b/g, `${again.replace(/^botster-tui/, 'botster-tui kill-server')}`),
  });
}

interface Attached {
  start?: EarlyClient['start'];
  /** What to say when the connection ends without a word from the server. */
  lost: () => string;
  hello: () => Buffer;
  /** The HELLO claims our terminal for the server: its WELCOME says who reads the keys. */
  claimed: boolean;
  /** What the server said, as this client should say it. */
  told?: (message: string) => string;
  /** The server went away without a word, or handed over (EXIT restart): attach again instead of ending. */
  reattach?: (why: ReattachWhy) => void;
}

/** The terminal is the hub's from here until the connection ends (or we detach). */
function attached(sock: Duplex, opts: ClientOptions, a: Attached): Promise<number> {
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
    if (!opts.early?.socket) s.write(a.hello());
    // Paused first: a 'data' listener would start reading at once otherwise, and a client whose
    // terminal the server reads must read none of it (the kernel gives each key to one reader).
    stdin.pause();
    stdin.on('data', (d: Buffer) => send(MSG.INPUT, d));
    stdin.on('end', () => finish(0));
    stdout.on('resize', () => send(MSG.RESIZE, size()));
    // Without a claim the keys go through the socket from the start; with one, the server's
    // WELCOME says who reads them (until then the terminal keeps them for whoever reads first).
    if (!claimed) readInput(true);
  });
}

/** The socket file's identity (a new server binds a new one; an inode number may come back), or ''. */
/** Waits (at most 8 s) until the socket at `socket` is another one than `ino` (a new server's). */
export async function handedOverSocket(socket: string, ino: string): Promise<void> {
  const end = Date.now() + 8000;
  for (;;) {
    const now = socketIno(socket);
    if ((now !== ino && now !== '') || Date.now() >= end) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function socketIno(socket: string): string {
  try {
    const st = fs.statSync(socket);
    return `${st.ino}:${st.ctimeMs}`;
  } catch {
    return '';
  }
}

/** A server's command line without the agents it was to start (--agent CMD, --restore). */
function withoutAgents(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--agent') i++;
    else if (args[i] !== '--restore') out.push(args[i]);
  }
  return out;
}

function flush(frames: Buffer[]): void {
  if (frames.length === 0) return;
  process.stdout.write(frames.length === 1 ? frames[0] : Buffer.concat(frames));
  frames.length = 0;
}

/** The server's log since `from` (its last 4 KB at most). */
function newLog(home: string, from: number): string {
  try {
    const fd = fs.openSync(serverLog(home), 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const start = Math.max(from, size - 4096);
      const buf = Buffer.alloc(Math.max(0, size - start));
      fs.readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** A file's size, 0 when there is none. */
export const fileSize = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
};

/**
 * Why the server could not start, when its new `log` says so (a connection it dropped before it
 * could): the line as it says it to a client, else ''.
 */
function couldNotStart(log: string): string {
  const mark = `botster-tui: ${COULD_NOT_START}`;
  const line = log.split('\n').findLast((l) => l.startsWith(mark));
  return line ? line.slice('botster-tui: '.length) : '';
}

/**
 * What a server that died wrote to its stdout/stderr (its new `log`, from logs/server.log): a crash's
 * reason (an uncaught error, V8 out of memory): its last 5 lines; '' when it wrote nothing.
 */
function lastWords(log: string): string {
  return log
    .trimEnd()
    .split('\n')
    .filter((l) => l.trim())
    .slice(-5)
    .join('\n  ');
}
