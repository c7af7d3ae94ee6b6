// A new comment's snippet from a place in the agent's folder (`botster-tui review comment AGENT
// FILE:LINE`): the file's lines as the diff shows them, `+` before those its diff adds.
import path from 'node:path';
import { worktreeDiff } from '../agents/git-diff.js';
import { Kind, parseDiff } from '../ui/diff/diff-doc.js';
import { fileLines } from './comment-anchor.js';

export async function snippetAt(
  place: { dir: string; base: string | null },
  file: string,
  line: number,
  end: number,
): Promise<{ file: string; snippet: string[] }> {
  const rel = path.isAbsolute(file) ? path.relative(place.dir, file) : path.normalize(file);
  if (rel.startsWith('..')) throw new Error(`${file} is outside the agent's folder ${place.dir}`);
  const lines = await fileLines(place.dir, rel);
  if (!lines) throw new Error(`no file ${rel} in ${place.dir}`);
  if (end > lines.length) throw new Error(`${rel} has ${lines.length} lines: no line ${end}`);
  const added = new Set<number>();
  try {
    const raw = await worktreeDiff(place.dir, place.base, 'all');
    const doc = await parseDiff(raw.text, raw.against, raw.truncated);
    const f = doc.files.findIndex((x) => x.path === rel);
    for (let i = 0; f >= 0 && i < doc.lines.length; i++)
      if (doc.fileAt[i] === f && doc.kinds[i] === Kind.Add) added.add(doc.newNo[i]);
  } catch {
    // no diff (not a repository): the lines as they are
  }
  const snippet: string[] = [];
  for (let n = line; n <= end; n++) snippet.push(`${added.has(n) ? '+' : ' '}${lines[n - 1]}`);
  return { file: rel, snippet };
}
