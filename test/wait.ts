// Waiting in tests: for a condition (polled), never for a fixed time where a condition can be named.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `f` until it returns something truthy, and returns that; throws naming `what` after `ms`. */
export async function until<T>(what: string, f: () => T | undefined | null | false, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`never happened within ${ms} ms: ${what}`);
    await sleep(20);
  }
}
