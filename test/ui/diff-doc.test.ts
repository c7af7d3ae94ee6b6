// The review document made of git's unified diff: file list with counts, statuses, renames,
// binary files as one line, tabs and control characters made drawable, styles per line.
import { describe, expect, it } from 'vitest';
import { Kind, displayText, parseDiff } from '../../src/ui/diff/diff-doc.js';
import { diffRow } from '../../src/ui/diff/diff-rows.js';

const DIFF = `diff --git a/src/app.ts b/src/app.ts
index 1111111..2222222 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,3 +1,4 @@ export function main()
 const a = 1;
-const b = 2;
+const b = 3;
+\tconst c = 4;
 return a;
diff --git a/old name.txt b/new name.txt
similarity index 90%
rename from old name.txt
rename to new name.txt
@@ -1 +1 @@
-x
+y
\\ No newline at end of file
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
--- a/gone.txt
+++ /dev/null
@@ -1 +0,0 @@
-bye
diff --git a/logo.png b/logo.png
new file mode 100644
Binary files /dev/null and b/logo.png differ
diff --git a/"caf\\303\\251.txt" b/"caf\\303\\251.txt"
new file mode 100644
untracked file
--- /dev/null
+++ "b/caf\\303\\251.txt"
@@ -0,0 +1 @@
+bonjour
`;

describe('parseDiff', () => {
  it('a summary, the file list with counts and statuses, then each file (a binary one is one line)', async () => {
    const doc = await parseDiff(DIFF, 'main');
    expect(doc.files.map((f) => [f.path, f.status, f.added, f.removed, f.binary, f.oldPath])).toEqual([
      ['src/app.ts', 'modified', 2, 1, false, undefined],
      ['new name.txt', 'renamed', 1, 1, false, 'old name.txt'],
      ['gone.txt', 'deleted', 0, 1, false, undefined],
      ['logo.png', 'added', 0, 0, true, undefined],
      ['café.txt', 'untracked', 1, 0, false, undefined],
    ]);
    expect(doc.lines.slice(0, 7)).toEqual([
      '5 files changed, +4 −3  vs main (committed + uncommitted)',
      '  M src/app.ts  +2 −1',
      '  R old name.txt → new name.txt  +1 −1',
      '  D gone.txt  −1',
      '  A logo.png  binary',
      '  ? café.txt  +1',
      '',
    ]);
    const logo = doc.files[3].line;
    expect(doc.lines[logo]).toBe('── logo.png  binary  (added) ──');
    expect(doc.lines[logo + 1]).toBe('── café.txt  +1  (new, untracked) ──');
    const app = doc.files[0].line;
    expect(doc.lines.slice(app, app + 7)).toEqual([
      '── src/app.ts  +2 −1 ──',
      '@@ -1,3 +1,4 @@ export function main()',
      ' const a = 1;',
      '-const b = 2;',
      '+const b = 3;',
      '+    const c = 4;',
      ' return a;',
    ]);
    expect([...doc.kinds.slice(app, app + 7)]).toEqual([
      Kind.FileHeader,
      Kind.Hunk,
      Kind.Context,
      Kind.Del,
      Kind.Add,
      Kind.Add,
      Kind.Context,
    ]);
    expect(doc.lines).toContain('\\ No newline at end of file');
  });

  it('no changes says so; "HEAD" reads as uncommitted', async () => {
    expect((await parseDiff('', 'HEAD')).lines).toEqual(['no changes vs HEAD (uncommitted)']);
    expect((await parseDiff('', 'main', true)).lines[0]).toBe('no changes vs main (committed + uncommitted)');
  });

  it('styles: additions green, removals red, hunks cyan, headers bold yellow; file rows colour their parts', async () => {
    const doc = await parseDiff(DIFF, 'main');
    const app = doc.files[0].line;
    expect(diffRow(doc, app)[0]).toMatchObject({ fg: 3, attrs: 1 });
    expect(diffRow(doc, app + 1)[0]).toMatchObject({ fg: 6 });
    expect(diffRow(doc, app + 3)[0]).toMatchObject({ text: '-const b = 2;', fg: 1 });
    expect(diffRow(doc, app + 4)[0]).toMatchObject({ text: '+const b = 3;', fg: 2 });
    expect(diffRow(doc, 1).map((r) => [r.text, r.fg])).toEqual([
      ['  ', -1],
      ['M', 3],
      [' src/app.ts  ', -1],
      ['+2', 2],
      [' ', -1],
      ['−1', 1],
    ]);
    expect(diffRow(doc, 0)[0]).toMatchObject({ attrs: 1 });
  });

  it('control characters and tabs become drawable; very long lines are cut', () => {
    expect(displayText('a\tb\x1b[31mc\x07')).toBe('a    b?[31mc?');
    expect(displayText('x'.repeat(5000)).length).toBe(2001);
  });

  it('a 5 MB diff parses in slices (the event loop runs meanwhile)', async () => {
    const hunk = Array.from({ length: 40 }, (_, i) => `+line ${i} ${'x'.repeat(60)}`).join('\n');
    const one = (n: number) =>
      `diff --git a/f${n}.txt b/f${n}.txt\n--- a/f${n}.txt\n+++ b/f${n}.txt\n@@ -0,0 +1,40 @@\n${hunk}\n`;
    const text = Array.from({ length: 1800 }, (_, n) => one(n)).join('');
    expect(text.length).toBeGreaterThan(5_000_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const doc = await parseDiff(text, 'main');
    clearInterval(timer);
    expect(doc.files).toHaveLength(1800);
    expect(doc.added).toBe(72000);
    expect(ticks).toBeGreaterThan(0);
  });
});
