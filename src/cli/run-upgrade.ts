import { spawnServer } from '../client/start-server.js';
import { processAlive } from '../pty/process-group.js';
import { plural } from '../hub/plural.js';
import { KEEPER_MAJOR, KEEPER_MINOR } from '../wire/keeper-protocol.js';
import { packageVersion } from '../wire/version.js';
import { ask } from './server-commands.js';
import type { Out } from './terminal-out.js';

/**
 * `botster-tui upgrade`: this (newly installed) version's server takes over from the running one.
 * The running server lets go of its agents (their keepers hold them), tells its clients to attach
 * again, and exits; this command starts the new server, which adopts every agent as it runs. Refused,
 * with nothing stopped, when the running server's agents are not kept (no keepers) or are kept with a
 * keeper protocol of another major version than this one's.
 */
export async function runUpgrade(home: string, socket: string, out: Out, err: Out): Promise<number> {
  const mine = packageVersion();
  const ours = `${KEEPER_MAJOR}.${KEEPER_MINOR}`;
  const info = await ask(socket, home, { op: 'ls' });
  if (!info) {
    err(`no hub server is running for ${home}; botster-tui starts one of this version (${mine})`);
    return 3;
  }
  const theirs = typeof info.keeper === 'string' ? info.keeper : null;
  const running = `botster-tui ${String(info.version)} (pid ${String(info.pid)})`;
  const restart =
    'botster-tui kill-server (it stops the agents and saves the session), then botster-tui --restore';
  if (!theirs) {
    err(
      `not upgrading: the running hub server, ${running}, runs its agents without keepers, so they would stop with it; nothing was stopped. To restart it anyway: ${restart}`,
    );
    return 1;
  }
  if (Number(theirs.split('.')[0]) !== KEEPER_MAJOR) {
    err(
      `not upgrading: the running hub server, ${running}, keeps its agents with keeper protocol ${theirs}, and this version (${mine}) speaks ${ours}: it could not adopt them. Nothing was stopped. To restart anyway: ${restart}`,
    );
    return 1;
  }
  const agents = kept(info.agents);
  const reply = await ask(socket, home, { op: 'handover', version: mine });
  if (!reply) {
    err(`the hub server of ${home} stopped meanwhile; botster-tui starts one of this version`);
    return 3;
  }
  const old = Number(reply.pid);
  const end = Date.now() + 10000;
  while (processAlive(old)) {
    if (Date.now() > end) {
      err(`the hub server (pid ${old}) did not hand over within 10 s; its agents are still kept`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const env = { ...process.env };
  delete env.BOTSTER_SOCKET;
  const started = spawnServer({ home, args: ['--home', home], env, cols: 80, rows: 24 });
  try {
    await started.ready;
  } catch (e) {
    // Another client (one that reattached) started it first: that one is this version too.
    if (!(await ask(socket, home, { op: 'ping' }))) {
      err(`${(e as Error).message}; the agents are still kept: botster-tui starts a server that adopts them`);
      return 1;
    }
  }
  const now = await ask(socket, home, { op: 'ls' });
  const adopted = kept(now?.agents);
  out(
    `upgraded the hub server of ${home}: ${running} -> botster-tui ${String(now?.version ?? mine)} (pid ${String(now?.pid)}); ${plural(adopted, 'agent')} of ${agents} carried on as they ran; attached clients reattach by themselves`,
  );
  return adopted >= agents ? 0 : 1;
}

/** The agents of an `ls` reply a keeper holds: this machine's, not exited. */
function kept(rows: unknown): number {
  if (!Array.isArray(rows)) return 0;
  return rows.filter((r: { status?: string; machine?: string }) => r.status !== 'exited' && !r.machine)
    .length;
}
