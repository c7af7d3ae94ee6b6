// A unified diff turned into the document the review panel shows: a summary, the file list with
// +/- counts, then each file's hunks. Parsed once when git's answer arrives (in slices, so keys and
// frames go on during a big one); drawing reads only the rows on screen (diff-rows.ts).

/** What a document line is (how it is drawn). */
export const Kind = {
  Summary: 0,
  FileRow: 1,
  FileHeader: 2,
  Hunk: 3,
  Add: 4,
  Del: 5,
  Context: 6,
  Meta: 7,
  Blank: 8,
  Note: 9,
  /** A review comment drawn under its lines (diff-comments.ts). */
  Comment: 10,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export type FileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'untracked';

export interface DiffFile {
  path: string;
  oldPath?: string;
  status: FileStatus;
  added: number;
  removed: number;
  binary: boolean;
  /** The document line of its header. */
  line: number;
}

export interface DiffDoc {
  /** Display text of each line (tabs expanded, control characters shown as ?). */
  lines: string[];
  kinds: Uint8Array;
  /** For file rows and headers: the file's index. */
  fileOf: Int32Array;
  /** For hunk lines: the file's index (-1 elsewhere). */
  fileAt: Int32Array;
  /** For added and context lines: the line's number in the new file, 1-based (0 elsewhere). */
  newNo: Int32Array;
  /** For removed lines: the line's number in the old file, 1-based (0 elsewhere). */
  oldNo: Int32Array;
  /** For comment rows (diff-comments.ts): the comment's id. */
  commentOf?: ReadonlyMap<number, string>;
  files: DiffFile[];
  added: number;
  removed: number;
  against: string;
  truncated: boolean;
}

/** Work this long at most before letting keys and frames through. */
const SLICE_MS = 4;
const MAX_LINE = 2000;
const TAB = '    ';

/** Text a terminal cell grid can hold: tabs as spaces, other control characters as ?, very long lines cut. */
export function displayText(s: string): string {
  let t = s.length > MAX_LINE ? `${s.slice(0, MAX_LINE)}…` : s;
  if (t.includes('\t')) t = t.replace(/\t/g, TAB);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(t)) t = t.replace(/[\x00-\x1f\x7f]/g, '?');
  return t;
}

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };

