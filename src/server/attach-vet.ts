import { lineOf } from '../pty/process-tree.js';
import type { PeerCred } from '../wire/control-request.js';
import { agentOfLine, type LineDeps } from './peer-principal.js';

// The attach door asks the kernel who knocks, as the control door does: a client from inside an
// agent's line would type as you (keys, questions only you answer, the web's reveal), so it is
// refused, whatever its environment says.

/** Why a client from agent `id`'s line may not attach ('?': a keeper's agent this server has not adopted yet). */
export function attachRefusal(id: string): string {
  const who = id === '?' ? 'an agent' : `agent ${id}`;
  return (
    `this client runs inside ${who} of this hub (the kernel says so): an agent cannot attach to the hub it runs in, ` +
    'as its keys would be taken for yours. From inside an agent use botster-tui snapshot --live, send, agents, push or ls'
  );
}

/** AttachHost.vet for a hub whose agents and keepers' folder are `deps()` (the agents: none before the hub is built). */
export function attachVet(
  deps: () => LineDeps,
): (peer: (() => Promise<PeerCred | null>) | undefined) => Promise<string | null> {
  return async (peer) => {
    if (!peer) return null; // no native client here: docs/security.md says what that costs
    const cred = await peer();
    const line = cred ? (cred.line ?? lineOf(cred.pid)) : [];
    if (line.length === 0)
      return 'the hub could not tell who connects (gone before the kernel could be asked): attach again';
    const agent = agentOfLine(deps(), line);
    return agent === undefined ? null : attachRefusal(agent);
  };
}
