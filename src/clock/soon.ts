const resolved = Promise.resolve();

/**
 * Runs `fn` as a microtask, as queueMicrotask does, without the async resource node makes for each
 * of those (a few microseconds on every key and every echo's frame, cold between keys). A throw in
 * `fn` is an unhandled rejection (which ends the process as an uncaught exception would).
 */
export function soon(fn: () => unknown): void {
  void resolved.then(fn);
}
