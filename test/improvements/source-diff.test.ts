import { describe, expect, it } from 'vitest';
import { sourceDiff } from '../../src/improvements/source-diff.js';

describe('sourceDiff', () => {
  it.each([
    ['a new file: every line added', '', 'a\nb\n', ['+ a', '+ b']],
    ['nothing changed: nothing to show', 'a\nb\n', 'a\nb\n', []],
    [
      'one line changed, with its neighbours',
      'a\nb\nc\nd\ne\n',
      'a\nb\nC\nd\ne\n',
      ['  b', '- c', '+ C', '  d'],
    ],
    [
      'two changes far apart, … between',
      'a\nb\nc\nd\ne\nf\ng\n',
      'A\nb\nc\nd\ne\nf\nG\n',
      ['- a', '+ A', '  b', '…', '  f', '- g', '+ G'],
    ],
    ['a line removed at the end', 'a\nb\n', 'a\n', ['  a', '- b']],
  ])('%s', (_what, before, after, want) => {
    expect(sourceDiff(before, after)).toEqual(want);
  });

  it('a long diff is cut with where to read the rest', () => {
    const after = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const out = sourceDiff('', after, 10);
    expect(out).toHaveLength(11);
    expect(out[10]).toBe('… 90 more lines (botster-tui improvements show NAME)');
  });
});
