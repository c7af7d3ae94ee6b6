// What the verbs that carry out one of the hub's own acts answer: the words the act said (on
// screen too), or its failure as the verb's error (reason `failed`), never a notice read back.
import { ControlError, errMessage } from '../wire/control-request.js';
import { obj, str } from './shape.js';
import type { ControlDeps } from './ports.js';

export const saidAnswer = obj({ said: str('what the hub did, as it said it on screen') });

/** The act's words as the answer; its failure as the verb's error. */
export async function saying(act: () => string | Promise<string>): Promise<{ said: string }> {
  try {
    return { said: await act() };
  } catch (err) {
    if (err instanceof ControlError) throw err;
    throw new ControlError(errMessage(err), { reason: 'failed' });
  }
}

/** Words an act answered without saying them: said on screen too (your answer's outcome). */
export function told(deps: Pick<ControlDeps, 'notify'>, text: string): string {
  deps.notify(text, 'info');
  return text;
}

/** The agent an optional `agent` names: its id; absent, the hub's focused one (undefined: none). */
export function agentOrFocused(
  find: (ref: unknown) => { id: string },
  ref: unknown,
  focus: string | null,
): string | undefined {
  return ref === undefined ? (focus ?? undefined) : find(ref).id;
}
