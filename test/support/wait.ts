// Waiting in tests: for a condition (polled), never for a fixed time where a condition can be named.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Maybe<T> = T | undefined | null | false;

/** Polls `f` (or awaits it) until it gives something truthy, and returns that; throws naming `what` after `ms`. */
export async function until<T>(what: string, f: () => Maybe<T> | Promise<Maybe<T>>, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`never happened within ${ms} ms: ${what}`);
    await sleep(20);
  }
}
