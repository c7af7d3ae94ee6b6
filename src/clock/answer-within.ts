// Waiting a while for an answer: improvements, pipelines and the agents' drive rules each ask the
// user and say "waiting" when no answer came in time, so the helper is the hub's time's, not one room's.

/**
 * An answer (the user's, to a question the hub asked) if it comes within `ms` (Infinity: whenever
 * it comes), else null (the caller says "waiting"; the answer still applies when it comes).
 */
export async function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T | null> {
  if (ms === Infinity) return answer; // (as long as it takes: setTimeout would fire at once)
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
