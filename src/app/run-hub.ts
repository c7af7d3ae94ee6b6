import { format } from 'node:util';
import { Hub } from './hub.js';
import { ENTER_TTY, LEAVE_TTY } from './terminal-modes.js';
import { HubRunningError, claimControl } from './control.js';
import { installAgentBin, prependPath } from './agent-path.js';
import { installSuspend } from './suspend.js';
import { EXIT } from './exit-codes.js';
import { saveSession } from './session-file.js';
import type { AgentSpec } from '../agents/types.js';
import type { LuaHost } from '../lua/lua-host.js';

export interface RunHubOptions {
  home: string;
  layoutFile?: string;
  agents: AgentSpec[];
  lua?: LuaHost;
  scrollback?: number;
  /** The environment the socket is resolved in (the CLI drops BOTSTER_SOCKET when --home is given). */
  env?: NodeJS.ProcessEnv;
  /** Shown on screen once the agents started (e.g. what --restore could not bring back). */
  notices?: string[];
}

const SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

/** Runs the hub on this process's terminal until the user quits or a signal arrives. */
export async function runHub(opts: RunHubOptions): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  // One hub per home: take its socket before touching the terminal, so a second hub stops here.
  let claimed;
  try {
    claimed = await claimControl(opts.home, opts.env ?? process.env);
  } catch (err) {
    if (!(err instanceof HubRunningError)) throw err;
    process.stderr.write(`botster-tui: ${err.message}. Use that hub, or start this one with another --home.\n`);
    return EXIT.HUB_RUNNING;
  }
  const control = claimed.server;
  const notes: Array<[level: string, message: string, onScreen: boolean]> = [];
  if (claimed.error) notes.push(['error', claimed.error, true]);
  if (claimed.plan.tooLong) {
    notes.push(['info', `${claimed.plan.tooLong} is too long for a unix socket; the hub listens on ${claimed.plan.path} (agents get it as BOTSTER_SOCKET)`, true]);
  }
  const agentEnv: Record<string, string> = { BOTSTER_SOCKET: claimed.plan.path };
  try {
    // Agents run `botster-tui push` as the README says, installed on PATH or not.
    agentEnv.PATH = prependPath(installAgentBin(opts.home), process.env.PATH);
  } catch (err) {
    notes.push(['warn', `agents will not find botster-tui on PATH: ${(err as Error).message}`, false]);
  }
  const enterModes = () => {
    stdout.write(ENTER_TTY);
    if (stdin.isTTY) stdin.setRawMode(true);
  };
  const restoreModes = () => {
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // stdin may already be gone
    }
    stdout.write(LEAVE_TTY);
  };
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    restoreModes();
  };
  // Whatever happens, the user's terminal comes back as it was.
  process.on('exit', restore);

  enterModes();

  let hub: Hub | null = null;
  let offSuspend: (() => void) | null = null;
  let finishing: Promise<void> | null = null;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolveExit = r));
  const finish = (code: number) => {
    finishing ??= (async () => {
      stdin.pause();
      try {
        // Remember the running agents for `botster-tui --restore` (a signal counts as a quit).
        if (hub) saveSession(opts.home, hub.sessionAgents());
      } catch (err) {
        hub?.log.write('error', `saving the session: ${(err as Error).message}`);
      }
      offSuspend?.();
      await control?.close();
      await hub?.dispose();
      restore();
      resolveExit(code);
    })();
  };

  for (const [sig, code] of SIGNALS) process.on(sig, () => finish(code));
  process.on('uncaughtException', (err) => {
    hub?.log.write('error', `uncaught: ${err.stack ?? err}`);
    finish(1);
  });

  for (const text of opts.notices ?? []) notes.push(['error', text, true]);
  hub = await Hub.start({
    ...opts,
    notices: undefined, // shown below with the other notes
    env: agentEnv,
    cols: stdout.columns || 80,
    rows: stdout.rows || 24,
    write: (data) => stdout.write(data),
    onQuit: () => finish(0),
  });
  // Libraries that print (node-pty logs failed writes to an exited child with console.error)
  // would scribble over the TUI: everything console-ish goes to the hub log instead.
  const toLog = (level: string) => (...args: unknown[]) => hub?.log.write(level, format(...args));
  console.log = console.info = toLog('info');
  console.warn = toLog('warn');
  console.error = toLog('error');
  stdin.on('data', (d: Buffer) => hub?.input(d));
  // Agents and scripts reach the running hub here (snapshot --live, push).
  claimed.attach(hub);
  for (const [level, message, onScreen] of notes) if (!onScreen) hub.log.write(level, message);
  // One notice holds them all (it is logged too): a second would replace the first unread.
  const shown = notes.filter(([, , onScreen]) => onScreen);
  if (shown.length > 0) hub.notify(shown.map(([, message]) => message).join('; '), shown.some(([level]) => level === 'error') ? 'error' : 'info');
  // ctrl+z in a shell (SIGTSTP, or app.suspend): give the terminal back, and take it again on fg.
  offSuspend = installSuspend({
    leave: restoreModes,
    enter: enterModes,
    redraw: () => {
      hub?.resize(stdout.columns || 80, stdout.rows || 24);
      hub?.redraw();
    },
  });
  await hub.reviewDroppedImprovements();
  // Saving any Lua file reloads the configuration; agents keep running.
  void hub.watchConfig().catch((err) => hub?.log.write('error', `watching the configuration failed: ${(err as Error).message}`));
  stdin.resume();
  stdout.on('resize', () => hub?.resize(stdout.columns || 80, stdout.rows || 24));
  return exited;
}
