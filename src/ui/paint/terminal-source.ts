/** A run of cells with one style, as the headless terminal reports it (plain data). */
export interface StyledRun {
  text: string;
  width: number;
  fg: number;
  bg: number;
  attrs: number;
}

/** What the painter needs from an agent's terminal; the app adapts the real one to this. */
export interface TerminalSource {
  readonly cols: number;
  readonly rows: number;
  readRow(y: number, scrollOffset: number): StyledRun[];
  cursor(): { x: number; y: number; visible: boolean };
  /** Changes so far to what readRow shows (a number that only grows); absent: unknown. */
  version?(): number;
  /** Rows (0 = top) that changed after `version` (null: none), or 'all'. */
  changedRows?(version: number): { start: number; end: number } | 'all' | null;
  /**
   * Lines the live screen scrolled up so far (a number that only grows): how far the rows painted
   * last time probably moved. Only a hint: a row is copied only when it reads the same.
   */
  scrolled?(): number;
  /**
   * Rows top..bottom moved up `n` after `version` (the screen scrolled) and the rows written
   * since, where they are now: a painter may shift what it drew of them and paint only those.
   * null: none moved, or not known (then changedRows says which to paint).
   */
  movedRows?(version: number): MovedRows | null;
}

/** Rows top..bottom of a terminal moved up `n`; `dirty`: the rows written since, where they are now. */
export interface MovedRows {
  n: number;
  top: number;
  bottom: number;
  dirty: { start: number; end: number } | null;
}

/** Text a terminal is about to print at its cursor (`x`, `y`), in one style: a key's echo drawn before it is parsed. */
export interface EchoRun extends StyledRun {
  x: number;
  y: number;
}
