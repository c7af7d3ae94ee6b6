import { INVERSE } from '../terminal/styled-run.js';
import type { StyledRun } from '../terminal/styled-run.js';

export { offsetFor } from './reduce-view.js';

export interface SearchMatch {
  line: number; // 0 = oldest line held
  col: number;
  length: number;
}

export interface SearchSource {
  readonly lineCount: number;
  readonly rows: number;
  lineText(index: number): string;
}

/** Every case-insensitive occurrence of `query`, oldest first. */
export function findMatches(src: SearchSource, query: string): SearchMatch[] {
  const q = query.toLowerCase();
  const out: SearchMatch[] = [];
  if (!q) return out;
  for (let i = 0; i < src.lineCount; i++) {
    const text = src.lineText(i).toLowerCase();
    for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + q.length))
      out.push({ line: i, col: at, length: q.length });
  }
  return out;
}

/** Marks the cells of matches on one visible row in reverse video (cells = chars for this text). */
export function highlightRow(runs: StyledRun[], ranges: Array<[number, number]>): StyledRun[] {
  if (ranges.length === 0) return runs;
  const out: StyledRun[] = [];
  let x = 0;
  for (const run of runs) {
    const chars = [...run.text];
    // Only plain one-cell-per-char runs are split; others are kept whole.
    if (chars.length !== run.width) {
      out.push(run);
      x += run.width;
      continue;
    }
    let piece = '';
    let pieceOn = false;
    const flush = () => {
      if (piece)
        out.push({
          ...run,
          text: piece,
          width: [...piece].length,
          attrs: pieceOn ? run.attrs ^ INVERSE : run.attrs,
        });
      piece = '';
    };
    chars.forEach((ch, k) => {
      const col = x + k;
      const on = ranges.some(([a, b]) => col >= a && col < b);
      if (on !== pieceOn) {
        flush();
        pieceOn = on;
      }
      piece += ch;
    });
    flush();
    x += run.width;
  }
  return out;
}
