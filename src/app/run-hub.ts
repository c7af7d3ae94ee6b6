import { format } from 'node:util';
import { Hub } from './hub.js';
import { ENTER_TTY, LEAVE_TTY } from './terminal-modes.js';
import { startControl } from './control.js';
import { saveSession } from './session-file.js';
import type { ControlServer } from '../improvements/control-socket.js';
import type { AgentSpec } from '../agents/types.js';
import type { LuaHost } from '../lua/lua-host.js';

export interface RunHubOptions {
  home: string;
  layoutFile?: string;
  agents: AgentSpec[];
  lua?: LuaHost;
  scrollback?: number;
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
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // stdin may already be gone
    }
    stdout.write(LEAVE_TTY);
  };
  // Whatever happens, the user's terminal comes back as it was.
  process.on('exit', restore);

  stdout.write(ENTER_TTY);
  if (stdin.isTTY) stdin.setRawMode(true);

  let hub: Hub | null = null;
  let control: ControlServer | null = null;
  let finishing: Promise<void> | null = null;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolveExit = r));
  const finish = (code: number) => {
    finishing ??= (async () => {
      stdin.pause();
      try {
        // Remember the agents for `botster-tui --restore`.
        if (hub) saveSession(opts.home, hub.sessionSpecs());
      } catch (err) {
        hub?.log.write('error', `saving the session: ${(err as Error).message}`);
      }
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

  hub = await Hub.start({
    ...opts,
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
  control = await startControl(hub, opts.home);
  await hub.reviewDroppedImprovements();
  // Saving any Lua file reloads the configuration; agents keep running.
  void hub.watchConfig().catch((err) => hub?.log.write('error', `watching the configuration failed: ${(err as Error).message}`));
  stdin.resume();
  stdout.on('resize', () => hub?.resize(stdout.columns || 80, stdout.rows || 24));
  return exited;
}
