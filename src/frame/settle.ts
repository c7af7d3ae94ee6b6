const SETTLE_QUIET_MS = 150;
const SETTLE_LIMIT_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What settling watches: keys and frames in flight, and when an agent last printed. */
export interface Settling {
  whenIdle(): Promise<void>;
  busy(): boolean;
  /** When any agent last produced output (performance.now()). */
  lastOutputAt(): number;
  /** Repaint the whole frame next. */
  redraw(): void;
}

/** Waits until agents have been quiet for a moment and no frame is pending (bounded): what a snapshot shows. */
export async function settle(w: Settling): Promise<void> {
  const limit = performance.now() + SETTLE_LIMIT_MS;
  while (performance.now() < limit) {
    await w.whenIdle();
    const quietFor = performance.now() - w.lastOutputAt();
    if (quietFor >= SETTLE_QUIET_MS && !w.busy()) break;
    await sleep(Math.max(10, SETTLE_QUIET_MS - quietFor));
  }
  w.redraw();
  await w.whenIdle();
}
