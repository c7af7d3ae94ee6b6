// How a place in a diff is named, the one wording every face uses (the review panel, the CLI, the
// prompt to the agent, the web): `app.js:12` or `app.js:12-14` for the file's lines now (added or
// unchanged), `app.js:12 (removed)` for removed lines, numbered in the old file. A removed line 2
// and an added line 2 are two places; a reviewer reads "(removed)" as GitHub's red line.
// src/review/review-at.ts parseAt takes it back.

export const REMOVED = ' (removed)';

export function where(p: { file: string; line: number; end: number; side?: 'new' | 'old' }): string {
  const lines = p.end > p.line ? `${p.line}-${p.end}` : `${p.line}`;
  return `${p.file}:${lines}${p.side === 'old' ? REMOVED : ''}`;
}
