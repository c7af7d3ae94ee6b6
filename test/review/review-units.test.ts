// The parts of review comments that need no hub: finding a comment's lines again, drawing comments
// into the review document, the place a selection points at, the prompt's order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLines } from '../../src/review/comment-anchor.js';
import { parseDiff } from '../../src/ui/diff/diff-doc.js';
import { withComments } from '../../src/ui/diff/diff-comments.js';
import { parseAt, placeAt } from '../../src/review/review-at.js';
import { inDiffOrder, reviewPrompt } from '../../src/review/review-prompt.js';
import { where } from '../../src/ui/diff/diff-place.js';
import { commentPath, loadComments } from '../../src/review/comment-file.js';
import { factsOf } from '../../src/review/review-comments.js';
import type { CommentFacts } from '../../src/hub/self.js';

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
    expect(parseAt('src/a:b.ts:3-5')).toEqual({ file: 'src/a:b.ts', line: 3, end: 5, side: 'new' });
    expect(parseAt('a.ts:7')).toEqual({ file: 'a.ts', line: 7, end: 7, side: 'new' });
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

describe('a removed line and an added line at the same number', () => {
  const facts = (side: 'new' | 'old', snippet: string, text: string): CommentFacts => ({
    id: side === 'old' ? 'c1' : 'c2',
    file: 'app.js',
    line: 2,
    end: 2,
    side,
    snippet: [snippet],
    text,
    state: 'new',
    created: '2024-01-01T00:00:00.000Z',
  });
  const removed = facts('old', '-const b = 2;', 'why drop 2');
  const added = facts('new', '+const b = 3;', 'why 3');

  it('are named apart, and the name reads back as the same place', () => {
    expect(where(removed)).toBe('app.js:2 (removed)');
    expect(where(added)).toBe('app.js:2');
    expect(where({ ...removed, end: 4 })).toBe('app.js:2-4 (removed)');
    expect(parseAt(where(removed))).toEqual({ file: 'app.js', line: 2, end: 2, side: 'old' });
    expect(parseAt('src/a:b.ts:3-5 (removed)')).toEqual({ file: 'src/a:b.ts', line: 3, end: 5, side: 'old' });
    expect(parseAt(where(added))).toEqual({ file: 'app.js', line: 2, end: 2, side: 'new' });
  });

  it('the prompt says which, the removed one first as the diff shows it', () => {
    const text = reviewPrompt('', inDiffOrder([added, removed], ['app.js']), '');
    expect(text).toBe(
      '1. app.js:2 (removed)\n```diff\n-const b = 2;\n```\nwhy drop 2\n\n2. app.js:2\n```diff\n+const b = 3;\n```\nwhy 3',
    );
  });

  it('one on lines the diff does not show is named with its side too', async () => {
    const doc = await parseDiff(DIFF, 'main');
    const shown = withComments(doc, [
      { id: 'c1', file: 'gone.js', end: 9, side: 'old', text: 'was here', status: '' },
    ]);
    expect(shown.lines.slice(-2)).toEqual(['  gone.js:9 (removed)', '  ┃ #1 was here']);
  });

  it('a comment kept without a side reads as the file now (nothing lost)', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-review-'));
    const file = commentPath(home, 'worker', '/wt');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = {
      id: 'c1',
      file: 'app.js',
      line: 2,
      end: 2,
      snippet: ['+const b = 3;'],
      text: 'why 3',
      created: 'x',
    };
    const kept = { ...old, id: 'c2', side: 'old', snippet: ['-const b = 2;'] };
    fs.writeFileSync(
      file,
      JSON.stringify({ version: 1, agent: 'worker', dir: '/wt', next: 3, comments: [old, kept] }),
    );
    const warned: string[] = [];
    const data = loadComments(home, 'worker', '/wt', (m) => warned.push(m));
    expect(warned).toEqual([]);
    expect(data.comments.map((c) => factsOf(c).side)).toEqual(['new', 'old']);
    expect(data.comments.map((c) => where(factsOf(c)))).toEqual(['app.js:2', 'app.js:2 (removed)']);
    expect(data.comments.map((c) => c.text)).toEqual(['why 3', 'why 3']);
    fs.rmSync(home, { recursive: true, force: true });
  });
});
