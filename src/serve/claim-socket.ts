import path from 'node:path';
import { HubRunningError, claimControl, type ClaimedControl } from '../server/claim-control.js';
import type { AttachServer } from '../server/attach-server.js';
import type { ControlServer } from '../server/control-socket.js';
import { EXIT } from '../wire/exit-codes.js';
import { COULD_NOT_START } from '../wire/protocol.js';
import { outOfFiles } from '../wire/open-files.js';
import type { readyPipe } from './ready-pipe.js';
import type { StopDeadline } from './stop-deadline.js';

// The server's first phase: it claims its home's socket (clients attach from here), and from then
// on a start that fails tells whoever attached why before it lets them go.

type Pipe = ReturnType<typeof readyPipe>;

/** The claimed socket, its server there; a number: the exit code of a server that cannot run. */
export async function claimSocket(
  home: string,
  env: NodeJS.ProcessEnv,
  attach: Pick<AttachServer, 'accept'>,
  pipe: Pipe,
  launched: boolean,
): Promise<(ClaimedControl & { server: ControlServer }) | number> {
  let claimed;
  try {
    claimed = await claimControl(home, env, (sock, first, peer) => attach.accept(sock, first, peer));
  } catch (err) {
    if (!(err instanceof HubRunningError)) throw err;
    // A client started another at the same moment (launched: ours attaches to that one as well).
    if (!pipe.open && !launched) process.stderr.write(`botster-tui: ${err.message}\n`);
    pipe.tell(`running ${err.message}`);
    return EXIT.HUB_RUNNING;
  }
  const server = claimed.server;
  if (!server) {
    // Without its socket nobody could ever attach: a server must not run on blind.
    if (!pipe.open) process.stderr.write(`botster-tui: ${claimed.error}\n`);
    pipe.tell(`error ${claimed.error}`);
    return EXIT.FAILED;
  }
  return { ...claimed, server };
}

/**
 * What a server whose start failed after it claimed its socket does: clients may be attached, so
 * it tells them why (the client the launcher started has no pipe, only its connection) and lets
 * them go so its socket can close; then the error goes on up.
 */
export function couldNotStart(o: {
  home: string;
  pipe: Pipe;
  deadline: Pick<StopDeadline, 'begin'>;
  attach: Pick<AttachServer, 'close'>;
  control: Pick<ControlServer, 'close'>;
}): (err: unknown) => Promise<never> {
  return async (err) => {
    o.deadline.begin(EXIT.FAILED);
    const why = outOfFiles(err) ?? (err as Error)?.message ?? String(err);
    o.pipe.tell(`error ${why}`);
    const said = `${COULD_NOT_START}${why} (its log: ${path.join(o.home, 'logs', 'server.log')})`;
    process.stderr.write(`botster-tui: ${said}\n`);
    // A client that connected a moment ago is let in first, so it is told why too (else it only
    // sees its connection drop).
    await letConnectionsIn();
    await o.attach.close('failed', said, true);
    await o.control.close();
    throw err;
  };
}

/** A connection waiting in the socket's queue is accepted in one loop turn and read in the next. */
export async function letConnectionsIn(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}
