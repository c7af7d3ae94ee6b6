// Every real screen says the CLI release it came from (`version`, the one its `source` names) and
// the agent's terminal it was drawn in (`size`, "COLSxROWS", as `status --save-case` records it),
// and the screen fits in that terminal.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/ui/screen/text-width.js';
import type { CorpusCase } from '../../src/status/corpus.js';

const DIR = path.join(path.dirname(new URL(import.meta.url).pathname), '../../corpus/real-screens');

/** What is wrong with one case's `version` and `size` (empty: nothing). */
export function fieldProblems(c: CorpusCase): string[] {
  const out: string[] = [];
  const release = /@(\d[\w.+-]*)/.exec(c.source ?? '')?.[1];
  if (!c.version) out.push('no version');
  else if (release && c.version !== release) out.push(`version ${c.version}, but its source says ${release}`);
  const given = c.size;
  const m = /^(\d+)x(\d+)$/.exec(given ?? '');
  if (!m) {
    out.push(`size ${JSON.stringify(c.size)} is no COLSxROWS`);
    return out;
  }
  const [cols, rows] = [Number(m[1]), Number(m[2])];
  const lines = c.screen.split('\n');
  if (lines.length > rows) out.push(`${lines.length} lines in ${given}`);
  const wide = lines.findIndex((l) => textWidth(l) > cols);
  if (wide >= 0) out.push(`line ${wide + 1} is ${textWidth(lines[wide])} wide in ${given}`);
  return out;
}

describe('real screens say their release and terminal size', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
  for (const file of files.sort()) {
    it(file, () => {
      const cases = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as CorpusCase[];
      const wrong = cases.flatMap((c) => fieldProblems(c).map((p) => `${c.name}: ${p}`));
      expect(wrong).toEqual([]);
    });
  }

  it('finds a missing field, a wrong release and a size the screen does not fit', () => {
    const ok: CorpusCase = {
      name: 'x',
      screen: 'ab\n╭──╮',
      expected: 'idle',
      version: '1.2.3',
      size: '4x2',
      source: '@x/cli@1.2.3 real run',
    };
    expect(fieldProblems(ok)).toEqual([]);
    expect(fieldProblems({ ...ok, version: undefined })).toEqual(['no version']);
    expect(fieldProblems({ ...ok, version: '1.2.4' })).toEqual(['version 1.2.4, but its source says 1.2.3']);
    expect(fieldProblems({ ...ok, size: undefined })).toEqual(['size undefined is no COLSxROWS']);
    expect(fieldProblems({ ...ok, size: '3x2' })).toEqual(['line 2 is 4 wide in 3x2']);
    expect(fieldProblems({ ...ok, size: '4x1' })).toEqual(['2 lines in 4x1']);
  });
});
