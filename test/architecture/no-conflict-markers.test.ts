// A merge is finished only when no conflict marker is left: docs/pipelines.md once shipped one in
// the npm package. Every tracked file is read, not only the shipped ones, since any of them ships
// to the next clone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Built from parts so that this file does not trip itself.
const OPEN = '<'.repeat(7);
const BASE = '|'.repeat(7);
const SPLIT = '='.repeat(7);
const CLOSE = '>'.repeat(7);

/** The lines of `text` that are a conflict's markers, as `line: text`. */
function conflictMarkers(text: string): string[] {
  const found: string[] = [];
  let open = false;
  text.split('\n').forEach((line, i) => {
    const at = `${i + 1}: ${line}`;
    if (line === OPEN || line.startsWith(OPEN + ' ')) {
      open = true;
      found.push(at);
    } else if (line === CLOSE || line.startsWith(CLOSE + ' ')) {
      open = false;
      found.push(at);
    } else if (line === BASE || line.startsWith(BASE + ' ')) found.push(at);
    // A lone ======= is a Markdown heading's underline unless a conflict is open.
    else if (open && line === SPLIT) found.push(at);
  });
  return found;
}

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && fs.existsSync(path.join(ROOT, f)));
}

describe('conflict markers', () => {
  it('finds the markers of a conflict, and a heading underline is none', () => {
    const conflict = ['a', `${OPEN} HEAD`, 'ours', SPLIT, 'theirs', `${CLOSE} branch`, 'b'].join('\n');
    expect(conflictMarkers(conflict)).toEqual([`2: ${OPEN} HEAD`, `4: ${SPLIT}`, `6: ${CLOSE} branch`]);
    expect(conflictMarkers(['Title', SPLIT, 'text'].join('\n'))).toEqual([]);
  });

  it('no tracked file holds one', () => {
    const bad: string[] = [];
    for (const file of trackedFiles()) {
      const buf = fs.readFileSync(path.join(ROOT, file));
      if (buf.includes(0)) continue; // binary
      for (const m of conflictMarkers(buf.toString('utf8'))) bad.push(`${file}:${m}`);
    }
    expect(bad).toEqual([]);
  });
});
