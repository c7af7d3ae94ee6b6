import path from 'node:path';
import { controlRequest } from '../wire/control-client.js';
import { noHubMessage, type ServerTarget } from './agent-commands.js';
import { ControlClientError } from '../wire/control-client.js';
import type { ControlRequest } from '../wire/control-request.js';
import type { CliFlags } from './cli-flags.js';
import { EXIT } from '../wire/exit-codes.js';
import { plural } from '../hub/plural.js';
import { printable } from '../terminal/printable.js';

// `botster-tui web ...` on the hub's control socket (server/web-control.ts). It never prints the
// address's token: the hub shows that in its own window.

export async function runWeb(
  t: ServerTarget,
  args: string[],
  flags: CliFlags,
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  const [what = 'start', id] = args;
  if (!['start', 'sessions', 'revoke', 'stop'].includes(what)) {
    io.err(`unknown "${what}" (web, web sessions, web revoke ID|all, web stop)`);
    return EXIT.USAGE;
  }
  if (Boolean(flags.cert) !== Boolean(flags.key)) {
    io.err("--cert and --key go together (without both, --listen serves the hub's own certificate)");
    return EXIT.USAGE;
  }
  const req: ControlRequest = { op: 'web', action: what };
  if (what === 'revoke') req.id = id;
  if (flags.port !== undefined) req.port = flags.port;
  if (flags['read-only']) req.read_only = true;
  if (flags.listen) req.listen = flags.listen;
  if (flags.cert) req.cert = path.resolve(flags.cert);
  if (flags.key) req.key = path.resolve(flags.key);
  if (t.scope !== undefined) req.home = t.scope;
  let reply: Record<string, unknown>;
  try {
    reply = (await controlRequest(t.socket, req, { timeoutMs: 30_000 })) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof ControlClientError)) throw err;
    io.err(err.code === 'NO_HUB' ? noHubMessage(t) : err.message);
    return EXIT.NO_HUB;
  }
  if (reply.ok === false) {
    io.err(String(reply.error));
    return reply.reason === 'no_session' ? EXIT.USAGE : EXIT.FAILED;
  }
  if (flags.json) io.out(JSON.stringify(reply));
  else if (what === 'start')
    // (asked from an agent: nothing listens until the user says so at the hub)
    io.out(
      reply.listening
        ? `web: listening on ${reply.listening}${cert(reply)}; ${reply.shown}`
        : `web: not listening yet; ${reply.shown}`,
    );
  else if (what === 'sessions') {
    const list = (reply.sessions as Array<Record<string, unknown>>) ?? [];
    if (!reply.listening) io.out('web: off');
    else
      io.out(`web: listening on ${reply.listening}${cert(reply)}${list.length === 0 ? '; no sessions' : ''}`);
    for (const s of list)
      io.out(
        `${printable(String(s.id))}  ${s.readOnly ? 'read-only' : 'read-write'}  last seen ${printable(String(s.last_seen))}  ${printable(String(s.device))}`,
      );
  } else if (what === 'revoke') io.out(`web: ${plural(Number(reply.revoked), 'session')} ended`);
  else io.out(reply.stopped ? 'web: stopped' : 'web: was off');
  return 0;
}

/** The certificate's fingerprint, to check against what the browser shows. */
const cert = (reply: Record<string, unknown>) =>
  typeof reply.fingerprint === 'string' ? ` (certificate SHA-256 ${reply.fingerprint})` : '';