/** git's C-quoted path ("caf\\303\\251.txt": octal escapes are UTF-8 bytes) as text. */
function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const body = p.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const oct = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (oct) {
      bytes.push(parseInt(oct[0], 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[body[i + 1]] ?? body.charCodeAt(i + 1));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `a/x b/x` of a `diff --git` line: the b side (names with spaces: the halves are equal). */
function gitLinePath(rest: string): string {
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.slice(2, half) === rest.slice(half + 3)) return rest.slice(half + 3);
  const at = rest.indexOf(' b/');
  return unquote(at >= 0 ? rest.slice(at + 3) : rest);
}

/** Yields to the event loop (a big diff is parsed in slices). */
const breathe = () => new Promise<void>((r) => setImmediate(r));

/** Parses git's unified diff into the review document. */
export async function parseDiff(text: string, against: string, truncated = false): Promise<DiffDoc> {
  const body: string[] = [];
  const kinds: number[] = [];
  const owner: number[] = [];
  const at_: number[] = [];
  const newNos: number[] = [];
  const oldNos: number[] = [];
  let nextNew = 0;
  let nextOld = 0;
  const files: Array<Omit<DiffFile, 'line'> & { at: number }> = [];
  let file: (typeof files)[number] | null = null;
  let inHunk = false;
  const push = (line: string, kind: Kind, f = -1, newNo = 0, oldNo = 0) => {
    body.push(line);
    kinds.push(kind);
    owner.push(f);
    at_.push(newNo || oldNo ? files.length - 1 : -1);
    newNos.push(newNo);
    oldNos.push(oldNo);
  };
  let sliceStart = performance.now();
  // Line by line with indexOf (no array of the whole text at once).
  for (let at = 0, n = 0; at < text.length; n++) {
    if ((n & 255) === 0 && performance.now() - sliceStart > SLICE_MS) {
      await breathe();
      sliceStart = performance.now();
    }
    const nl = text.indexOf('\n', at);
    const l = nl < 0 ? text.slice(at) : text.slice(at, nl);
    at = nl < 0 ? text.length : nl + 1;
    if (l.startsWith('diff --git ')) {
      file = {
        path: gitLinePath(l.slice(11)),
        status: 'modified',
        added: 0,
        removed: 0,
        binary: false,
        at: body.length,
      };
      files.push(file);
      inHunk = false;
      push('', Kind.FileHeader, files.length - 1);
      continue;
    }
    if (!file) continue;
    if (inHunk) {
      const c = l.charCodeAt(0);
      if (c === 43 /* + */) {
        file.added++;
        push(displayText(l), Kind.Add, -1, nextNew++, 0);
        continue;
      }
      if (c === 45 /* - */) {
        file.removed++;
        push(displayText(l), Kind.Del, -1, 0, nextOld++);
        continue;
      }
      if (c === 32 /* space */ || l === '') {
        nextOld++;
        push(displayText(l), Kind.Context, -1, nextNew++, 0);
        continue;
      }
      if (c === 92 /* \ */) {
        push(displayText(l), Kind.Meta);
        continue;
      }
    }
    if (l.startsWith('@@')) {
      inHunk = true;
      const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)/.exec(l);
      nextOld = m ? Number(m[1]) || 1 : 1;
      nextNew = m ? Number(m[2]) || 1 : 1;
      push(displayText(l), Kind.Hunk);
    } else if (l.startsWith('new file mode'))
      file.status = file.status === 'untracked' ? 'untracked' : 'added';
    else if (l === 'untracked file') file.status = 'untracked';
    else if (l.startsWith('deleted file mode')) file.status = 'deleted';
    else if (l.startsWith('rename from ')) {
      file.status = 'renamed';
      file.oldPath = unquote(l.slice(12));
    } else if (l.startsWith('rename to ')) file.path = unquote(l.slice(10));
    else if (l.startsWith('+++ ') && l !== '+++ /dev/null')
      file.path = unquote(l.slice(4)).replace(/^b\//, '');
    else if (l.startsWith('--- ') && file.status === 'deleted' && l !== '--- /dev/null')
      file.path = unquote(l.slice(4)).replace(/^a\//, '');
    else if (l.startsWith('Binary files ') || l === 'GIT binary patch') file.binary = true;
  }
  // Head: the summary, the file list, a blank line; the body follows.
  const head: string[] = [];
  const headKinds: number[] = [];
  const headOwner: number[] = [];
  let added = 0;
  let removed = 0;
  for (const f of files) {
    added += f.added;
    removed += f.removed;
  }
  const against_ = against === 'HEAD' ? 'vs HEAD (uncommitted)' : `vs ${against} (committed + uncommitted)`;
  head.push(
    files.length === 0
      ? `no changes ${against_}`
      : `${files.length} file${files.length === 1 ? '' : 's'} changed, +${added} −${removed}  ${against_}${truncated ? '  (too big: cut short)' : ''}`,
  );
  headKinds.push(Kind.Summary);
  headOwner.push(-1);
  files.forEach((_, i) => {
    head.push('');
    headKinds.push(Kind.FileRow);
    headOwner.push(i);
  });
  if (files.length) {
    head.push('');
    headKinds.push(Kind.Blank);
    headOwner.push(-1);
  }
  const offset = head.length;
  const doc: DiffDoc = {
    lines: head.concat(body),
    kinds: Uint8Array.from(headKinds.concat(kinds)),
    fileOf: Int32Array.from(headOwner.concat(owner)),
    fileAt: Int32Array.from(headOwner.map(() => -1).concat(at_)),
    newNo: Int32Array.from(headOwner.map(() => 0).concat(newNos)),
    oldNo: Int32Array.from(headOwner.map(() => 0).concat(oldNos)),
    files: files.map(({ at, ...f }) => ({ ...f, line: at + offset })),
    added,
    removed,
    against,
    truncated,
  };
  // Rows that draw from file data get their text too (search and copy read `lines`).
  doc.files.forEach((f, i) => {
    doc.lines[1 + i] = fileRowText(f);
    doc.lines[f.line] = fileHeaderText(f);
  });
  return doc;
}

const LETTER: Record<FileStatus, string> = {
  added: 'A',
  deleted: 'D',
  modified: 'M',
  renamed: 'R',
  untracked: '?',
};

export function statusLetter(f: DiffFile): string {
  return LETTER[f.status];
}

export function countsText(f: DiffFile): string {
  if (f.binary) return 'binary';
  return [f.added ? `+${f.added}` : '', f.removed ? `−${f.removed}` : ''].filter(Boolean).join(' ') || '0';
}

function shownPath(f: DiffFile): string {
  return displayText(f.oldPath ? `${f.oldPath} → ${f.path}` : f.path);
}

export function fileRowText(f: DiffFile): string {
  return `  ${statusLetter(f)} ${shownPath(f)}  ${countsText(f)}`;
}

export function fileHeaderText(f: DiffFile): string {
  const what = f.status === 'untracked' ? 'new, untracked' : f.status === 'modified' ? '' : f.status;
  return `── ${shownPath(f)}  ${countsText(f)}${what ? `  (${what})` : ''} ──`;
}
