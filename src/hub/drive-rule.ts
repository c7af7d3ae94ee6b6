// The drive rule, once: whether who asks may act on an agent (type into it, stop it, read it, show
// it). An agent may act on itself and the agents it started; any other only once you said yes for
// the pair (the hub asks you). An improvement acts as the agent that pushed it may, and on what it
// started itself. Everyone else (you, a plugin, a project) is judged by the who-may table alone
// (./who-may.ts). The verbs (src/verbs/drive.ts, for each verb's `drives`) and the focus intent
// (src/commands/apply-request.ts) ask this; nothing else asks the user about a pair.
import { driveRefusal, luaDriveRefusal, type Principal } from './principal.js';

/** Which agent may drive which (the lifecycle room's AgentDrive), as the rule reads it. */
export interface DrivePort {
  /** Whether `from` may drive `to` without asking. */
  may(from: string, to: string): boolean;
  /** Asks you whether `from` may `what` `to` (false once the wait ran out or the asker hung up). */
  ask(
    from: string,
    to: string,
    what: string,
    signal?: AbortSignal,
    wait?: { held: boolean; started: (ms: number | null) => void },
  ): Promise<boolean>;
  /** Your answer for the pair: true let, false refused, undefined none yet. */
  verdict(from: string, to: string): boolean | undefined;
  /** Whether sandboxed Lua `lua` (pushed by agent `pusher`) may `what` agent `to`. */
  luaMay(
    lua: string,
    pusher: string | null | undefined,
    to: string,
    what: string,
    signal?: AbortSignal,
  ): Promise<boolean>;
}

/** How a caller that waits for your answer is told it waits (the socket's `waiting` line). */
export type DriveWait = (note: { for: string; ms: number | null }) => void;

/**
 * Why `who` may not `what` agent `to` (null: it may). `pusher`: the agent that pushed the
 * improvement that asks. `waiting`: the caller reads a waiting line, and waits as long as it stays.
 */
export async function driveRefused(
  port: DrivePort,
  who: Principal,
  to: { id: string; name: string },
  what: string,
  opts: { pusher?: string | null; signal?: AbortSignal; waiting?: DriveWait } = {},
): Promise<string | null> {
  if (who.kind === 'improvement') {
    const lua = `improvement ${who.name}`;
    if (await port.luaMay(lua, opts.pusher, to.id, what, opts.signal)) return null;
    return luaDriveRefusal(who.name, opts.pusher, to, what);
  }
  if (who.kind !== 'agent' || port.may(who.id, to.id)) return null;
  let waited: number | null | undefined;
  const started = (ms: number | null) => {
    waited = ms;
    opts.waiting?.({ for: waitingFor(who.id, to, what), ms });
  };
  if (await port.ask(who.id, to.id, what, opts.signal, { held: !!opts.waiting, started })) return null;
  const verdict = port.verdict(who.id, to.id);
  const answer =
    verdict === false ? 'refused' : typeof waited === 'number' ? { waitedMs: waited } : undefined;
  return driveRefusal(who.id, to, what, answer);
}

/** What a request that asks you waits for, in words for the agent that waits. */
function waitingFor(from: string, to: { id: string; name: string }, what: string): string {
  return `you to answer in the hub whether agent ${from} may ${what} agent ${to.name} (id:${to.id}) (agent.allow_drive lets it, agent.deny_drive refuses it)`;
}
