import type { Hub } from '../app/hub.js';
import type { ExtraOps } from '../server/control.js';
import type { WebControl } from '../server/web-control.js';
import type { AttachServer } from '../server/attach-server.js';
import { agentRows } from '../verbs/agents.js';
import { readsOfPeer } from '../server/peer-principal.js';
import type { ControlContext, ControlHandler, ControlRequest } from '../wire/control-request.js';

/** What the server's own ops read and do (runServer holds it all). */
export interface ServerOpsDeps {
  home: string;
  version: string;
  socket: string;
  startedAt: string;
  /** The keeper protocol this server speaks ("1.0"), or null without keepers. */
  keeperProtocol: string | null;
  /** Whether keepers hold the agents (a handover needs them). */
  keepers: boolean;
  attach: Pick<AttachServer, 'count' | 'list'>;
  hub: () => Hub;
  web: () => WebControl;
  /** Lets go of the agents for the next server (botster-tui upgrade). */
  handOver(to: string): void;
  /** Writes session.json as the server stops; the error that kept it from being written, or null. */
  save(why: string, clean: boolean): string | null;
  stop(code: number, why: string, clean: boolean): void;
  /** Runs an agent-side command line here (src/cli/forwarded.ts: the CLI's code, handed in by it). */
  cliOp: CliOp;
}

/** The `cli` op's runner: the CLI's own code, run in the server for a native client. */
export type CliOp = (
  host: { socket: string; home: string; handler: () => Promise<ControlHandler> },
  req: ControlRequest,
  ctx: ControlContext,
) => Promise<Record<string, unknown>>;

/** The ops only a running server answers: ls, web, handover, kill-server and cli. */
export function serverOps(d: ServerOpsDeps): ExtraOps {
  let whole: Promise<ControlHandler> | undefined;
  const ops: ExtraOps = {
    // An agent's ls says no more of other agents than its `agents` does (verbs/withhold.ts).
    ls: async (req, ctx) => {
      const hub = d.hub();
      return {
        home: d.home,
        pid: process.pid,
        version: d.version,
        socket: d.socket,
        started: d.startedAt,
        // The keeper protocol it speaks (null: no keepers): `upgrade` refuses across a major change.
        keeper: d.keeperProtocol,
        clients: d.attach.count,
        // Each client's view: size, the agent it shows, its mode; served: keys act on it and the PTYs follow its panels.
        attached: d.attach.list().map((c) => {
          const served = c.id === hub.state.clientId;
          const view = served ? hub.state.client : hub.state.views[c.id];
          return { ...c, served, focus: view?.focus ?? null, mode: view?.mode ?? null };
        }),
        agents: agentRows(hub.control, await readsOfPeer(hub.control, ctx, req)),
        ...(hub.machines.list().length ? { machines: hub.machines.list() } : {}),
      };
    },
    // botster-tui web ...: the hub in a browser (server/web-control.ts); loads nothing until asked.
    web: (req, ctx) => d.web().op(req, ctx),
    // botster-tui upgrade: this server lets go of its agents (their keepers hold them) for the new one.
    handover: (req) => {
      if (!d.keepers)
        throw new Error(
          'this hub server runs its agents without keepers: they would stop with it (botster-tui kill-server, then botster-tui --restore)',
        );
      const to = typeof req.version === 'string' ? req.version.slice(0, 40) : 'another version';
      setImmediate(() => d.handOver(to));
      return { pid: process.pid };
    },
    'kill-server': () => {
      // Reply first (with how the session was saved): the client waits for the socket to go away afterwards.
      const session = d.save('kill-server', true);
      setImmediate(() => d.stop(0, 'kill-server', true));
      return { pid: process.pid, ...(session ? { session } : {}) };
    },
    // A native client's agent-side command line (report, tmux, agents...), run here without a node
    // boot (src/cli/forwarded.ts); its own requests are judged one by one as the caller's.
    cli: (req, ctx) =>
      d.cliOp(
        {
          socket: d.socket,
          home: d.home,
          handler: () =>
            (whole ??= import('../server/control.js').then((m) => m.controlHandler(d.hub().control, ops))),
        },
        req,
        ctx,
      ),
  };
  return ops;
}
