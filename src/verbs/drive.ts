import type { Agent } from '../agents/agent.js';
import { ControlError } from '../wire/control-request.js';
import type { ControlDeps } from './ports.js';
import { findAgent } from './agents.js';
import type { VerbCall } from './verb.js';
import { driveRefused } from '../hub/drive-rule.js';

/** What typing into an agent is called in the drive rules (the send verb's `drives`). */
export const TYPE_INTO = 'type into';

/**
 * A verb that `drives` the agent it names (types into, stops, reads it...): the one drive rule
 * (hub/drive-rule.ts) judges who asks, and typing waits on no permission question the target is
 * being asked. Throws the refusal; the user never has an agent of theirs driven unasked.
 */
export async function mayDrive(
  deps: ControlDeps,
  call: VerbCall,
  target: Agent,
  what: string,
): Promise<void> {
  const p = await call.who();
  // (an improvement types as the agent that pushed it)
  const pusher = p.kind === 'improvement' ? deps.improvementPusher(p.name) : undefined;
  const typist = p.kind === 'agent' ? p.id : (pusher ?? null);
  if (typist && what === TYPE_INTO) {
    const held = deps.permissions.typingRefused(typist, target.id);
    if (held) throw new ControlError(held, { reason: 'refused' });
  }
  const no = await driveRefused(deps.drive, p, { id: target.id, name: target.info.name }, what, {
    pusher,
    signal: call.signal,
    // A caller that reads a `waiting` line is told, and waits as long as it stays connected.
    ...(call.waiting ? { waiting: call.waiting } : {}),
  });
  if (no) throw new ControlError(no, { reason: 'refused' });
}

/** mayDrive for the agent a request names (`ref`), looked up only when an agent or an improvement asks. */
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
