// What one `run` (verbs/run.ts) came to, from its own call chain: the commands and Lua calls it
// started, their requests and dialogs, the work they track, and whatever those await or set off.
// An error another source says meanwhile (a hook of an agent, a timer, another client's command)
// is in another chain, so it is never the run's. The chain is Node's async context: what `run`
// started carries it through every await, callback and timer, without a parameter on each call.
import { AsyncLocalStorage } from 'node:async_hooks';

/** The errors the commands and Lua calls of one attempt said, which of them were refusals, and the last thing they said. */
export interface RunOutcome {
  errors: string[];
  refused: string[];
  /** The last notice its chain said (info or error), null if none. */
  said: string | null;
}

interface Collector extends RunOutcome {
  /** Until the attempt answers: what its chain says later (a timer it set) is no one's. */
  open: boolean;
  /** The attempt this one runs inside (a command that runs another through `run`): it hears it too. */
  outer: Collector | undefined;
  /** What its chain asked for whose answer comes later (a verb Lua called): the attempt waits for it. */
  pending: Set<Promise<void>>;
}

const chain = new AsyncLocalStorage<Collector>();
/** Attempts under way: with none, the async context is off (on Node 20 it hooks every promise). */
let running = 0;

/**
 * Runs `fn` as an attempt of its own and answers what its chain reported while it ran. `fn` is
 * handed `answered`: it resolves once the answers its chain waits for came (a verb its command
 * asked for, whose callback may open a dialog the run answers).
 */
export async function outcomeOf(fn: (answered: () => Promise<void>) => Promise<void>): Promise<RunOutcome> {
  const c: Collector = {
    errors: [],
    refused: [],
    said: null,
    open: true,
    outer: chain.getStore(),
    pending: new Set(),
  };
  running++;
  try {
    await chain.run(c, () => fn(() => answered(c)));
    // Its answers are its outcome: what they report lands here while it is still open.
    await answered(c);
  } finally {
    c.open = false;
    if (--running === 0) chain.disable();
  }
  return { errors: c.errors, refused: c.refused, said: c.said };
}

/** Until no answer its chain waits for is left (an answer may ask for more). */
async function answered(c: Collector): Promise<void> {
  while (c.pending.size > 0) {
    const waiting = [...c.pending];
    c.pending.clear();
    await Promise.allSettled(waiting);
  }
}

function report(kind: 'errors' | 'refused', message: string): void {
  for (let c = chain.getStore(); c; c = c.outer) if (c.open) c[kind].push(message);
}

/** A notice said by whatever runs now: the attempts it is part of hear it (none: it is no attempt's); an error is one of their errors. */
export function reportSaid(text: string, level: 'info' | 'error'): void {
  for (let c = chain.getStore(); c; c = c.outer) if (c.open) c.said = text;
  if (level === 'error') report('errors', text);
}

/** An answer that comes later to whatever runs now (a verb Lua asked for): its attempts wait for it. */
export function reportPending(answer: Promise<void>): void {
  for (let c = chain.getStore(); c; c = c.outer) if (c.open) c.pending.add(answer);
}

/** An error an answer of whatever runs now carries (a verb that failed): its attempts hear it. */
export function reportError(message: string): void {
  report('errors', message);
}

/** A request refused to whatever runs now (an agent asked for what it may not): its attempts hear it. */
export function reportRefusal(message: string): void {
  report('refused', message);
}

/** Runs `fn` as no attempt's: what it says is not the run's (a failure its Lua already reads). */
export function apartFromRun<T>(fn: () => T): T {
  return chain.exit(fn);
}
