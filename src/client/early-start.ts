import fs from 'node:fs';
import { resolveHome } from '../wire/home.js';
import { checkSocketOwner, resolveSocketPath } from '../wire/socket-path.js';
import { spawnServer } from './start-server.js';
import { connect } from './connect.js';
import { helloMessage, terminalSize } from './hello.js';
import { trace } from '../trace/trace.js';
import { reattachView, runClient, startFor, type EarlyClient } from './run-client.js';
import { handedOverSocket } from './handover-socket.js';
import { ttyClaim } from './tty-claim.js';
import { enterTerminal } from './terminal-modes.js';
import { crashLoop, reattachedText, type ReattachWhy } from './reattach.js';

// The first thing bin/botster-tui.js does for plain `botster-tui` (and `attach`): connect to this
// home's server, or start it, before the CLI's own code loads. The server's start (a second node,
// its Lua worker, the hub) is the long pole of a cold start; the client loads meanwhile. Only
// command lines that surely end in the client qualify (--home and --agent CMD), outside a hub's
// agent (the CLI refuses to nest a hub in itself) and with a socket of our own; anything else
// takes the ordinary path, which checks and explains.

interface Plain {
  attach: boolean;
  home?: string;
  agents: string[];
}

/** The plain client's command line, or null when it is anything else (or anything doubtful). */
export function plainClient(argv: string[]): Plain | null {
  const plain: Plain = { attach: false, agents: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'attach' && i === 0) {
      plain.attach = true;
      continue;
    }
    const m = /^--(home|agent)(?:=(.*))?$/s.exec(a);
    if (!m) return null;
    const value = m[2] ?? argv[++i];
    if (value === undefined || !value.trim() || (m[2] === undefined && value.startsWith('-'))) return null;
    if (m[1] === 'home') {
      if (plain.home !== undefined) return null;
      plain.home = value;
    } else plain.agents.push(value);
  }
  return plain.attach && plain.agents.length > 0 ? null : plain;
}

/**
 * What bin/ does for a plain command line before the CLI loads. `run` is set when a server runs:
 * then everything the CLI would check is checked, and the client runs from here (the CLI never
 * loads).
 */
export async function earlyStart(
  argv: string[],
): Promise<(EarlyClient & { run?: () => Promise<number> }) | undefined> {
  const plain = plainClient(argv);
  if (!plain || !process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  if (process.env.BOTSTER_AGENT_ID || process.env.BOTSTER_SOCKET) return undefined;
  const home = resolveHome(plain.home);
  // The native client lost its server (src/client/reattach.ts): counted here, once (a crash loop
  // leaves it to the CLI's client to say); the new server is started at once, as on a cold start.
  const why = process.env.BOTSTER_REATTACH as ReattachWhy | undefined;
  if (why) {
    delete process.env.BOTSTER_REATTACH;
    if (crashLoop(home, why)) {
      process.env.BOTSTER_REATTACHED = 'loop';
      return undefined;
    }
    process.env.BOTSTER_REATTACHED = why;
  }
  // An explicit --home names its own socket, not the one an agent inherited (as the CLI does).
  const env = plain.home ? { ...process.env, BOTSTER_SOCKET: undefined } : process.env;
  const socketPath = resolveSocketPath(env, home);
  try {
    checkSocketOwner(socketPath);
  } catch {
    return undefined;
  }
  const args = [...(plain.home ? ['--home', home] : []), ...plain.agents.flatMap((a) => ['--agent', a])];
  const specs = plain.agents.map((command) => ({ command, cwd: process.cwd() }));
  // Handed over (botster-tui upgrade): the new server is on its way, started by `upgrade` (of the
  // version just installed); starting one here would race it with this client's own version.
  if (why === 'restart') await handedOverSocket(socketPath, '');
  const socket = fs.existsSync(socketPath) ? await connect(socketPath).catch(() => undefined) : undefined;
  if (socket) {
    // The server draws our first frame while the client's code loads; one that takes our terminal
    // (the claim) draws it there itself, so the terminal is entered first.
    const claim = ttyClaim();
    if (claim) enterTerminal();
    socket.write(
      helloMessage(
        home,
        specs,
        undefined,
        claim ?? undefined,
        false,
        why ? reattachedText(why) : undefined,
        why ? reattachView() : null,
      ),
    );
    trace('client: hello sent');
    process.title = 'botster-tui';
    return {
      socket,
      claimed: claim !== null,
      run: () =>
        runClient({
          home,
          socketPath,
          spawn: specs,
          early: { socket, claimed: claim !== null },
          // How to start a server should this one be lost, as the CLI's client has it: a client
          // that found one running (another started it, or `upgrade` did) reattaches too.
          start: startFor(plain.attach, !!why, { home, args, env }),
        }),
    };
  }
  if (plain.attach) return {};
  const start = spawnServer({ home, args, env, ...terminalSize() });
  return { start };
}
