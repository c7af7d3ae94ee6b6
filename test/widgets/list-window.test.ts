import { describe, expect, it } from 'vitest';
import { listWindow } from '../../src/widgets/list-window.js';

const ones = (n: number) => Array.from({ length: n }, () => 1);

describe('listWindow', () => {
  it.each([
    // what, heights, selected, space, previous, window
    ['all fit: nothing moves', ones(5), 4, 5, 0, { offset: 0, above: 0, below: 0 }],
    [
      'the first of many: the bottom says how many more',
      ones(24),
      0,
      16,
      0,
      { offset: 0, above: 0, below: 9 },
    ],
    [
      'the last of 24 in 16 lines: the top says 9 above',
      ones(24),
      23,
      16,
      0,
      { offset: 8, above: 9, below: 0 },
    ],
    ['the middle: a note at each end', ones(24), 12, 16, 0, { offset: 0, above: 0, below: 9 }],
    [
      'one past the window moves it one line, not a page',
      ones(24),
      15,
      16,
      0,
      { offset: 1, above: 2, below: 8 },
    ],
    ['inside the window it stays put', ones(24), 10, 16, 5, { offset: 5, above: 6, below: 4 }],
    [
      'moving up past the top note moves it to just above',
      ones(24),
      5,
      16,
      8,
      { offset: 4, above: 5, below: 5 },
    ],
    ['back to the first: the top', ones(24), 0, 16, 8, { offset: 0, above: 0, below: 9 }],
    ['two-line rows: the selected one whole', [2, 2, 2, 2, 2, 2], 5, 6, 0, { offset: 6, above: 4, below: 0 }],
    ['a stale offset past the end is clamped', ones(10), 9, 8, 50, { offset: 2, above: 3, below: 0 }],
    ['no selection keeps the offset', ones(10), -1, 5, 3, { offset: 3, above: 4, below: 3 }],
  ] as const)('%s', (_what, heights, selected, space, previous, want) => {
    expect(listWindow([...heights], selected, space, previous)).toEqual(want);
  });

  it('the selected entry is always between the notes', () => {
    for (let space = 3; space < 30; space++)
      for (let sel = 0; sel < 30; sel++)
        for (const prev of [0, 7, 29]) {
          const { offset, above, below } = listWindow(ones(30), sel, space, prev);
          const first = offset + (above > 0 ? 1 : 0);
          const last = offset + space - (below > 0 ? 1 : 0);
          expect(sel >= first && sel < last, `space ${space} sel ${sel} prev ${prev}`).toBe(true);
          expect(above + below + (last - first)).toBe(30);
        }
  });
});
