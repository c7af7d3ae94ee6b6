import type { StyledRun, TerminalSource } from './terminal-source.js';

// What a panel shows a caller that may not read its agent (its terminal, its review diff): a blank
// panel with a line saying why, painted in its place in the frame (an overlay drawn over the panel
// stays over it).

export const NOT_YOURS = '(not yours to read)';

/** A `cols` x `rows` screen, blank but for NOT_YOURS in its middle row. */
export function withheldSource(cols: number, rows: number): TerminalSource {
  const run = (text: string): StyledRun => ({ text, width: text.length, fg: -1, bg: -1, attrs: 0 });
  const blank = [run(' '.repeat(Math.max(0, cols)))];
  const middle = Math.floor(rows / 2);
  const left = Math.max(0, Math.floor((cols - NOT_YOURS.length) / 2));
  const why =
    cols >= NOT_YOURS.length
      ? [run(' '.repeat(left)), run(NOT_YOURS), run(' '.repeat(cols - left - NOT_YOURS.length))]
      : blank;
  return {
    cols,
    rows,
    readRow: (y) => (y === middle ? why : blank),
    cursor: () => ({ x: 0, y: 0, visible: false }),
  };
}
