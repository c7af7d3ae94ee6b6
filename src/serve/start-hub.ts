import type { Hub, HubOptions } from '../app/hub.js';
import type { AttachServer } from '../server/attach-server.js';
import type { WebReveal } from '../server/web-reveal.js';
import { installAgentBin, prependPath } from '../lifecycle/agent-path.js';
import { firstFreeId } from '../lifecycle/session-file.js';
import path from 'node:path';
import { trace } from '../trace/trace.js';
import type { ClientViews } from './client-views.js';
import type { ServerHubs } from './server-hubs.js';
import type { ServerKeepers } from './server-keepers.js';
import type { StartNotes } from './start-notes.js';

// The hub a server starts: its agents' environment, and the hub's options as a server fills them
// (frames to the attached clients, keys once it draws, the clients' own quit, detach and colours).

/**
 * What the agents get from this server: its socket, and its bin/ first on their PATH. `install`
 * writes that bin/: the hub calls it once its first frame is out, before its first agent starts.
 */
export function agentEnvironment(
  home: string,
  socket: string,
  notes: StartNotes,
): { env: Record<string, string>; bin: string; install: () => void } {
  const bin = path.join(home, 'bin');
  const env: Record<string, string> = { BOTSTER_SOCKET: socket, PATH: prependPath(bin, process.env.PATH) };
  const install = () => {
    try {
      installAgentBin(home);
    } catch (err) {
      notes.add('warn', `agents will not find botster-tui on PATH: ${(err as Error).message}`, false);
    }
  };
  return { env, bin, install };
}

/** What the server hands the hub's start besides its own options. */
export interface ServerSide {
  hubs: ServerHubs;
  attach: AttachServer;
  reveal: WebReveal;
  views: ClientViews;
  takeKeys: (hub: Hub) => void;
  keepers: ServerKeepers;
  agents: { env: Record<string, string>; bin?: string; install?: () => void };
  stop: (code: number, why: string, clean: boolean) => void;
}

/** Starts the hub of `opts` for this server: it resolves once the hub started (its keys taken before). */
export function startHub(
  HubClass: typeof Hub,
  opts: Omit<HubOptions, 'write' | 'env'>,
  s: ServerSide,
): Promise<Hub> {
  const { hubs, attach, reveal, views } = s;
  let sentToClient = false;
  return HubClass.start({
    ...opts,
    ...(s.keepers.ptys ? { ptys: s.keepers.ptys } : {}),
    adopt: s.keepers.adopt,
    // (a dead hub's agents on offer keep their numbers for when they are resumed)
    ...(opts.restore ? {} : { firstId: firstFreeId(opts.home) }),
    notices: undefined, // shown with the server's own notes (start-notes.ts)
    env: s.agents.env,
    // The CLIs' shims go there as each configuration loads (lua/default/clis/).
    ...(s.agents.bin ? { agentBin: s.agents.bin } : {}),
    ...(s.agents.install ? { beforeAgents: s.agents.install } : {}),
    write: (data, client) => {
      // Held while the web's box is up (false: the hub draws it whole when it closes).
      if (reveal.holds(client)) return false;
      if (!sentToClient && attach.count > 0) {
        sentToClient = true;
        trace('server: first frame to a client');
      }
      const wrote = attach.write(data, client);
      // Each frame may show another view: the client hears of it (it comes back to it when it reattaches).
      if (hubs.live) views.tell(hubs.live, client);
      // (the web's address waits for the frame its answer caused: drawn over it, not over the question)
      if (client !== undefined) reveal.framed(client);
      return wrote;
    },
    // Clients that attached while the hub's code loaded get its first frame.
    clients: () => attach.list(),
    // Keys reach the hub once its first frame is drawn and its first agent runs, not once all run.
    interactive: (h) => s.takeKeys(h),
    constructed: (h) => (hubs.building = h),
    onQuit: () => s.stop(0, 'app.quit', true),
    // The client that pressed the key is the one served.
    // Each client's own NO_COLOR (the server's environment is whoever started it).
    noColor: (client) => client !== undefined && attach.noColor(client),
    detach: () => hubs.live?.state.clientId != null && attach.detachClient(hubs.live.state.clientId),
    suspend: () => hubs.live?.state.clientId != null && attach.suspendClient(hubs.live.state.clientId),
  });
}
