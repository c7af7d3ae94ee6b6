// The prompt a review sends: per comment its file, its lines, the snippet as it was and the remark,
// in the diff's order, between a header and a footer Lua sets (lua/default/review.lua's
// before_review_send hook). A stale comment goes too, flagged: its lines changed before it went.
import type { CommentFacts } from '../hub/self.js';

/** `file:12` or `file:12-14` (`(removed)` for lines of the old file). */
export function where(c: Pick<CommentFacts, 'file' | 'line' | 'end' | 'side'>): string {
  const lines = c.end > c.line ? `${c.line}-${c.end}` : `${c.line}`;
  return `${c.file}:${lines}${c.side === 'old' ? ' (removed lines)' : ''}`;
}

/** The comments in the diff's order: by file as the diff lists them (others after, by name), then line. */
export function inDiffOrder<C extends Pick<CommentFacts, 'file' | 'line'>>(
  comments: readonly C[],
  files: readonly string[],
): C[] {
  const rank = (f: string) => {
    const i = files.indexOf(f);
    return i < 0 ? files.length : i;
  };
  return [...comments].sort(
    (a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file) || a.line - b.line,
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
