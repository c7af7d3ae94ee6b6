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
}
