import fs from 'node:fs';
import path from 'node:path';
import { gitRun } from './git.js';

// What an agent changed, as one unified diff text: against the base its worktree came from
// (committed and uncommitted), or only what is not committed yet. Files git does not track yet are
// part of it (as new files), so a review shows what the agent made before it commits.

export type DiffMode = 'all' | 'uncommitted';

export interface RawDiff {
  /** Unified diff text (git's, then the untracked files as new-file diffs). */
  text: string;
  /** What it is compared with, in words ("main", "HEAD"). */
  against: string;
  /** Cut short (too big to read whole). */
  truncated: boolean;
}

const MAX_DIFF_BYTES = 48 * 1024 * 1024;
const MAX_UNTRACKED_FILES = 300;
const MAX_UNTRACKED_BYTES = 4 * 1024 * 1024;

const DIFF_ARGS = [
  '-c',
  'core.quotePath=false',
  'diff',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '-M',
];

/** The diff of `dir` (a worktree or any checkout) against `base` (mode all) or HEAD. */
export async function worktreeDiff(dir: string, base: string | null, mode: DiffMode): Promise<RawDiff> {
  let from = 'HEAD';
  let against = 'HEAD';
  if (mode === 'all' && base) {
    const mb = await gitRun(dir, ['merge-base', base, 'HEAD']);
    if (mb.code === 0) {
      from = mb.stdout.trim();
      against = base;
    }
  }
  const r = await gitRun(dir, [...DIFF_ARGS, from, '--'], { maxBytes: MAX_DIFF_BYTES });
  if (r.code !== 0) throw new Error(`git diff failed: ${r.stderr.trim()}`);
  const untracked = await untrackedDiff(dir, MAX_DIFF_BYTES - r.stdout.length);
  return { text: r.stdout + untracked.text, against, truncated: r.truncated || untracked.truncated };
}

/** Files git does not track (and does not ignore), written as new-file diffs. */
async function untrackedDiff(dir: string, room: number): Promise<{ text: string; truncated: boolean }> {
  const r = await gitRun(dir, ['ls-files', '-z', '--others', '--exclude-standard']);
  if (r.code !== 0) return { text: '', truncated: false };
  const names = r.stdout.split('\0').filter(Boolean);
  const parts: string[] = [];
  let bytes = 0;
  let truncated = names.length > MAX_UNTRACKED_FILES;
  for (const name of names.slice(0, MAX_UNTRACKED_FILES)) {
    const head = `diff --git a/${name} b/${name}\nnew file mode 100644\nuntracked file\n`;
    let data: Buffer;
    try {
      const st = await fs.promises.lstat(path.join(dir, name));
      if (!st.isFile()) continue;
      if (bytes + st.size > Math.min(room, MAX_UNTRACKED_BYTES)) {
        parts.push(`${head}Binary files /dev/null and b/${name} differ\n`);
        truncated = true;
        continue;
      }
      data = await fs.promises.readFile(path.join(dir, name));
    } catch {
      continue; // gone meanwhile
    }
    bytes += data.length;
    if (data.subarray(0, 8000).includes(0)) {
      parts.push(`${head}Binary files /dev/null and b/${name} differ\n`);
      continue;
    }
    const text = data.toString('utf8');
    const lines = text.split('\n');
    const noEol = !text.endsWith('\n');
    if (!noEol) lines.pop();
    if (lines.length === 0) {
      parts.push(head);
      continue;
    }
    parts.push(
      `${head}--- /dev/null\n+++ b/${name}\n@@ -0,0 +1,${lines.length} @@\n+${lines.join('\n+')}\n${noEol ? '\\ No newline at end of file\n' : ''}`,
    );
  }
  return { text: parts.join(''), truncated };
}
