// How a verb is carried out, whoever asks: its arguments checked by the one checker (./args.ts),
// an agent that acts on another asked about (./drive.ts), then its `act`. The socket
// (server/control.ts) judges its peer first; Lua's app:verb comes through answerVerb, judged by the
// verb's `may` against the Lua state that asked (you, an improvement, a project, a plugin), and
// reads the answer as a table: never a notice.
import { checkArgs } from './args.js';
import { mayDriveRef } from './drive.js';
import { VERBS, verbNamed } from './table.js';
import type { ControlDeps } from './ports.js';
import type { Verb, VerbCall } from './verb.js';
import type { LuaOrigin } from '../hub/state.js';
import type { Principal } from '../hub/principal.js';
import { judge, verbWords } from '../hub/who-may.js';
import {
  ControlError,
  errMessage,
  type ControlAnswer,
  type ControlRequest,
} from '../wire/control-request.js';

/** Checks the arguments, asks about driving another agent, and acts: every caller's verb takes this path. */
export async function performVerb(
  deps: ControlDeps,
  verb: Verb,
  req: ControlRequest,
  call: VerbCall,
): Promise<ControlAnswer> {
  // (its errors name it as it was asked for: `kill: ...` for the older name of agent.kill)
  const checked = checkArgs(typeof req.op === 'string' && req.op ? req.op : verb.name, verb.args, req);
  if (verb.drives) await mayDriveRef(deps, call, checked.agent, verb.drives);
  return verb.act(deps, checked, call);
}

/**
 * Why `who` may not ask for `verb` (null: it may): its `may`, closed by default. A plugin needs the
 * capability `may` names, among those `granted` says it was granted.
 */
export function verbRefusal(
  verb: Verb,
  who: Principal,
  granted?: (plugin: string) => readonly string[],
): string | null {
  return judge(who, verb.may ?? [], verbWords(verb.name), granted);
}

/**
 * A verb's typed answer as Lua reads it: `{ ok = true, ... }` with the verb's fields (the socket's
 * reply without its envelope), `{ ok = false, refused = why }` when who asked may not (with the
 * socket's `error = why, reason = "refused"` too), or `{ ok = false, error = why, reason = ... }`
 * when it failed.
 */
export type VerbAnswer = { ok: boolean } & Record<string, unknown>;

/** Runs verb `name` for Lua's app:verb as `who` asks it; resolves with its answer, never rejects. */
export async function answerVerb(
  deps: ControlDeps,
  name: string,
  args: Record<string, unknown>,
  who: Principal,
  granted: (plugin: string) => readonly string[],
  luaOrigin?: LuaOrigin,
): Promise<VerbAnswer> {
  const call: VerbCall = {
    ...(luaOrigin ? { luaOrigin } : {}),
    // Lua does not hang up: a verb that waits (`wait`) ends by its own timeout.
    signal: new AbortController().signal,
    who: async () => who,
    again: (req) => performVerb(deps, judged(req.op, who, granted), req, call),
  };
  try {
    const body = await performVerb(deps, judged(name, who, granted), { ...args, op: name }, call);
    const fields =
      body !== null && typeof body === 'object' && !Array.isArray(body) ? body : { result: body };
    // Plain data, as the socket would send it (it crosses to the Lua worker).
    return { ...(JSON.parse(JSON.stringify(fields ?? {})) as Record<string, unknown>), ok: true };
  } catch (err) {
    const fields = err instanceof ControlError ? err.fields : {};
    // (`error` and `reason` as the socket's reply has them, so a web POST's JSON is the socket's answer)
    if (fields.reason === 'refused')
      return { ok: false, refused: errMessage(err), error: errMessage(err), reason: 'refused' };
    return {
      ...(JSON.parse(JSON.stringify(fields)) as Record<string, unknown>),
      ok: false,
      error: errMessage(err),
    };
  }
}

/** The verb `name`, if `who` may ask for it from Lua; else throws why not. */
function judged(name: string, who: Principal, granted: (plugin: string) => readonly string[]): Verb {
  const verb = verbNamed(name);
  if (!verb)
    throw new ControlError(`unknown verb "${name}" (${VERBS.map((v) => v.name).join(', ')})`, {
      reason: 'usage',
    });
  const no = verbRefusal(verb, who, granted);
  if (no) throw new ControlError(no, { reason: 'refused' });
  // A stream answers line after line on its own connection: Lua has none to give it.
  if (verb.stream)
    throw new ControlError(`${name} answers a stream of lines on the socket: Lua cannot ask for it`, {
      reason: 'usage',
    });
  return verb;
}
