import type { Principal } from '../hub/principal.js';
import { USER } from '../hub/principal.js';
import { agentOfLine, type LineDeps } from '../keeper/agent-of-line.js';
import { lineHits, lineOf } from '../pty/process-tree.js';
import type { ControlContext, ControlRequest } from '../wire/control-request.js';
import type { ControlDeps } from '../verbs/ports.js';

export { agentOfLine, type LineDeps };

/**
 * What the hub takes a caller it cannot tell for: an agent of no known id, held to an agent's
 * rules (never the user: a client that wrote its request and left at once could be anyone's).
 */
export const UNKNOWN_CALLER: Principal = {
  kind: 'agent',
  id: '?',
  why: 'the kernel could not say who it is: gone before it could be asked, or its credentials unread',
};

/**
 * A caller on a socket whose peer the kernel cannot be asked for at all (`ctx.blind`: no native
 * client): held to an agent's rules as an unknown caller is. Never its own word: that would let
 * an agent that unsets BOTSTER_AGENT_ID act as the user.
 */
export function blindCaller(why: string): Principal {
  return { kind: 'agent', id: '?', why: `the hub cannot ask the kernel who connects: ${why}` };
}

/**
 * The sandboxed Lua ("plugin NAME") whose program is the connection's peer or its forebear (a
 * process.run of it), by the kernel's word; undefined: none (or the kernel cannot be asked).
 */
export async function sandboxedBy(
  deps: Pick<ControlDeps, 'sandboxed'>,
  ctx: ControlContext,
): Promise<string | undefined> {
  const ran = deps.sandboxed?.();
  if (!ran || ran.size === 0 || !ctx.peer) return undefined;
  const cred = await ctx.peer();
  return cred ? lineHits(cred.line ?? lineOf(cred.pid), ran) : undefined;
}

/**
 * Who asks on a control connection: an agent when the kernel's peer is in an agent's line
 * (agentOfLine), or when the request says so itself (`from_agent`, `agent_id`:
 * the CLI sends BOTSTER_AGENT_ID); the user when the peer is a live process of theirs outside every
 * agent. A peer whose credentials could not be read, or that was gone from /proc by then, is
 * unknown, and so is every caller where the kernel cannot be asked at all (no native client,
 * `ctx.blind`): held to an agent's rules, never open (docs/security.md).
 */
export async function principalOfPeer(
  deps: Pick<ControlDeps, 'agents' | 'keeperDir'>,
  ctx: ControlContext,
  req: ControlRequest,
): Promise<Principal> {
  if (ctx.blind !== undefined) return blindCaller(ctx.blind);
  if (ctx.peer) {
    const cred = await ctx.peer();
    const line = cred ? (cred.line ?? lineOf(cred.pid)) : [];
    if (!cred || line.length === 0) return UNKNOWN_CALLER;
    const id = agentOfLine(deps, line);
    if (id !== undefined) return { kind: 'agent', id };
  }
  // A process that says it is an agent is held to an agent's rules: a claim can only lower what it
  // may do (the kernel's word wins where it says "agent"; only your own processes get here).
  const claimed = typeof req.agent_id === 'string' && req.agent_id ? req.agent_id : null;
  if (claimed) return { kind: 'agent', id: claimed };
  return req.from_agent === true ? { kind: 'agent', id: '?', why: 'it says it is an agent' } : USER;
}

/** Which agents' screen-derived fields a peer may see (an agent: those it may read; verbs/withhold.ts). */
export async function readsOfPeer(
  deps: Pick<ControlDeps, 'agents' | 'drive'>,
  ctx: ControlContext,
  req: ControlRequest,
): Promise<(id: string) => boolean> {
  const who = await principalOfPeer(deps, ctx, req);
  return who.kind === 'agent' ? (id) => deps.drive.may(who.id, id) : () => true;
}
