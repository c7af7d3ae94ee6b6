// A layout piece's health across configuration builds: its failures in a row, whether it ever drew,
// whether the user was told, and when it is off.

export const FAILURES_BEFORE_DISABLE = 3;

/**
 * Failures of each piece, across configuration builds: a reload keeps a piece that fails off, a
 * new version of its file (another key) starts afresh. It is off after FAILURES_BEFORE_DISABLE
 * failures in a row: a frame it draws in between (one overrun on a machine too busy to give it its
 * 10 ms, an error on one odd frame) starts the count again.
 */
export class PieceHealth {
  private readonly failures = new Map<string, number>();
  private readonly good = new Set<string>();
  /** Pieces the user was told about: one notice a piece, not one a failing streak. */
  private readonly told = new Set<string>();

  disabled(key: string): boolean {
    return (this.failures.get(key) ?? 0) >= FAILURES_BEFORE_DISABLE;
  }

  /** It drew (its output was fine) at least once. */
  proven(key: string): boolean {
    return this.good.has(key);
  }

  drew(key: string): void {
    this.good.add(key);
    this.failures.delete(key);
  }

  /** Off from the start (it stopped a worker before this one). */
  disable(key: string): void {
    this.failures.set(key, FAILURES_BEFORE_DISABLE);
  }

  /** Counts a failure: how many in a row, and whether the user is to be told now (its first one, and when it goes off). */
  failed(key: string): { count: number; tell: boolean } {
    const count = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, count);
    const tell = count >= FAILURES_BEFORE_DISABLE || !this.told.has(key);
    this.told.add(key);
    return { count, tell };
  }

  /** Forgets pieces that no longer exist (their files changed or went). */
  keep(keys: Set<string>): void {
    for (const set of [this.failures, this.good, this.told])
      for (const k of set.keys()) if (!keys.has(k)) set.delete(k);
  }
}
