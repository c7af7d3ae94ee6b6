import type { Agent } from '../agents/agent.js';
import { ControlError } from '../wire/control-request.js';
import type { ControlDeps } from './ports.js';
import { findAgent } from './agents.js';
import type { VerbCall } from './verb.js';
import { driveRefusal, luaDriveRefusal } from '../hub/principal.js';

/** What typing into an agent is called in the drive rules (the send verb's `drives`). */
export const TYPE_INTO = 'type into';

/**
 * An agent that asks to type into, stop or read another agent: itself and the agents it started
 * it may; any other only once the user said yes for the pair (asked in the hub, src/lifecycle/agent-drive.ts).
 * Throws the refusal; the user never has an agent of theirs driven unasked.
 */
export async function mayDrive(
  deps: ControlDeps,
  call: VerbCall,
  target: Agent,
  what: string,
): Promise<void> {
  const p = await call.who();
  // (an improvement types as the agent that pushed it)
  const typist = p.kind === 'agent' ? p.id : p.kind === 'improvement' ? deps.improvementPusher(p.name) : null;
  if (typist && what === TYPE_INTO) {
    const held = deps.permissions.typingRefused(typist, target.id);
    if (held) throw new ControlError(held, { reason: 'refused' });
  }
  if (p.kind === 'improvement') {
    // Its app:verb drives what its agent may, as its requests do (commands/apply-request.ts).
    const pusher = deps.improvementPusher(p.name);
    if (await deps.drive.luaMay(`improvement ${p.name}`, pusher, target.id, what, call.signal)) return;
    throw new ControlError(luaDriveRefusal(p.name, pusher, { id: target.id, name: target.info.name }, what), {
      reason: 'refused',
    });
  }
  if (p.kind !== 'agent' || deps.drive.may(p.id, target.id)) return;
  const to = { id: target.id, name: target.info.name };
  // A caller that reads a `waiting` line is told, and waits as long as it stays connected.
  let waited: number | null | undefined;
  const started = (ms: number | null) => {
    waited = ms;
    call.waiting?.({ for: waitingFor(p.id, to, what), ms });
  };
  if (await deps.drive.ask(p.id, target.id, what, call.signal, { held: !!call.waiting, started })) return;
  const verdict = deps.drive.verdict(p.id, target.id);
  const answer =
    verdict === false ? 'refused' : typeof waited === 'number' ? { waitedMs: waited } : undefined;
  throw new ControlError(driveRefusal(p.id, to, what, answer), { reason: 'refused' });
}

/** What a request that asks the user waits for, in words for the agent that waits. */
function waitingFor(from: string, to: { id: string; name: string }, what: string): string {
  return `you to answer in the hub whether agent ${from} may ${what} agent ${to.name} (id:${to.id}) (agent.allow_drive lets it, agent.deny_drive refuses it)`;
}

/** mayDrive for the agent a request names (`ref`), looked up only when an agent asks. */
export async function mayDriveRef(
  deps: ControlDeps,
  call: VerbCall,
  ref: unknown,
  what: string,
): Promise<void> {
  const kind = (await call.who()).kind;
  if (kind !== 'agent' && kind !== 'improvement') return;
  await mayDrive(deps, call, findAgent(deps, ref), what);
}
