// The prompt a review sends: per comment its file, its lines, the snippet as it was and the remark,
// in the diff's order, between a header and a footer Lua sets (lua/default/review.lua's
// before_review_send hook). A stale comment goes too, flagged: its lines changed before it went.
import type { CommentFacts } from '../hub/self.js';
// (a comment's place, as every face names it: `app.js:2`, `app.js:2 (removed)`)
import { where } from '../ui/diff/diff-place.js';

/**
 * The comments in the diff's order: by file as the diff lists them (others after, by name), then
 * line; at one number the removed line first, as the diff shows it above the added one.
 */
export function inDiffOrder<C extends Pick<CommentFacts, 'file' | 'line'> & { side?: 'new' | 'old' }>(
  comments: readonly C[],
  files: readonly string[],
): C[] {
  const rank = (f: string) => {
    const i = files.indexOf(f);
    return i < 0 ? files.length : i;
  };
  const sideRank = (c: C) => (c.side === 'old' ? 0 : 1);
  return [...comments].sort(
    (a, b) =>
      rank(a.file) - rank(b.file) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      sideRank(a) - sideRank(b),
  );
}

/** One comment's part of the prompt. */
export function commentBlock(c: CommentFacts, n: number): string {
  const fence = c.snippet.some((l) => l.includes('```')) ? '~~~~' : '```';
  const parts = [`${n}. ${where(c)}`, `${fence}diff`, ...c.snippet, fence, c.text];
  if (c.state === 'stale')
    parts.push('(stale: these lines changed after this comment was made; the snippet is how they were)');
  return parts.join('\n');
}

/** The whole prompt: header, the comments, footer (empty parts left out). */
export function reviewPrompt(header: string, comments: readonly CommentFacts[], footer: string): string {
  return [header.trim(), ...comments.map((c, i) => commentBlock(c, i + 1)), footer.trim()]
    .filter(Boolean)
    .join('\n\n');
}
