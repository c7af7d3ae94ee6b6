import { readSessionFile, sessionPath, type SessionAgent } from '../lifecycle/session-file.js';
import { keeperDir } from '../wire/keeper-protocol.js';
import { packageVersion } from '../wire/version.js';
import { trace } from '../trace/trace.js';
import type { AgentSpec } from '../agents/types.js';
import type { LuaHost } from '../worker/lua-host.js';
import { adoptKept, serverKeepers } from './server-keepers.js';
import { serverOps, type CliOp } from './server-ops.js';
import { ServerHubs } from './server-hubs.js';
import { readyPipe } from './ready-pipe.js';
import { serverClients } from './server-clients.js';
import { serverStop } from './server-stop.js';
import { StartNotes, socketNotes } from './start-notes.js';
import { claimSocket, couldNotStart, letConnectionsIn } from './claim-socket.js';
import { serverWeb } from './server-web.js';
import { agentEnvironment, startHub } from './start-hub.js';
import { hubStarted } from './hub-started.js';
import { dropServerMalloc } from '../wire/server-malloc.js';

// The hub server's process, in its phases: claim the socket (clients attach from here), load the
// hub's code, adopt the agents keepers held, start the hub (it takes the clients' keys once its
// first frame is drawn), then watch the configuration. Each phase is a file of this room.

export interface RunServerOptions {
  home: string;
  layoutFile?: string;
  agents: AgentSpec[];
  /** --restore: the recorded agents to bring back in their conversations (before `agents`). */
  restore?: SessionAgent[];
  /** Shown on screen once the agents started (e.g. what --restore could not bring back). */
  notices?: string[];
  lua?: LuaHost;
  scrollback?: number;
  /** The environment the socket is resolved in (the CLI drops BOTSTER_SOCKET when --home is given). */
  env?: NodeJS.ProcessEnv;
  /** The size of the terminal that asked for the server: the first frame and the agents start at it. */
  cols: number;
  rows: number;
  /** A pipe to the client that started us: "ready" or the reason we could not start, then closed. */
  readyFd?: number;
  /** What the hub does while Lua evaluates its first configuration (see BootOptions, src/app/parts.ts). */
  whileLuaWorks?: () => void;
  /** Agents were asked for (--agent, --restore): started beside adopted ones, not instead of a shell. */
  explicitAgents?: boolean;
  /** Runs an agent-side command line a native client hands over (src/cli/forwarded.ts). */
  cliOp: CliOp;
}

/**
 * The hub server of one home: owns the agents, their headless terminals, the Lua configuration and
 * the control socket, and draws for the clients attached to it. It has no terminal of its own; it
 * runs until `kill-server`, app.quit's "stop", or a signal.
 */
export async function runServer(opts: RunServerOptions): Promise<number> {
  const launched = startedAsServer();
  const pipe = readyPipe(opts.readyFd);
  const hubs = new ServerHubs();
  const version = packageVersion();
  const env = opts.env ?? process.env;
  // (what the clients that attach while it starts are told, as it comes to be known)
  const known: { keepersAt?: string; adopted: string } = { adopted: 'no agent was kept' };
  const clients = serverClients({
    home: opts.home,
    version,
    hubs,
    keepersAt: () => known.keepersAt,
    adoptedLine: () => known.adopted,
  });
  const { attach, reveal } = clients;
  const claimed = await claimSocket(opts.home, env, attach, pipe, launched);
  if (typeof claimed === 'number') return claimed;
  trace('server: socket claimed');
  known.keepersAt = keeperDir(opts.home, claimed.plan.path);
  pipe.tell('listening', false);
  const web = serverWeb(hubs, reveal);
  const stopping = serverStop({ home: opts.home, hubs, attach, control: claimed.server, web: web.current });
  const startFailed = couldNotStart({
    home: opts.home,
    pipe,
    deadline: stopping.deadline,
    attach,
    control: claimed.server,
  });
  // The hub's code (the UI) loads while the client connects.
  const { Hub } = await import('../app/hub.js').catch(startFailed);
  trace('server: hub code loaded');
  // Loading it may not have turned the event loop once (the code cache makes it one synchronous
  // step): let a client that connected meanwhile say HELLO, so the hub draws its first frame at
  // that client's size and for it.
  await letConnectionsIn();
  const notes = new StartNotes();
  // Agents keepers held for us (the server before crashed, was killed, or handed over): adopted
  // as they are; a first run's shell is not started beside them.
  const ring = () => (hubs.hub ?? hubs.building)?.config.settings.keeper_ring_kb;
  const keepers = await serverKeepers(opts.home, claimed.plan.path, env, ring).catch(startFailed);
  socketNotes(notes, claimed.server.blind, claimed.plan);
  const adopted = adoptKept(keepers, opts, notes);
  known.adopted = adopted.line;
  const agents = agentEnvironment(opts.home, claimed.plan.path, notes);
  // The last server's record, read before this one's agents replace it: did that server die?
  const last = readSessionFile(sessionPath(opts.home));
  stopping.onSignals();
  const ops = serverOps({
    home: opts.home,
    version,
    socket: claimed.plan.path,
    startedAt: new Date().toISOString(),
    keeperProtocol: keepers.protocol,
    keepers: !!keepers.ptys,
    attach,
    hub: () => hubs.hub!,
    web: web.get,
    handOver: stopping.handOver,
    save: stopping.save,
    stop: stopping.stop,
    cliOp: opts.cliOp,
  });
  let hub;
  try {
    hub = await startHub(Hub, opts, { ...clients, hubs, keepers, agents, stop: stopping.stop });
  } catch (err) {
    return startFailed(err);
  }
  await hubStarted(hub, {
    home: opts.home,
    version,
    size: opts,
    hubs,
    claimed,
    ops,
    reveal,
    takeKeys: clients.takeKeys,
    web: web.get,
    last,
    restored: !!opts.restore,
    adopted: { names: adopted.names, count: keepers.adopt.length },
    notes,
    ...(opts.notices ? { notices: opts.notices } : {}),
    clients: () => attach.count,
    pipe,
  });
  return stopping.exited;
}

/** Names the process; whether bin/botster-tui (the shell launcher) started it before its client booted. */
function startedAsServer(): boolean {
  process.title = 'botster-tui server';
  const launched = process.env.BOTSTER_SERVER_LAUNCHED === '1';
  delete process.env.BOTSTER_SERVER_LAUNCHED;
  dropServerMalloc();
  if (launched) trace('server: started by the native client');
  return launched;
}
