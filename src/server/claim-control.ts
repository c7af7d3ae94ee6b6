import {
  ControlServer,
  HUB_RUNNING,
  type ControlRequest,
  type ControlServerOptions,
} from './control-socket.js';
import type { ControlAnswer, ControlContext } from '../wire/control-request.js';
import { ensurePrivateSocketDir, planSocket, type SocketPlan } from '../wire/socket-path.js';
import type { ExtraOps } from './control.js';
import type { ControlDeps } from '../verbs/ports.js';

// Apart from control.ts (what the hub answers): a server claims its socket before the hub's code
// has loaded, so a client can attach while the hub starts.

/** Thrown by claimControl when a live hub already answers on this home's socket. */
export class HubRunningError extends Error {}

export interface ClaimedControl {
  plan: SocketPlan;
  /** null when the socket could not be made (the hub runs on without; `error` says why). */
  server: ControlServer | null;
  error?: string;
  /** Requests wait until the hub exists; then they go to it. */
  attach(deps: ControlDeps, extra?: ExtraOps): void;
}

/**
 * Takes this home's control socket before the hub touches the terminal, so a second hub on the
 * same home is refused up front (HubRunningError) instead of running half-connected.
 */
export async function claimControl(
  home: string,
  env: NodeJS.ProcessEnv,
  onBinary?: ControlServerOptions['onBinary'],
): Promise<ClaimedControl> {
  const plan = planSocket(env, home);
  let attach: (deps: ControlDeps, extra?: ExtraOps) => void = () => {};
  const ready = new Promise<(req: ControlRequest, ctx: ControlContext) => Promise<ControlAnswer>>(
    (resolve) =>
      (attach = (deps, extra) => resolve(import('./control.js').then((m) => m.controlHandler(deps, extra)))),
  );
  let log: (m: string) => void = () => {};
  const server = new ControlServer({
    path: plan.path,
    handler: async (req, ctx) => (await ready)(req, ctx),
    log: (m) => log(m),
    onBinary,
  });
  try {
    ensurePrivateSocketDir(plan.path);
    await server.listen();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === HUB_RUNNING)
      throw new HubRunningError(
        `another hub is already running on ${home} (its socket ${plan.path} answers)`,
      );
    return { plan, server: null, error: `control socket: ${(err as Error).message}`, attach };
  }
  return {
    plan,
    server,
    attach: (deps, extra) => {
      log = (m) => deps.log('info', `control: ${m}`);
      attach(deps, extra);
    },
  };
}
