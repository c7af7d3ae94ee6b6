// Work in flight: what keys, commands and git started and has not finished (a script's `run`, a
// snapshot and dispose wait for it).
export class InFlight {
  private readonly actions = new Set<Promise<void>>();

  track(p: Promise<void>): void {
    this.actions.add(p);
    void p.finally(() => this.actions.delete(p));
  }

  /** Resolves once nothing tracked is running (what finishes may have started more). */
  async settled(): Promise<void> {
    while (this.actions.size > 0) await Promise.allSettled([...this.actions]);
  }
}
