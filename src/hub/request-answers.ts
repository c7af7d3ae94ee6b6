// What each request's action answers, declared once by type (WezTerm's "each request names its
// response"): the table of actions (commands/actions/table.ts) must answer so, and whoever asks (a verb, Lua, a
// key) reads it typed, never from a notice. A type not listed answers nothing.
import type { Agent } from '../agents/agent.js';
import type { Request } from './requests.js';

export interface RequestAnswers {
  start_agent: { agent: Agent } | { notStarted: string };
  improvement_answer: { said: string };
  drive_answer: { said: string };
  host_answer: { said: string };
  pipeline_answer: { said: string };
}

/** A request's answer by its type. */
export type RequestAnswer<T extends Request['type']> = T extends keyof RequestAnswers
  ? RequestAnswers[T]
  : void;

/** The request of one type. */
export type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

/** What a request its asker may not make answers instead (also said on screen). */
export interface Refused {
  refused: string;
}

/** What carrying out a request of type T answers: its action's answer, or why its asker may not. */
export type Applied<T extends Request['type']> = RequestAnswer<T> | Refused;

export const isRefused = (a: unknown): a is Refused =>
  typeof a === 'object' && a !== null && typeof (a as Refused).refused === 'string';
