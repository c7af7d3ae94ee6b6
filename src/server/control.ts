import type { ControlAnswer, ControlContext, ControlRequest } from '../wire/control-request.js';
import { ControlError } from '../wire/control-request.js';
import { sameHome } from '../wire/same-home.js';
import type { ControlDeps } from '../verbs/ports.js';
import { VERBS, verbNamed } from '../verbs/table.js';
import type { Principal } from '../hub/principal.js';
import { judge, opMay } from '../hub/who-may.js';
import { principalOfPeer, sandboxedBy } from './peer-principal.js';
import { performVerb, verbRefusal } from '../verbs/call.js';

/** What the running hub answers on its control socket ($BOTSTER_HOME/hub.sock): the verbs of src/verbs/. */
export function controlHandler(
  deps: ControlDeps,
  extra: ExtraOps = {},
): (req: ControlRequest, ctx: ControlContext) => Promise<ControlAnswer> {
  const handler = async (req: ControlRequest, ctx: ControlContext): Promise<ControlAnswer> => {
    // A client names the home it means: a socket that leads to another home's hub (an inherited
    // BOTSTER_SOCKET, say) must never act on the wrong agents.
    if (req.home !== undefined && (typeof req.home !== 'string' || !sameHome(req.home, deps.home))) {
      throw new ControlError(
        `this hub server serves the home ${deps.home}, not ${String(req.home)} (BOTSTER_SOCKET leads here: unset it, or name the home with --home)`,
        { reason: 'home' },
      );
    }
    // Who asks is what the kernel says of the connection's peer, never what its environment claims.
    let principal: Promise<Principal> | undefined;
    const who = () => (principal ??= principalOfPeer(deps, ctx, req));
    if (Object.hasOwn(extra, req.op)) {
      // The server's own ops (kill-server, handover: the hub's life) are yours; ls is anyone's,
      // and web answers who may on its own (server/web-control.ts).
      if (!opMay(req.op).includes('agent')) {
        const no = judge(await who(), opMay(req.op), req.op);
        if (no) throw new ControlError(no, { reason: 'refused' });
      }
      return extra[req.op](req, ctx);
    }
    const verb = verbNamed(req.op);
    if (!verb)
      throw new Error(
        `unknown op "${req.op}" (${[...VERBS.map((v) => v.name), ...Object.keys(extra)].join(', ')})`,
      );
    // A socket's peer is the user or an agent: a verb open to agents needs no look at who asks here.
    if (!verb.may?.includes('agent')) {
      const no = verbRefusal(verb, await who());
      if (no) throw new ControlError(no, { reason: 'refused' });
    }
    return performVerb(deps, verb, req, { ...ctx, who, again: handler, lua: () => sandboxedBy(deps, ctx) });
  };
  return handler;
}

/** Ops a hub server adds to the control socket (ls, kill-server, ...). */
export type ExtraOps = Record<
  string,
  (req: ControlRequest, ctx: ControlContext) => Promise<ControlAnswer> | ControlAnswer
>;
