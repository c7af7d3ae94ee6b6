import { processAlive } from '../pty/process-group.js';
import { ControlClientError, controlRequest } from '../wire/control-client.js';
import type { AgentRow, ControlRequest } from '../wire/control-request.js';
import { isRemote, type Endpoint } from '../wire/dialer.js';

import type { Out } from './terminal-out.js';
import { printable } from '../terminal/printable.js';
import { retryWords } from '../hub/machine-retry.js';

/** The server answered `ok: false` (another home, another protocol version, a bad request). */
export class ServerRefused extends Error {}

/**
 * The server's reply to `req` (with the home it is meant for, when the user chose one), or null
 * when no server listens. A refusal throws ServerRefused; a server that does not answer, a
 * ControlClientError (see `reporting`).
 */
export async function ask(
  socket: Endpoint,
  home: string | undefined,
  req: ControlRequest,
): Promise<Record<string, unknown> | null> {
  try {
    const reply = await controlRequest(socket, home === undefined ? req : { ...req, home }, {
      timeoutMs: 10000,
    });
    if (reply.ok !== true) throw new ServerRefused(String(reply.error));
    return reply;
  } catch (err) {
    if (err instanceof ControlClientError && err.code === 'NO_HUB') return null;
    throw err;
  }
}

/** Runs a command: a server that refused (exit 1) or did not answer (exit 3) is a message, not a stack trace. */
export async function reporting(err: Out, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ServerRefused) return (err(e.message), 1);
    if (e instanceof ControlClientError) return (err(e.message), 3);
    throw e;
  }
}

/** `botster-tui ls [--json]`: the server of this home and its agents. Exit 3 when none runs. */
export function runLs(
  socket: Endpoint,
  home: string,
  json: boolean,
  out: Out,
  err: Out,
  scope?: string,
): Promise<number> {
  return reporting(err, () => ls(socket, home, json, out, err, scope));
}

async function ls(
  socket: Endpoint,
  home: string,
  json: boolean,
  out: Out,
  err: Out,
  scope?: string,
): Promise<number> {
  const reply = await ask(socket, scope, { op: 'ls' });
  if (!reply) {
    if (json) out(JSON.stringify({ running: false, home }));
    else err(`no hub server is running for ${home}`);
    return 3;
  }
  const { id: _id, v: _v, ok: _ok, ...info } = reply;
  if (json) {
    out(JSON.stringify({ running: true, ...info }));
    return 0;
  }
  const agents = (info.agents as AgentRow[]) ?? [];
  const clients = Number(info.clients);
  // Which client each is (native or node) and its size: a server of before says nothing.
  const kinds = (
    (info.attached as Array<{ client?: string; cols?: number; rows?: number }> | undefined) ?? []
  )
    .filter((c) => c.client)
    .map((c) => `${c.client} ${String(c.cols)}x${String(c.rows)}`);
  out(
    `${home}: hub server pid ${String(info.pid)} (botster-tui ${String(info.version)}), ${clients} client${clients === 1 ? '' : 's'} attached${kinds.length ? ` (${kinds.join(', ')})` : ''}, ${agents.length} agent${agents.length === 1 ? '' : 's'}`,
  );
  // The agent's number as the hub shows it (its id), not its place in the list.
  agents.forEach((a) => {
    const state = a.state ?? a.status; // a server of before agent states sends status only
    const shown = state === 'exited' ? `exited ${a.exit_code ?? ''}`.trim() : state;
    const reason = a.reason && state !== 'exited' ? `  — ${printable(a.reason)}` : '';
    out(
      `  ${a.id}  ${printable(a.name).padEnd(12)} ${shown.padEnd(9)} pid ${String(a.pid ?? '-').padEnd(7)} ${printable(a.command)}${a.machine ? `  (on ${printable(a.machine)})` : ''}${reason}`,
    );
  });
  // The machines: how each is reached, and what crossed its link.
  for (const m of (info.machines as Array<Record<string, unknown>> | undefined) ?? []) {
    const kb = (n: unknown) => `${(Number(n) / 1024).toFixed(1)} KB`;
    const how =
      m.state === 'unreachable'
        ? `unreachable: ${printable(String(m.error))}${retryWords(m.retry_in as number | undefined)}`
        : String(m.state);
    out(
      `  machine ${String(m.name)} (${printable(String(m.via ?? `ssh ${String(m.ssh)}`))}): ${how}; ${String(m.agents)} agents, ${kb(m.bytes_in)} in, ${kb(m.bytes_out)} out`,
    );
  }
  return 0;
}

/** `botster-tui kill-server`: stops the server (its agents get SIGHUP) and waits until it is gone. */
export function runKillServer(
  socket: Endpoint,
  home: string,
  out: Out,
  err: Out,
  scope?: string,
): Promise<number> {
  return reporting(err, () => killServer(socket, home, out, err, scope));
}

async function killServer(
  socket: Endpoint,
  home: string,
  out: Out,
  err: Out,
  scope?: string,
): Promise<number> {
  const reply = await ask(socket, scope, { op: 'kill-server' });
  if (!reply) {
    err(`no hub server is running for ${home}`);
    return 3;
  }
  const pid = Number(reply.pid);
  // Its pid is on the other machine: the hub said it stops, and it does (its agents with it).
  if (isRemote(socket)) {
    out(
      `stopping the hub server of ${home} (pid ${pid} there); its agents are stopped${typeof reply.session === 'string' ? `, but the session could not be saved (${reply.session})` : ''}`,
    );
    return typeof reply.session === 'string' ? 1 : 0;
  }
  // It is gone within 2 s of starting to stop (serve/stop-deadline.ts); one that is not after 10 s
  // (a machine too loaded to run its exit) is killed: kill-server leaves no server behind.
  if (!(await gone(pid, 10000))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    if (!(await gone(pid, 5000))) {
      err(`the hub server (pid ${pid}) did not stop within 15 s, not even when killed`);
      return 1;
    }
    err(`the hub server (pid ${pid}) did not stop within 10 s: killed`);
  }
  if (typeof reply.session === 'string') {
    err(
      `stopped the hub server of ${home} (pid ${pid}); its agents were stopped, but the session could not be saved (${reply.session}): --restore cannot start them again`,
    );
    return 1;
  }
  out(
    `stopped the hub server of ${home} (pid ${pid}); its agents were stopped (botster-tui --restore starts them again)`,
  );
  return 0;
}

/** Whether process `pid` went away within `ms`. */
async function gone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (processAlive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
