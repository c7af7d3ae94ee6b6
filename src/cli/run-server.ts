import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import type { Hub } from '../app/hub.js';
import { HubRunningError, claimControl } from '../server/claim-control.js';
import { WebReveal, registerWebAnswer, webQuestionIntent } from '../server/web-reveal.js';
import { WebControl } from '../server/web-control.js';
import { removeWebState } from '../server/web-state.js';
import { installAgentBin, prependPath } from '../lifecycle/agent-path.js';
import { EXIT } from './exit-codes.js';
import {
  crashedPath,
  diedWith,
  readSessionFile,
  sessionPath,
  type SessionAgent,
} from '../lifecycle/session-file.js';
import { AttachServer } from '../server/attach-server.js';
import { ClientViews, restoreView } from './client-views.js';
import { attachVet } from '../server/attach-vet.js';
import { keeperDir } from '../wire/keeper-protocol.js';
import { packageVersion, upgradeNotice } from '../wire/version.js';
import { COULD_NOT_START } from '../wire/protocol.js';
import { outOfFiles } from '../wire/open-files.js';
import { trace } from '../trace/trace.js';
import type { AgentSpec } from '../agents/types.js';
import type { LuaHost } from '../worker/lua-host.js';
import { plural } from '../hub/plural.js';
import { serverKeepers } from './server-keepers.js';
import { StopDeadline } from './stop-deadline.js';
import { serverOps } from './server-ops.js';

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
}

const SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

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
  // The client that started us reads "listening" (attach now), then "ready" or "error WHY".
  const tell = (line: string, last = true) => {
    if (opts.readyFd === undefined) return;
    try {
      fs.writeSync(opts.readyFd, line + '\n');
      if (last) fs.closeSync(opts.readyFd);
    } catch {
      // the client that started us is gone: nobody to tell
    }
    if (last) opts.readyFd = undefined;
  };
  let hub: Hub | null = null;
  // The hub being built: its settings (the keepers' ring) hold for the agents it starts first.
  let building: Hub | null = null;
  // The hub the clients talk to: set once it takes keys, while its agents may still be starting.
  let live: Hub | null = null;
  // Clients attach while the hub starts (they get its first frame); their keys wait for it.
  let early: Array<[id: string, data: Buffer]> | null = [];
  let hubStarted: (hub: Hub) => void = () => {};
  const started = new Promise<Hub>((resolve) => (hubStarted = resolve));
  const version = packageVersion();
  // The web's address is shown at the hub's own terminal only (server/web-reveal.ts).
  const reveal = new WebReveal({
    served: () => {
      const id = live?.state.clientId;
      const c = id ? attach.list().find((x) => x.id === id) : undefined;
      return c ? { id: c.id, cols: c.cols, rows: c.rows } : null;
    },
    write: (data, client) => void attach.write(data, client),
    redraw: (client) => live?.clients.redraw(client),
    // No key of the user's asked: it waits as a question behind the badge (docs/questions.md).
    ask: (q) => (hub ?? live)?.dispatch(webQuestionIntent(q)),
    notify: (text, level = 'info') => (hub ?? live)?.notify(text, level),
    holdKeys: (id) => attach.sendKeys(live?.clients ?? null, id),
  });
  let web: WebControl | null = null;
  const attach = new AttachServer({
    home: opts.home,
    version,
    attached: (id, cols, rows, machine, view) => {
      live?.clients.attach(id, cols, rows, machine);
      hub?.sessions.attached();
      // Once the hub runs with the agents it adopted: the view this client showed before.
      if (view) void started.then((h) => restoreView(h, id, view));
    },
    detached: (id) => {
      views.forget(id);
      live?.clients.detach(id);
    },
    resized: (id, cols, rows) => live?.clients.resize(id, cols, rows),
    redraw: (id, resumed) => {
      if (resumed) live?.clients.activate(id);
      live?.clients.redraw(id);
    },
    input: (id, data) =>
      reveal.input(id, data) || (live ? live.clients.input(id, data) : early?.push([id, data])),
    spawn: async (specs) => {
      const h = hub ?? (await started);
      await h.lifecycle.spawnAsked(specs);
    },
    log: (m) => hub?.log.write('info', m),
    changed: (n) => {
      trace(`server: ${plural(n, 'client')} attached`);
      hub?.log.write('info', `attach: ${plural(n, 'client')} attached`);
    },
    otherRelease: (theirs) => void started.then((h) => h.notify(upgradeNotice(theirs, version), 'info')),
    // The kernel says who connects: an agent's process never attaches (its keys would be yours).
    vet: attachVet(() => ({
      agents: (live ?? building)?.agents ?? { list: () => [] },
      ...(keepersAt ? { keeperDir: keepersAt } : {}),
    })),
    // One line, once: a client that lost its server (or was handed over) says so through this one.
    reattached: (said) => {
      if (reattachSaid) return;
      reattachSaid = true;
      // It stays until the user's next key: notices that come as the hub starts (a waiting
      // question's) must not take it off before it was read.
      void started.then((h) => h.notify(`${said}; ${adoptedLine()}`, 'info', true));
    },
  });
  let reattachSaid = false;
  // What each client was last told it shows (VIEW is sent when that changes).
  const views = new ClientViews(attach);
  const tellViews = (h: Hub, only?: string) => views.tell(h, only);
  let keepersAt: string | undefined;
  let adoptedLine = () => 'no agent was kept';
  let claimed;
  try {
    claimed = await claimControl(opts.home, opts.env ?? process.env, (sock, first, peer) =>
      attach.accept(sock, first, peer),
    );
  } catch (err) {
    if (!(err instanceof HubRunningError)) throw err;
    // A client started another at the same moment (launched: ours attaches to that one as well).
    if (opts.readyFd === undefined && !launched) process.stderr.write(`botster-tui: ${err.message}\n`);
    tell(`running ${err.message}`);
    return EXIT.HUB_RUNNING;
  }
  trace('server: socket claimed');
  keepersAt = keeperDir(opts.home, claimed.plan.path);
  const control = claimed.server;
  if (!control) {
    // Without its socket nobody could ever attach: a server must not run on blind.
    if (opts.readyFd === undefined) process.stderr.write(`botster-tui: ${claimed.error}\n`);
    tell(`error ${claimed.error}`);
    return EXIT.FAILED;
  }
  tell('listening', false);
  // However it stops, the server is gone within 2 s of starting to (stop-deadline.ts).
  // Agents that were not handed to their keepers for the next server go with it, hard.
  let keeping = false;
  const deadline = new StopDeadline((code, why) => {
    hub?.log.write('error', `server: ${why}; exiting now`);
    if (!keeping)
      for (const a of (hub ?? live)?.agents.list() ?? [])
        try {
          a.kill('SIGKILL');
        } catch {
          // gone meanwhile
        }
    process.exit(code);
  });
  // From here clients may be attached: one that cannot start tells them why (the client the
  // launcher started has no pipe, only its connection), and lets them go so its socket can close.
  const startFailed = async (err: unknown): Promise<never> => {
    deadline.begin(EXIT.FAILED);
    const why = outOfFiles(err) ?? (err as Error)?.message ?? String(err);
    tell(`error ${why}`);
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
  const notes: Array<[level: string, message: string, onScreen: boolean]> = [];
  // Agents keepers held for us (the server before crashed, was killed, or handed over): adopted
  // as they are; a first run's shell is not started beside them.
  const keepers = await serverKeepers(
    opts.home,
    claimed.plan.path,
    opts.env ?? process.env,
    () => (hub ?? building)?.config.settings.keeper_ring_kb,
  ).catch(startFailed);
  // Said once, logged and on screen: without the kernel's word every caller is held to an agent's
  // rules (peer-principal.ts), so the user's own commands meet refusals; this says why first.
  if (control.blind)
    notes.push([
      'error',
      `the hub cannot ask the kernel who connects to its socket (${control.blind}): every command is held to an agent's rules, yours too (docs/security.md)`,
      true,
    ]);
  for (const line of keepers.log) notes.push(['info', line, false]);
  for (const line of keepers.shown) notes.push(['error', line, true]);
  const adoptedNames = new Set(keepers.adopt.map((k) => k.meta?.name).filter(Boolean));
  adoptedLine = () =>
    keepers.adopt.length
      ? `pid ${process.pid} kept ${plural(keepers.adopt.length, 'agent')} running`
      : 'no agent was kept';
  if (keepers.adopt.length && !opts.explicitAgents) opts.agents = [];
  if (opts.restore) opts.restore = opts.restore.filter((r) => !r.name || !adoptedNames.has(r.name));
  if (claimed.plan.tooLong) {
    notes.push([
      'info',
      `${claimed.plan.tooLong} is too long for a unix socket; the hub listens on ${claimed.plan.path} (agents get it as BOTSTER_SOCKET)`,
      true,
    ]);
  }
  const agentEnv: Record<string, string> = { BOTSTER_SOCKET: claimed.plan.path };
  let agentBin: string | undefined;
  try {
    agentBin = installAgentBin(opts.home);
    agentEnv.PATH = prependPath(agentBin, process.env.PATH);
  } catch (err) {
    notes.push(['warn', `agents will not find botster-tui on PATH: ${(err as Error).message}`, false]);
  }

  // session.json follows the agents while the server runs (hub-sessions.ts); as it stops it is
  // written a last time with how it stopped: on purpose (kill-server, "stop": clean) or not (a
  // signal, a reboot, an internal error: the next server offers to resume). A save that fails (a
  // full disk) is said to whoever stopped it.
  let saveError: string | null = null;
  const save = (why: string, clean: boolean) => {
    if (hub) saveError = hub.sessions.stop(why, clean);
    return saveError;
  };
  const unsaved = () =>
    saveError ? `; the session could not be saved (${saveError}): --restore cannot start them again` : '';
  // The last server's record, read before this one's agents replace it: did that server die?
  const last = readSessionFile(sessionPath(opts.home));
  let finishing: Promise<void> | null = null;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolveExit = r));
  const stop = (code: number, why: string, clean = false, keep = false) => {
    finishing ??= (async () => {
      deadline.begin(code);
      hub?.log.write('info', `server: stopping (${why})`);
      save(why, clean);
      const kept = keep ? ((hub ?? live)?.agents.releaseKept() ?? 0) : 0;
      keeping = kept > 0;
      const fate = kept
        ? `${plural(kept, 'agent')} kept running by their keepers, for the next server`
        : 'its agents were stopped';
      // A crash whose agents the keepers hold: the clients start a new server, which adopts them
      // (EXIT crashed; src/client/reattach.ts), so the socket goes first: one reattaching must not
      // connect to this server. Without keepers the agents went with it: the clients stop.
      if (kept) control.stopListening();
      deadline.at('telling the clients');
      await attach.close(
        kept ? 'crashed' : 'stopped',
        `the hub server stopped (${why}); ${fate}${unsaved()}`,
      );
      // The web goes with the agents: kept for the next server only when they carry on.
      deadline.at('closing the web');
      if (web) await web.stopFor(kept > 0);
      else if (!kept) removeWebState(opts.home);
      deadline.at('closing the control socket');
      await control.close();
      // (A hub stopped while it still starts its agents is disposed too; its session is not saved.)
      deadline.at('stopping the agents');
      await (hub ?? live)?.dispose();
    })()
      // A stop that throws still ends the process (the deadline is for one that hangs).
      .catch((err) => hub?.log.write('error', `server: stopping failed: ${(err as Error)?.stack ?? err}`))
      .finally(() => resolveExit(code));
  };
  // botster-tui upgrade: the agents are let go of (their keepers hold them), the clients told to
  // attach again (EXIT restart: they wait for the next server), the session marked as a clean stop.
  const handOver = (to: string) => {
    finishing ??= (async () => {
      deadline.begin(0);
      hub?.log.write('info', `server: handing over to botster-tui ${to}`);
      save('upgrade', true);
      const kept = (hub ?? live)?.agents.releaseKept() ?? 0;
      keeping = true;
      deadline.at('telling the clients');
      await attach.close(
        'restart',
        `the hub server hands over to botster-tui ${to}; ${plural(kept, 'agent')} carry on`,
      );
      deadline.at('closing the control socket');
      await control.close();
      deadline.at('letting go of the agents');
      await (hub ?? live)?.dispose();
    })()
      .catch((err) => hub?.log.write('error', `server: handing over failed: ${(err as Error)?.stack ?? err}`))
      .finally(() => resolveExit(0));
  };
  // A signal while the server stops ends it at once (the stop hangs, or the user insists).
  for (const [sig, code] of SIGNALS) process.on(sig, () => deadline.signal(sig, code) || stop(code, sig));
  process.on('uncaughtException', (err) => {
    hub?.log.write('error', `uncaught: ${err.stack ?? err}`);
    // A crash lets go of the agents keepers hold: the next server adopts them.
    stop(1, outOfFiles(err) ?? 'an internal error; see the log', false, true);
  });

  // From here the hub gets the clients' keys: the clients that attached while it started, and the
  // keys they typed meanwhile, first.
  const takeKeys = (h: Hub) => {
    if (!early) return;
    live = h;
    // (Attached at the planned frame already: a resize since then was for a hub not yet live.)
    for (const c of attach.list()) {
      h.clients.attach(c.id, c.cols, c.rows, c.machine);
      h.clients.resize(c.id, c.cols, c.rows);
    }
    const typed = early;
    early = null;
    for (const [id, data] of typed) h.clients.input(id, data);
    attach.sendKeys(h.clients);
  };

  const webControl = () =>
    (web ??= new WebControl(
      {
        control: hub!.control,
        lua: hub!.lua,
        apply: (r, source) => hub!.runner.applyRequests(r, source),
        emit: (event, payload, subject) => void hub!.events.emit(event, payload, subject),
        pushes: hub!.webPushes,
      },
      reveal,
    ));
  const startedAt = new Date().toISOString();
  let sentToClient = false;
  const extra = serverOps({
    home: opts.home,
    version,
    socket: claimed.plan.path,
    startedAt,
    keeperProtocol: keepers.protocol,
    keepers: !!keepers.ptys,
    attach,
    hub: () => hub!,
    web: webControl,
    handOver,
    save,
    stop,
  });

  try {
    hub = await Hub.start({
      ...opts,
      ...(keepers.ptys ? { ptys: keepers.ptys } : {}),
      adopt: keepers.adopt,
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
        if (live) tellViews(live, client);
        // (the web's address waits for the frame its answer caused: drawn over it, not over the question)
        if (client !== undefined) reveal.framed(client);
        return wrote;
      },
      // Clients that attached while the hub's code loaded get its first frame.
      clients: () => attach.list(),
      // Keys reach the hub once its first frame is drawn and its first agent runs, not once all run.
      interactive: (h) => takeKeys(h),
      constructed: (h) => (building = h),
      onQuit: () => stop(0, 'app.quit', true),
      // The client that pressed the key is the one served.
      // Each client's own NO_COLOR (the server's environment is whoever started it).
      noColor: (client) => client !== undefined && attach.noColor(client),
      detach: () => live?.state.clientId != null && attach.detachClient(live.state.clientId),
      suspend: () => live?.state.clientId != null && attach.suspendClient(live.state.clientId),
    });
  } catch (err) {
    return startFailed(err);
  }
  // Libraries that print (node-pty logs failed writes to an exited child) go to the hub log.
  const toLog =
    (level: string) =>
    (...args: unknown[]) =>
      hub?.log.write(level, format(...args));
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
  hubStarted(hub);
  takeKeys(hub);
  claimed.attach(hub.control, extra);
  // The web the server before had on comes back with the agents that outlived it (web-state.ts).
  if (keepers.adopt.length)
    void webControl()
      .resume()
      .then((line) => line && hub?.log.write('info', `server: ${line}`));
  else removeWebState(opts.home);
  hub.log.write(
    'info',
    `server: pid ${process.pid}, botster-tui ${version}, socket ${claimed.plan.path}, started at ${opts.cols}x${opts.rows}`,
  );
  for (const text of opts.notices ?? []) notes.push(['error', text, true]);
  for (const [level, message, onScreen] of notes) if (!onScreen) hub.log.write(level, message);
  // One notice holds them all (it is logged too): a second would replace the first unread.
  const shown = notes.filter(([, , onScreen]) => onScreen);
  if (shown.length > 0)
    hub.notify(
      shown.map(([, message]) => message).join('; '),
      shown.some(([level]) => level === 'error') ? 'error' : 'info',
    );
  trace('server: hub started');
  hub.sessions.announce(attach.count);
  await hub.config.reviewDroppedImprovements();
  void hub.config
    .watch()
    .catch((err) => hub?.log.write('error', `watching the configuration failed: ${(err as Error).message}`));
  tell('ready');
  trace('server: ready');
  // Start-up grew V8's young generation (~8 MB): give it back once the hub is quiet.
  hub.agents.memoryTrim.soon();
  return exited;
}

/** A connection waiting in the socket's queue is accepted in one loop turn and read in the next. */
async function letConnectionsIn(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}
