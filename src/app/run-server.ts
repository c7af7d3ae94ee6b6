import fs from 'node:fs';
import { format } from 'node:util';
import { Hub } from './hub.js';
import { HubRunningError, claimControl, type ExtraOps } from './control.js';
import { installAgentBin, prependPath } from './agent-path.js';
import { EXIT } from './exit-codes.js';
import { saveSession } from './session-file.js';
import { AttachServer } from '../server/attach-server.js';
import { packageVersion } from '../server/version.js';
import type { AgentSpec } from '../agents/types.js';
import type { LuaHost } from '../lua/lua-host.js';

export interface RunServerOptions {
  home: string;
  layoutFile?: string;
  agents: AgentSpec[];
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
  const tell = (line: string) => {
    if (opts.readyFd === undefined) return;
    try {
      fs.writeSync(opts.readyFd, line + '\n');
      fs.closeSync(opts.readyFd);
    } catch {
      // the client that started us is gone: nobody to tell
    }
    opts.readyFd = undefined;
  };
  let hub: Hub | null = null;
  const version = packageVersion();
  const attach = new AttachServer({
    home: opts.home,
    version,
    resize: (cols, rows) => hub?.resize(cols, rows),
    redraw: () => hub?.redraw(),
    input: (data) => hub?.input(data),
    spawn: async (specs) => {
      for (const spec of specs) await hub?.lifecycle.spawn(spec);
    },
    log: (m) => hub?.log.write('info', m),
    changed: (n) => hub?.log.write('info', `attach: ${n} client(s) attached`),
  });
  let claimed;
  try {
    claimed = await claimControl(opts.home, opts.env ?? process.env, (sock, first) => attach.accept(sock, first));
  } catch (err) {
    if (!(err instanceof HubRunningError)) throw err;
    if (opts.readyFd === undefined) process.stderr.write(`botster-tui: ${err.message}\n`);
    tell(`running ${err.message}`);
    return EXIT.HUB_RUNNING;
  }
  const control = claimed.server;
  if (!control) {
    // Without its socket nobody could ever attach: a server must not run on blind.
    tell(`error ${claimed.error}`);
    return EXIT.FAILED;
  }
  const notes: Array<[level: string, message: string, onScreen: boolean]> = [];
  if (claimed.plan.tooLong) {
    notes.push(['info', `${claimed.plan.tooLong} is too long for a unix socket; the hub listens on ${claimed.plan.path} (agents get it as BOTSTER_SOCKET)`, true]);
  }
  const agentEnv: Record<string, string> = { BOTSTER_SOCKET: claimed.plan.path };
  try {
    agentEnv.PATH = prependPath(installAgentBin(opts.home), process.env.PATH);
  } catch (err) {
    notes.push(['warn', `agents will not find botster-tui on PATH: ${(err as Error).message}`, false]);
  }

  let finishing: Promise<void> | null = null;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolveExit = r));
  const stop = (code: number, why: string) => {
    finishing ??= (async () => {
      hub?.log.write('info', `server: stopping (${why})`);
      try {
        // Remember the running agents for `botster-tui --restore` (a signal counts as a quit).
        if (hub) saveSession(opts.home, hub.sessionAgents());
      } catch (err) {
        hub?.log.write('error', `saving the session: ${(err as Error).message}`);
      }
      attach.close('stopped', `the hub server stopped (${why}); its agents were stopped`);
      await control.close();
      await hub?.dispose();
      resolveExit(code);
    })();
  };
  for (const [sig, code] of SIGNALS) process.on(sig, () => stop(code, sig));
  process.on('uncaughtException', (err) => {
    hub?.log.write('error', `uncaught: ${err.stack ?? err}`);
    stop(1, 'an internal error; see the log');
  });

  const startedAt = new Date().toISOString();
  const extra: ExtraOps = {
    ls: () => ({
      home: opts.home,
      pid: process.pid,
      version,
      socket: claimed.plan.path,
      started: startedAt,
      clients: attach.count,
      agents: hub!.agents.list().map((a) => ({ id: a.info.id, name: a.info.name, command: a.info.command, cwd: a.info.cwd, pid: a.info.pid, status: a.info.status, exit_code: a.info.exitCode, title: a.info.title })),
    }),
    'kill-server': () => {
      // Reply first: the client waits for the socket to go away afterwards.
      setImmediate(() => stop(0, 'kill-server'));
      return { pid: process.pid };
    },
  };

  try {
    hub = await Hub.start({
      ...opts,
      notices: undefined, // shown below with the other notes
      env: agentEnv,
      write: (data) => attach.broadcast(data),
      onQuit: () => stop(0, 'app.quit'),
      detach: () => attach.detachActive(),
      suspend: () => attach.suspendActive(),
    });
  } catch (err) {
    tell(`error ${(err as Error).message}`);
    await control.close();
    throw err;
  }
  // Libraries that print (node-pty logs failed writes to an exited child) go to the hub log.
  const toLog = (level: string) => (...args: unknown[]) => hub?.log.write(level, format(...args));
  console.log = console.info = toLog('info');
  console.warn = toLog('warn');
  console.error = toLog('error');
  claimed.attach(hub, extra);
  hub.log.write('info', `server: pid ${process.pid}, botster-tui ${version}, socket ${claimed.plan.path}`);
  for (const text of opts.notices ?? []) notes.push(['error', text, true]);
  for (const [level, message, onScreen] of notes) if (!onScreen) hub.log.write(level, message);
  // One notice holds them all (it is logged too): a second would replace the first unread.
  const shown = notes.filter(([, , onScreen]) => onScreen);
  if (shown.length > 0) hub.notify(shown.map(([, message]) => message).join('; '), shown.some(([level]) => level === 'error') ? 'error' : 'info');
  await hub.reviewDroppedImprovements();
  void hub.watchConfig().catch((err) => hub?.log.write('error', `watching the configuration failed: ${(err as Error).message}`));
  tell('ready');
  // Start-up grew V8's young generation (~8 MB): give it back once the hub is quiet.
  hub.agents.memoryTrim.soon();
  return exited;
}
