// What the review panel's cursor points at: the lines of a selection (or the one line under the
// cursor), as a comment's place (file, new or old lines, the snippet as shown), and the comment
// drawn there, if any.
import { Kind, type DiffDoc } from '../ui/diff/diff-doc.js';
import { REMOVED } from '../ui/diff/diff-place.js';

export interface ReviewPlace {
  file: string;
  line: number;
  end: number;
  side: 'new' | 'old';
  snippet: string[];
}

/** The place of document rows `lo`..`hi` and the comment at row `cursor`; throws why there is none. */
export function placeAt(
  doc: DiffDoc,
  lo: number,
  hi: number,
  cursor: number,
): { place: ReviewPlace | null; comment: string | null } {
  const commentOf = doc.commentOf ?? new Map<number, string>();
  // The comment on the cursor's row, or the first one drawn right under its line.
  let comment = commentOf.get(cursor) ?? null;
  if (comment === null && doc.kinds[cursor + 1] === Kind.Comment) comment = commentOf.get(cursor + 1) ?? null;
  const rows: number[] = [];
  for (let i = Math.max(0, lo); i <= Math.min(hi, doc.lines.length - 1); i++)
    if (doc.fileAt[i] >= 0) rows.push(i);
  if (rows.length === 0) return { place: null, comment };
  const f = doc.fileAt[rows[0]];
  const mine = rows.filter((i) => doc.fileAt[i] === f);
  const nos = mine.map((i) => doc.newNo[i]).filter((n) => n > 0);
  const side = nos.length ? 'new' : 'old';
  const nums = nos.length ? nos : mine.map((i) => doc.oldNo[i]).filter((n) => n > 0);
  return {
    place: {
      file: doc.files[f].path,
      line: Math.min(...nums),
      end: Math.max(...nums),
      side,
      snippet: mine.map((i) => doc.lines[i]),
    },
    comment,
  };
}

/**
 * `FILE:LINE` or `FILE:LINE-LINE`: the file's lines now; ` (removed)` after it: removed lines, by
 * their number in the old file (as ui/diff/diff-place.ts `where` names them). A path may hold
 * colons: the last one counts.
 */
export function parseAt(at: string): { file: string; line: number; end: number; side: 'new' | 'old' } | null {
  let s = at.trim();
  const old = s.endsWith(REMOVED);
  if (old) s = s.slice(0, -REMOVED.length).trimEnd();
  const m = /^(.+):(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) return null;
  const line = Number(m[2]);
  const end = m[3] === undefined ? line : Number(m[3]);
  if (line < 1 || end < line) return null;
  return { file: m[1], line, end, side: old ? 'old' : 'new' };
}
