// A new comment's snippet from a place in the agent's folder (`botster-tui review comment AGENT
// FILE:LINE`): the file's lines as the diff shows them, `+` before those its diff adds. On the old
// side (`FILE:LINE (removed)`) the diff's removed lines, each of them one (a removed line is in no
// file any more: only the diff has it).
import path from 'node:path';
import { worktreeDiff } from '../agents/git-diff.js';
import { Kind, parseDiff, type DiffDoc } from '../ui/diff/diff-doc.js';
import { fileLines } from './comment-anchor.js';

export async function snippetAt(
  place: { dir: string; base: string | null },
  file: string,
  line: number,
  end: number,
  side: 'new' | 'old' = 'new',
): Promise<{ file: string; snippet: string[] }> {
  const rel = path.isAbsolute(file) ? path.relative(place.dir, file) : path.normalize(file);
  if (rel.startsWith('..')) throw new Error(`${file} is outside the agent's folder ${place.dir}`);
  if (side === 'old') return { file: rel, snippet: await removedAt(place, rel, line, end) };
  const lines = await fileLines(place.dir, rel);
  if (!lines) throw new Error(`no file ${rel} in ${place.dir}`);
  if (end > lines.length) throw new Error(`${rel} has ${lines.length} lines: no line ${end}`);
  const added = new Set<number>();
  try {
    const { doc, f } = await diffOf(place, rel);
    for (let i = 0; f >= 0 && i < doc.lines.length; i++)
      if (doc.fileAt[i] === f && doc.kinds[i] === Kind.Add) added.add(doc.newNo[i]);
  } catch {
    // no diff (not a repository): the lines as they are
  }
  const snippet: string[] = [];
  for (let n = line; n <= end; n++) snippet.push(`${added.has(n) ? '+' : ' '}${lines[n - 1]}`);
  return { file: rel, snippet };
}

async function diffOf(
  place: { dir: string; base: string | null },
  rel: string,
): Promise<{ doc: DiffDoc; f: number }> {
  const raw = await worktreeDiff(place.dir, place.base, 'all');
  const doc = await parseDiff(raw.text, raw.against, raw.truncated);
  return { doc, f: doc.files.findIndex((x) => x.path === rel) };
}

/** The diff's removed lines `line`..`end` of `rel` (old-file numbers), as it shows them. */
async function removedAt(
  place: { dir: string; base: string | null },
  rel: string,
  line: number,
  end: number,
): Promise<string[]> {
  const { doc, f } = await diffOf(place, rel);
  const removed = new Map<number, string>();
  for (let i = 0; f >= 0 && i < doc.lines.length; i++)
    if (doc.fileAt[i] === f && doc.kinds[i] === Kind.Del) removed.set(doc.oldNo[i], doc.lines[i]);
  const snippet: string[] = [];
  for (let n = line; n <= end; n++) {
    const l = removed.get(n);
    if (l === undefined) {
      const some = [...removed.keys()].slice(0, 8).join(', ');
      throw new Error(
        `${rel}:${n} (removed): the diff removes no line ${n} of ${rel}${some ? ` (it removes ${some}${removed.size > 8 ? ', ...' : ''})` : ''}`,
      );
    }
    snippet.push(l);
  }
  return snippet;
}
