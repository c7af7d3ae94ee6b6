import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { HubRunningError, claimControl } from '../server/claim-control.js';
import { registerWebAnswer } from '../server/web-reveal.js';
import { WebControl } from '../server/web-control.js';
import { removeWebState } from '../server/web-state.js';
import { installAgentBin, prependPath } from '../lifecycle/agent-path.js';
import { EXIT } from '../wire/exit-codes.js';
import {
  crashedPath,
  diedWith,
  firstFreeId,
  readSessionFile,
  sessionPath,
  type SessionAgent,
} from '../lifecycle/session-file.js';
import { keeperDir } from '../wire/keeper-protocol.js';
import { packageVersion } from '../wire/version.js';
import { COULD_NOT_START } from '../wire/protocol.js';
import { outOfFiles } from '../wire/open-files.js';
import { trace } from '../trace/trace.js';
import type { AgentSpec } from '../agents/types.js';
import type { LuaHost } from '../worker/lua-host.js';
import { plural } from '../hub/plural.js';
import { serverKeepers } from './server-keepers.js';
import { serverOps, type CliOp } from './server-ops.js';
import { ServerHubs } from './server-hubs.js';
import { readyPipe } from './ready-pipe.js';
import { serverClients } from './server-clients.js';
import { serverStop } from './server-stop.js';
import { StartNotes } from './start-notes.js';

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
  /** What the hub does while Lua evaluates its first configuration (see BootOptions). */
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
  process.title = 'botster-tui server';
  // Started by bin/botster-tui (the shell launcher) before its client booted, not for the agents.
  const launched = process.env.BOTSTER_SERVER_LAUNCHED === '1';
  delete process.env.BOTSTER_SERVER_LAUNCHED;
  if (launched) trace('server: started by the native client');
  const pipe = readyPipe(opts.readyFd);
  const hubs = new ServerHubs();
  const version = packageVersion();
  let keepersAt: string | undefined;
  let adoptedLine = () => 'no agent was kept';
  const { attach, reveal, views, takeKeys } = serverClients({
    home: opts.home,
    version,
    hubs,
    keepersAt: () => keepersAt,
    adoptedLine: () => adoptedLine(),
  });
  let claimed;
  try {
    claimed = await claimControl(opts.home, opts.env ?? process.env, (sock, first, peer) =>
      attach.accept(sock, first, peer),
    );
  } catch (err) {
    if (!(err instanceof HubRunningError)) throw err;
    // A client started another at the same moment (launched: ours attaches to that one as well).
    if (!pipe.open && !launched) process.stderr.write(`botster-tui: ${err.message}\n`);
    pipe.tell(`running ${err.message}`);
    return EXIT.HUB_RUNNING;
  }
  trace('server: socket claimed');
  keepersAt = keeperDir(opts.home, claimed.plan.path);
  const control = claimed.server;
  if (!control) {
    // Without its socket nobody could ever attach: a server must not run on blind.
    if (!pipe.open) process.stderr.write(`botster-tui: ${claimed.error}\n`);
    pipe.tell(`error ${claimed.error}`);
    return EXIT.FAILED;
  }
  pipe.tell('listening', false);
  let web: WebControl | null = null;
  const stopping = serverStop({ home: opts.home, hubs, attach, control, web: () => web });
  // From here clients may be attached: one that cannot start tells them why (the client the
  // launcher started has no pipe, only its connection), and lets them go so its socket can close.
  const startFailed = async (err: unknown): Promise<never> => {
    stopping.deadline.begin(EXIT.FAILED);
    const why = outOfFiles(err) ?? (err as Error)?.message ?? String(err);
    pipe.tell(`error ${why}`);
    const said = `${COULD_NOT_START}${why} (its log: ${path.join(opts.home, 'logs', 'server.log')})`;
    process.stderr.write(`botster-tui: ${said}\n`);
    // A client that connected a moment ago is let in first, so it is told why too (else it only
    // sees its connection drop).
    await letConnectionsIn();
    await attach.close('failed', said, true);
    await control.close();
    throw err;
  };
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
  const keepers = await serverKeepers(
    opts.home,
    claimed.plan.path,
    opts.env ?? process.env,
    () => (hubs.hub ?? hubs.building)?.config.settings.keeper_ring_kb,
  ).catch(startFailed);
  // Said once, logged and on screen: without the kernel's word every caller is held to an agent's
  // rules (peer-principal.ts), so the user's own commands meet refusals; this says why first.
  if (control.blind)
    notes.add(
      'error',
      `the hub cannot ask the kernel who connects to its socket (${control.blind}): every command is held to an agent's rules, yours too (docs/security.md)`,
      true,
    );
  for (const line of keepers.log) notes.add('info', line, false);
  for (const line of keepers.shown) notes.add('error', line, true);
  const adoptedNames = new Set(keepers.adopt.map((k) => k.meta?.name).filter(Boolean));
  adoptedLine = () =>
    keepers.adopt.length
      ? `pid ${process.pid} kept ${plural(keepers.adopt.length, 'agent')} running`
      : 'no agent was kept';
  if (keepers.adopt.length && !opts.explicitAgents) opts.agents = [];
  if (opts.restore) opts.restore = opts.restore.filter((r) => !r.name || !adoptedNames.has(r.name));
  if (claimed.plan.tooLong)
    notes.add(
      'info',
      `${claimed.plan.tooLong} is too long for a unix socket; the hub listens on ${claimed.plan.path} (agents get it as BOTSTER_SOCKET)`,
      true,
    );
  const agentEnv: Record<string, string> = { BOTSTER_SOCKET: claimed.plan.path };
  let agentBin: string | undefined;
  try {
    agentBin = installAgentBin(opts.home);
    agentEnv.PATH = prependPath(agentBin, process.env.PATH);
  } catch (err) {
    notes.add('warn', `agents will not find botster-tui on PATH: ${(err as Error).message}`, false);
  }

  // The last server's record, read before this one's agents replace it: did that server die?
  const last = readSessionFile(sessionPath(opts.home));
  stopping.onSignals();

  const webControl = () =>
    (web ??= new WebControl(
      {
        control: hubs.hub!.control,
        lua: hubs.hub!.lua,
        apply: (r, source) => hubs.hub!.runner.applyRequests(r, source),
        emit: (event, payload, subject) => void hubs.hub!.events.emit(event, payload, subject),
        pushes: hubs.hub!.webPushes,
      },
      reveal,
    ));
  let sentToClient = false;
  const extra = serverOps({
    home: opts.home,
    version,
    socket: claimed.plan.path,
    startedAt: new Date().toISOString(),
    keeperProtocol: keepers.protocol,
    keepers: !!keepers.ptys,
    attach,
    hub: () => hubs.hub!,
    web: webControl,
    handOver: stopping.handOver,
    save: stopping.save,
    stop: stopping.stop,
    cliOp: opts.cliOp,
  });

  let hub;
  try {
    hub = await Hub.start({
      ...opts,
      ...(keepers.ptys ? { ptys: keepers.ptys } : {}),
      adopt: keepers.adopt,
      // (a dead hub's agents on offer keep their numbers for when they are resumed)
      ...(opts.restore ? {} : { firstId: firstFreeId(opts.home) }),
      notices: undefined, // shown below with the other notes
      env: agentEnv,
      // The CLIs' shims go there as each configuration loads (lua/default/clis/).
      ...(agentBin ? { agentBin } : {}),
      write: (data, client) => {
        // Held while the web's box is up (false: the hub draws it whole when it closes).
        if (reveal.holds(client)) return false;
        if (!sentToClient && attach.count > 0) {
          sentToClient = true;
          trace('server: first frame to a client');
        }
        const wrote = attach.write(data, client);
        // Each frame may show another view: the client hears of it (it comes back to it when it reattaches).
        if (hubs.live) views.tell(hubs.live, client);
        // (the web's address waits for the frame its answer caused: drawn over it, not over the question)
        if (client !== undefined) reveal.framed(client);
        return wrote;
      },
      // Clients that attached while the hub's code loaded get its first frame.
      clients: () => attach.list(),
      // Keys reach the hub once its first frame is drawn and its first agent runs, not once all run.
      interactive: (h) => takeKeys(h),
      constructed: (h) => (hubs.building = h),
      onQuit: () => stopping.stop(0, 'app.quit', true),
      // The client that pressed the key is the one served.
      // Each client's own NO_COLOR (the server's environment is whoever started it).
      noColor: (client) => client !== undefined && attach.noColor(client),
      detach: () => hubs.live?.state.clientId != null && attach.detachClient(hubs.live.state.clientId),
      suspend: () => hubs.live?.state.clientId != null && attach.suspendClient(hubs.live.state.clientId),
    });
  } catch (err) {
    return startFailed(err);
  }
  hubs.hub = hub;
  // Libraries that print (node-pty logs failed writes to an exited child) go to the hub log.
  const toLog =
    (level: string) =>
    (...args: unknown[]) =>
      hubs.hub?.log.write(level, format(...args));
  console.log = console.info = toLog('info');
  console.warn = toLog('warn');
  console.error = toLog('error');
  // The agents of a server that died here (or an offer nobody answered yet) are offered; --restore
  // brought them back already. Then session.json follows this server's agents.
  if (opts.restore) fs.rmSync(crashedPath(opts.home), { force: true });
  else
    hub.sessions.takeCrashed(
      diedWith(last)
        ? { ...last!, agents: last!.agents.filter((a) => !a.name || !adoptedNames.has(a.name)) }
        : null,
    );
  hub.sessions.record();
  registerWebAnswer(hub.commands, reveal);
  // Pipeline runs this home's last server left under way go on (docs/pipelines.md).
  void hub.pipelines.resumeRuns();
  hubs.announceStarted(hub);
  takeKeys(hub);
  claimed.attach(hub.control, extra);
  // The web the server before had on comes back with the agents that outlived it (web-state.ts).
  if (keepers.adopt.length)
    void webControl()
      .resume()
      .then((line) => line && hubs.hub?.log.write('info', `server: ${line}`));
  else removeWebState(opts.home);
  hub.log.write(
    'info',
    `server: pid ${process.pid}, botster-tui ${version}, socket ${claimed.plan.path}, started at ${opts.cols}x${opts.rows}`,
  );
  for (const text of opts.notices ?? []) notes.add('error', text, true);
  notes.say(hub);
  trace('server: hub started');
  hub.sessions.announce(attach.count);
  await hub.config.reviewDroppedImprovements();
  void hub.config
    .watch()
    .catch((err) =>
      hubs.hub?.log.write('error', `watching the configuration failed: ${(err as Error).message}`),
    );
  pipe.tell('ready');
  trace('server: ready');
  // Start-up grew V8's young generation (~8 MB): give it back once the hub is quiet.
  hub.agents.memoryTrim.soon();
  return stopping.exited;
}

/** A connection waiting in the socket's queue is accepted in one loop turn and read in the next. */
async function letConnectionsIn(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}
