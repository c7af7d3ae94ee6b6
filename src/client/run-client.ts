import type net from 'node:net';
import type { Dialer } from '../wire/dialer.js';
import { ControlClientError } from '../wire/control-client.js';
import { connect } from './connect.js';
import { ttyClaim } from './tty-claim.js';
import { serverLog, spawnServer, type ServerStart, type StartServerOptions } from './start-server.js';
import { checkSocketOwner } from '../wire/socket-path.js';
import { helloMessage, terminalSize, type SpawnSpec } from './hello.js';
import { trace } from '../trace/trace.js';
import { crashLoop, crashLoopMessage, reattachedText, type ReattachWhy } from './reattach.js';
import { attached } from './attached.js';
import { handedOverSocket, socketIno } from './handover-socket.js';
import { fileSize, lostServerText } from './server-log.js';
import { clientView, type ClientView } from '../wire/protocol.js';

/**
 * How a client starts a server should none answer (its `start`), or undefined: `attach` only
 * attaches, unless it reattaches after its server was lost (a native client hands that over).
 */
export function startFor(
  attach: boolean,
  reattaching: boolean,
  start: NonNullable<ClientOptions['start']>,
): ClientOptions['start'] {
  return attach && !reattaching ? undefined : start;
}

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
  // What it showed, to show again after reattaching (the native client that handed over says it).
  const view: { last: ClientView | null } = { last: reattachView() };
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
    const code = await runLocalClient(
      { ...opts, early, ...(why ? { onExisting: undefined } : {}) },
      why,
      view,
    );
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
  view: { last: ClientView | null },
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
  const lost = () => lostServerText(opts.home, logSize);
  // Agents asked for on the command line are started once, not again by each reattaching.
  const spawn = why ? [] : opts.spawn;
  const reattached = why ? reattachedText(why) : undefined;
  let again: ReattachWhy | null = null;
  const code = await attached(sock, {
    start,
    helloSent: !!opts.early?.socket,
    lost,
    claimed,
    hello: () => helloMessage(opts.home, spawn, start?.pid, claim ?? undefined, false, reattached, view.last),
    view: (v) => (view.last = v),
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
  return attached(dialed.stream, {
    helloSent: !!opts.early?.socket,
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

/** The view a native client that lost its server showed (BOTSTER_VIEW, the server's last VIEW), once. */
export function reattachView(): ClientView | null {
  const said = process.env.BOTSTER_VIEW;
  delete process.env.BOTSTER_VIEW;
  if (!said) return null;
  try {
    return clientView(JSON.parse(said));
  } catch {
    return null;
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
