import { lineOf } from '../pty/process-tree.js';
import type { PeerCred } from '../wire/control-request.js';
import { agentOfLine } from './agent-line.js';

// The attach door asks the kernel who knocks, as the control door does: a client from inside an
// agent's line would type as you (keys, questions only you answer, the web's reveal), so it is
// refused, whatever its environment says.

/** An agent as the door sees it: its process while it runs. */
export interface LineAgent {
  id: string;
  info: { pid: number | null };
  isExited: boolean;
}

/** Why a client from agent `id`'s line may not attach ('?': a keeper's agent this server has not adopted yet). */
export function attachRefusal(id: string): string {
  const who = id === '?' ? 'an agent' : `agent ${id}`;
  return (
    `this client runs inside ${who} of this hub (the kernel says so): an agent cannot attach to the hub it runs in, ` +
    'as its keys would be taken for yours. From inside an agent use botster-tui snapshot --live, send, agents, push or ls'
  );
}

/** AttachHost.vet for a hub whose agents are `agents()` and whose keepers listen in `keepers()`. */
export function attachVet(
  agents: () => Iterable<LineAgent>,
  keepers: () => string | undefined,
): (peer: (() => Promise<PeerCred | null>) | undefined) => Promise<string | null> {
  return async (peer) => {
    if (!peer) return null; // no native client here: docs/security.md says what that costs
    const cred = await peer();
    const line = cred ? (cred.line ?? lineOf(cred.pid)) : [];
    if (line.length === 0)
      return 'the hub could not tell who connects (gone before the kernel could be asked): attach again';
    const pids = new Map<number, string>();
    for (const a of agents()) if (a.info.pid && !a.isExited) pids.set(a.info.pid, a.id);
    const agent = agentOfLine(line, pids, keepers());
    return agent === undefined ? null : attachRefusal(agent);
  };
}
