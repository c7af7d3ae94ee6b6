// What carrying out a request answers: nothing (an intent is dispatched; a verb answers its own
// caller, src/verbs/call.ts), or why who asked may not (said on screen too).

/** What a request its asker may not make answers instead (also said on screen). */
export interface Refused {
  refused: string;
}

/** What carrying out a request answers: nothing, or why its asker may not. */
export type Applied = Refused | void;

export const isRefused = (a: unknown): a is Refused =>
  typeof a === 'object' && a !== null && typeof (a as Refused).refused === 'string';
