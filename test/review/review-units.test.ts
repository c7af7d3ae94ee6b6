// The parts of review comments that need no hub: finding a comment's lines again, drawing comments
// into the review document, the place a selection points at, the prompt's order.
import { describe, expect, it } from 'vitest';
import { findLines } from '../../src/review/comment-anchor.js';
import { parseDiff } from '../../src/ui/diff/diff-doc.js';
import { withComments } from '../../src/ui/diff/diff-comments.js';
import { parseAt, placeAt } from '../../src/review/review-at.js';
import { inDiffOrder } from '../../src/review/review-prompt.js';

const DIFF = `diff --git a/app.js b/app.js
--- a/app.js
+++ b/app.js
@@ -1,3 +1,3 @@
 const a = 1;
-const b = 2;
+const b = 3;
 console.log(a + b);
`;

describe('a comment finds its lines again', () => {
  const c = { line: 2, end: 3, side: 'new' as const, snippet: ['+const b = 3;', '-old', ' log(b);'] };
  it('where they were, moved (nearest first), or changed', () => {
    expect(findLines(c, ['a', 'const b = 3;', 'log(b);'])).toEqual({ is: 'same' });
    expect(findLines(c, ['x', 'y', 'a', 'const b = 3;', 'log(b);'])).toEqual({ is: 'moved', line: 4 });
    expect(findLines(c, ['a', 'const b = 4;', 'log(b);'])).toEqual({ is: 'changed' });
    expect(findLines(c, null)).toEqual({ is: 'changed' });
  });
  it('removed lines alone never change; a sent stale one is seen against its lines as sent', () => {
    expect(findLines({ ...c, side: 'old', snippet: ['-old'] }, [])).toEqual({ is: 'same' });
    expect(
      findLines({ ...c, sent_lines: ['const b = 4;', 'log(b);'] }, ['a', 'const b = 4;', 'log(b);']),
    ).toEqual({
      is: 'same',
    });
  });
});

describe('comments in the review document', () => {
  it('each under its last line (numbered in the diff), one the diff does not show at the end; the place of rows', async () => {
    const doc = await parseDiff(DIFF, 'main');
    const shown = withComments(doc, [
      { id: 'c1', file: 'app.js', end: 2, side: 'new', text: 'why 3\nreally', status: '' },
      { id: 'c2', file: 'app.js', end: 2, side: 'old', text: 'was 2', status: 'sent' },
      { id: 'c3', file: 'gone.js', end: 9, side: 'new', text: 'lost', status: 'stale' },
    ]);
    const body = shown.lines.slice(shown.files[0].line);
    expect(body).toEqual([
      '── app.js  +1 −1 ──',
      '@@ -1,3 +1,3 @@',
      ' const a = 1;',
      '-const b = 2;',
      '  ┃ #1 was 2  [sent]',
      '+const b = 3;',
      '  ┃ #2 why 3',
      '  ┃    really',
      ' console.log(a + b);',
      '',
      '── comments on lines the diff does not show ──',
      '  gone.js:9',
      '  ┃ #3 lost  [stale]',
    ]);
    const at = (text: string) => shown.lines.indexOf(text);
    expect(placeAt(shown, at('+const b = 3;'), at('+const b = 3;'), at('+const b = 3;'))).toEqual({
      place: { file: 'app.js', line: 2, end: 2, side: 'new', snippet: ['+const b = 3;'] },
      comment: 'c1',
    });
    // a range over removed and added lines: the new file's numbers, the snippet as shown
    expect(placeAt(shown, at('-const b = 2;'), at('+const b = 3;'), at('-const b = 2;')).place).toEqual({
      file: 'app.js',
      line: 2,
      end: 2,
      side: 'new',
      snippet: ['-const b = 2;', '+const b = 3;'],
    });
    expect(placeAt(shown, 0, 0, 0).place).toBeNull();
  });
});

describe('places and order', () => {
  it('FILE:LINE[-LINE]', () => {
    expect(parseAt('src/a:b.ts:3-5')).toEqual({ file: 'src/a:b.ts', line: 3, end: 5 });
    expect(parseAt('a.ts:7')).toEqual({ file: 'a.ts', line: 7, end: 7 });
    expect(parseAt('a.ts:5-3')).toBeNull();
    expect(parseAt('a.ts')).toBeNull();
  });
  it("the diff's order: by file as the diff lists them, others after by name, then by line", () => {
    const c = (file: string, line: number) => ({ file, line });
    expect(inDiffOrder([c('z', 1), c('b', 9), c('a', 2), c('b', 1), c('y', 1)], ['b', 'a'])).toEqual([
      c('b', 1),
      c('b', 9),
      c('a', 2),
      c('y', 1),
      c('z', 1),
    ]);
  });
});
