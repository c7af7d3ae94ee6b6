import os from 'node:os';
import path from 'node:path';
import { resolveSocketPath } from '../wire/socket-path.js';
import { sameHome } from '../wire/same-home.js';
import { ControlClientError, controlRequest } from '../wire/control-client.js';

// What plain `botster-tui` and `attach` refuse before they touch the terminal.

/**
 * Inside an agent of the hub we would attach to (its BOTSTER_AGENT_ID or BOTSTER_SOCKET leads to
 * `socket`), attaching would draw the hub inside its own panel, each frame feeding the next: why
 * not, said before the terminal is touched. (The server refuses it too, asking the kernel: an
 * environment unset changes nothing there.)
 */
export function nestedRefusal(env: NodeJS.ProcessEnv, socket: string): string | undefined {
  if (!env.BOTSTER_AGENT_ID && !env.BOTSTER_SOCKET) return undefined;
  const own =
    env.BOTSTER_SOCKET ||
    resolveSocketPath(
      { XDG_RUNTIME_DIR: env.XDG_RUNTIME_DIR },
      path.resolve(env.BOTSTER_HOME || path.join(os.homedir(), '.botster')),
    );
  if (!sameHome(own, socket)) return undefined; // another home's hub: not nested in itself
  const who = env.BOTSTER_AGENT_ID ? `agent ${env.BOTSTER_AGENT_ID}` : 'an agent';
  return (
    `this terminal is ${who} of the hub it would attach to: the hub would draw itself inside its own panel. ` +
    'From inside an agent use botster-tui snapshot --live, send, agents, push or ls ' +
    '(the hub refuses a client from inside its own agents: their keys would be taken for yours)'
  );
}

/**
 * `--restore` only applies when a server starts: with one running for the home, what to do instead
 * (nothing is touched: neither the running agents nor session.json).
 */
export async function restoreRefusal(socket: string, home: string): Promise<string | undefined> {
  let agents: number;
  try {
    const reply = await controlRequest(socket, { op: 'ping' }, { timeoutMs: 5000 });
    agents = Number(reply.agents ?? 0);
  } catch (err) {
    if (err instanceof ControlClientError && err.code === 'NO_HUB') return undefined;
    agents = NaN; // something answers there: still not ours to replace
  }
  const running = Number.isNaN(agents) ? '' : ` with ${agents} agent${agents === 1 ? '' : 's'}`;
  return (
    `a hub server already runs for ${home}${running}, so --restore was not applied and nothing changed: botster-tui attach shows its agents. ` +
    '(--restore starts the agents recorded in session.json when no server runs; botster-tui kill-server stops this one and records its own agents there instead.)'
  );
}
