import type { IBufferCell } from '@xterm/headless';

// xterm's packed cells (12 bytes each: content, fg, bg), read where decoding cell by cell costs
// too much: the scrollback's packing and the painter's rows.

/** xterm's internal BufferLine: the packed cells we read without per-cell allocation. */
export interface RawBufferLine {
  readonly length: number;
  readonly _data: Uint32Array;
  readonly _combined: Record<number, string>;
  loadCell(x: number, cell: IBufferCell): IBufferCell;
}

/** xterm's content word: a code point, or a combined glyph's flag. */
const HAS_CONTENT = 0x3fffff;

/**
 * Where the trailing blank cells in the default style of a line's first `end` cells begin: what an
 * unwritten line is made of, read from the packed words without decoding a cell.
 */
export function blankTailAt(line: RawBufferLine, end = line.length): number {
  const data = line._data;
  while (
    end > 0 &&
    (data[end * 3 - 3] & HAS_CONTENT) === 0 &&
    data[end * 3 - 2] === 0 &&
    data[end * 3 - 1] === 0
  )
    end--;
  return end;
}
