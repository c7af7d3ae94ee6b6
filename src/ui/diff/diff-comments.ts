// Review comments drawn into the review document: each under the last of its lines, as rows of its
// own (so scrolling, search, copy and the line selection count them as the panel shows them). A
// comment whose lines the diff does not show goes under its file's header; one on a file the diff
// does not hold, at the end.
import { displayText, Kind, type DiffDoc } from './diff-doc.js';
import { REMOVED } from './diff-place.js';

/** A comment as the panel draws it. */
export interface CommentMark {
  id: string;
  file: string;
  /** Its last line: in the new file (side new), or the old one (a removed line). */
  end: number;
  side: 'new' | 'old';
  text: string;
  /** What it is now, shown after the text ("stale", "sent", "handled"); empty: not sent yet. */
  status: string;
}

/** The rows a comment draws: the first names it, the others carry the rest of its text. */
export function commentRows(m: CommentMark, n: number): string[] {
  const lines = m.text.split('\n').map((l) => displayText(l));
  const tag = m.status ? `  [${m.status}]` : '';
  return lines.map((l, i) =>
    i === 0
      ? `  ┃ #${n} ${l}${i === lines.length - 1 ? tag : ''}`
      : `  ┃    ${l}${i === lines.length - 1 ? tag : ''}`,
  );
}

/** The document line a comment goes under (-1: its file is not in the diff). */
export function anchorLine(doc: DiffDoc, m: Pick<CommentMark, 'file' | 'end' | 'side'>): number {
  const f = doc.files.findIndex((x) => x.path === m.file);
  if (f < 0) return -1;
  const nos = m.side === 'old' ? doc.oldNo : doc.newNo;
  for (let i = doc.files[f].line + 1; i < doc.lines.length; i++) {
    if (doc.kinds[i] === Kind.FileHeader) break;
    if (doc.fileAt[i] === f && nos[i] === m.end) return i;
  }
  return doc.files[f].line;
}

/** `doc` with the comments' rows in it (the same document when there are none). */
export function withComments(doc: DiffDoc, marks: readonly CommentMark[]): DiffDoc {
  if (marks.length === 0) return doc;
  const under = new Map<number, CommentMark[]>();
  const outside: CommentMark[] = [];
  for (const m of marks) {
    const at = anchorLine(doc, m);
    if (at < 0) outside.push(m);
    else under.set(at, [...(under.get(at) ?? []), m]);
  }
  const lines: string[] = [];
  const kinds: number[] = [];
  const fileOf: number[] = [];
  const fileAt: number[] = [];
  const newNo: number[] = [];
  const oldNo: number[] = [];
  const commentOf = new Map<number, string>();
  const row = (text: string, kind: number, i = -1, comment?: string) => {
    if (comment) commentOf.set(lines.length, comment);
    lines.push(text);
    kinds.push(kind);
    fileOf.push(i >= 0 ? doc.fileOf[i] : -1);
    fileAt.push(i >= 0 ? doc.fileAt[i] : -1);
    newNo.push(i >= 0 ? doc.newNo[i] : 0);
    oldNo.push(i >= 0 ? doc.oldNo[i] : 0);
  };
  const lineOf = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < doc.lines.length; i++) {
    lineOf.set(i, lines.length);
    row(doc.lines[i], doc.kinds[i], i);
    for (const m of under.get(i) ?? []) for (const t of commentRows(m, ++n)) row(t, Kind.Comment, -1, m.id);
  }
  if (outside.length) {
    row('', Kind.Blank);
    row('── comments on lines the diff does not show ──', Kind.FileHeader);
    for (const m of outside) {
      row(`  ${displayText(m.file)}:${m.end}${m.side === 'old' ? REMOVED : ''}`, Kind.Meta);
      for (const t of commentRows(m, ++n)) row(t, Kind.Comment, -1, m.id);
    }
  }
  return {
    ...doc,
    lines,
    kinds: Uint8Array.from(kinds),
    fileOf: Int32Array.from(fileOf),
    fileAt: Int32Array.from(fileAt),
    newNo: Int32Array.from(newNo),
    oldNo: Int32Array.from(oldNo),
    files: doc.files.map((f) => ({ ...f, line: lineOf.get(f.line) ?? f.line })),
    commentOf,
  };
}
