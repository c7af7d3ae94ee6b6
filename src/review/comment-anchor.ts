// Whether a comment's lines are still what they were: the new file's lines it was made on, read
// again (as the diff shows them: tabs as spaces). Lines that moved (something added above them)
// are found again, nearest first, and the comment moves with them.
import fs from 'node:fs';
import path from 'node:path';
import { displayText } from '../ui/diff/diff-doc.js';
import type { StoredComment } from './comment-file.js';

/** The new file's text of a snippet (its `+` and context lines, without the mark). */
export function newSide(snippet: readonly string[]): string[] {
  return snippet.filter((l) => !l.startsWith('-')).map((l) => l.slice(1));
}

/** A file's lines as the diff shows them (null: no such file). */
export async function fileLines(dir: string, file: string): Promise<string[] | null> {
  try {
    const text = await fs.promises.readFile(path.resolve(dir, file), 'utf8');
    const lines = text.split('\n');
    if (text.endsWith('\n')) lines.pop();
    return lines.map(displayText);
  } catch {
    return null;
  }
}

/**
 * Where the comment's lines are now: `same` (where they were), `moved` to `line` (the nearest
 * place they are found whole), or `changed`. A comment on removed lines only is never changed by
 * the new file.
 */
export function findLines(
  c: Pick<StoredComment, 'line' | 'end' | 'side' | 'snippet' | 'sent_lines'>,
  lines: readonly string[] | null,
): { is: 'same' } | { is: 'moved'; line: number } | { is: 'changed' } {
  const want = c.sent_lines ?? newSide(c.snippet);
  if (c.side === 'old' || want.length === 0) return { is: 'same' };
  if (!lines) return { is: 'changed' };
  const at = (start: number) => want.every((w, k) => lines[start + k] === w);
  const start = c.line - 1;
  if (at(start)) return { is: 'same' };
  for (let d = 1; d < lines.length; d++) {
    for (const s of [start - d, start + d]) {
      if (s >= 0 && s + want.length <= lines.length && at(s)) return { is: 'moved', line: s + 1 };
    }
  }
  return { is: 'changed' };
}
