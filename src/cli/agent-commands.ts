import type { AgentRow } from '../wire/control-request.js';
import type { Endpoint } from '../wire/dialer.js';
import { printable } from '../terminal/printable.js';

// Where a verb's command asks (ServerTarget), and what `botster-tui agents` prints (./verb-print.ts).

export interface ServerTarget {
  /** The hub's socket, or how to reach it on another machine (--ssh). */
  socket: Endpoint;
  /** Shown in messages. */
  home: string;
  /** The home sent with each request (undefined: the socket was named by BOTSTER_SOCKET alone). */
  scope?: string;
  /** What to say when no hub runs there (default: for this machine's home). */
  noHub?: string;
}

/** The line a command says when no hub server runs where it asked. */
export const noHubMessage = (t: Pick<ServerTarget, 'home' | 'noHub'>) =>
  t.noHub ?? `no hub server is running for ${t.home} (start one with botster-tui)`;

/** The agents verb's answer as `botster-tui agents` prints it: a line an agent, numbered as on screen. */
export function agentsText(reply: Record<string, unknown>): string[] {
  const rows = (reply.agents as AgentRow[] | undefined) ?? [];
  const out: string[] = [];
  if (rows.length === 0) out.push('no agents');
  // Each agent's number is its id, as the hub shows it and as send/read take it (not its place in
  // the list: closing one would shift the rest).
  rows.forEach((a) => {
    const state = a.state === 'exited' ? `exited ${a.exit_code ?? ''}`.trim() : a.state;
    const title = a.title ? `  "${printable(a.title)}"` : '';
    // The program in its foreground, when another than the one its command started (claude in a shell).
    const first = a.command.trimStart().split(/\s+/)[0] ?? '';
    const program =
      a.program && a.program !== a.name && first !== a.program && !first.endsWith(`/${a.program}`)
        ? ` [${a.program}]`
        : '';
    const reason = a.reason && a.state !== 'exited' ? `  — ${printable(a.reason)}` : '';
    out.push(
      `${a.id.padStart(2)}  ${printable(a.name).padEnd(12)} ${state.padEnd(9)} pid ${String(a.pid ?? '-').padEnd(7)} ${printable(a.command)}${printable(program)}  (${a.machine ? `on ${printable(a.machine)}, ` : ''}in ${printable(a.cwd)})${title}${reason}`,
    );
  });
  return out;
}
