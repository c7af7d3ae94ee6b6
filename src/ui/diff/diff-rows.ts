import type { StyledRun } from '../paint/terminal-source.js';
import { textWidth } from '../screen/text-width.js';
import { countsText, Kind, statusLetter, type DiffDoc, type FileStatus } from './diff-doc.js';

// How each line of the review document is drawn: the colours `git diff --color` uses (additions
// green, removals red, hunk headers cyan), file headers bold, the summary bold.

const DEFAULT = -1;
const RED = 1;
const GREEN = 2;
const YELLOW = 3;
const MAGENTA = 5;
const CYAN = 6;
const BOLD = 1;
const DIM = 2;

const run = (text: string, fg = DEFAULT, attrs = 0): StyledRun => ({
  text,
  width: textWidth(text),
  fg,
  bg: DEFAULT,
  attrs,
});

const STATUS_FG: Record<FileStatus, number> = {
  added: GREEN,
  untracked: MAGENTA,
  deleted: RED,
  modified: YELLOW,
  renamed: CYAN,
};

const BY_KIND: Record<number, { fg: number; attrs: number }> = {
  [Kind.Summary]: { fg: DEFAULT, attrs: BOLD },
  [Kind.FileHeader]: { fg: YELLOW, attrs: BOLD },
  [Kind.Hunk]: { fg: CYAN, attrs: 0 },
  [Kind.Add]: { fg: GREEN, attrs: 0 },
  [Kind.Del]: { fg: RED, attrs: 0 },
  [Kind.Context]: { fg: DEFAULT, attrs: 0 },
  [Kind.Meta]: { fg: DEFAULT, attrs: DIM },
  [Kind.Blank]: { fg: DEFAULT, attrs: 0 },
  [Kind.Note]: { fg: DEFAULT, attrs: DIM },
  [Kind.Comment]: { fg: MAGENTA, attrs: BOLD },
};

/** The styled runs of document line `i`. */
export function diffRow(doc: DiffDoc, i: number): StyledRun[] {
  const text = doc.lines[i] ?? '';
  const kind = doc.kinds[i];
  if (kind === Kind.FileRow) {
    const f = doc.files[doc.fileOf[i]];
    if (f) {
      const counts = countsText(f);
      const name = text.slice(4, text.length - counts.length);
      const out = [run('  '), run(statusLetter(f), STATUS_FG[f.status], BOLD), run(` ${name}`)];
      if (f.binary) out.push(run(counts, MAGENTA, DIM));
      else {
        if (f.added) out.push(run(`+${f.added}`, GREEN));
        if (f.added && f.removed) out.push(run(' '));
        if (f.removed) out.push(run(`−${f.removed}`, RED));
        if (!f.added && !f.removed) out.push(run('0', DEFAULT, DIM));
      }
      return out;
    }
  }
  if (text === '') return [];
  const s = BY_KIND[kind] ?? BY_KIND[Kind.Context];
  return [run(text, s.fg, s.attrs)];
}

/** A one-line document: while the diff is being made, or why there is none. */
export function noteRow(text: string, error = false): StyledRun[] {
  return [run(text, error ? RED : DEFAULT, error ? 0 : DIM)];
}
