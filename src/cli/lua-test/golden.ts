import fs from 'node:fs';
import path from 'node:path';

// Golden frames of `botster-tui test`: __golden__/NAME.txt beside the test file. Lines are compared
// without their trailing blanks (an editor that strips them must not break a test).

export type GoldenAnswer = { ok: true; wrote?: boolean } | { ok: false; message: string };

const normal = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');

export function goldenPath(testFile: string, name: string): string {
  return path.join(path.dirname(testFile), '__golden__', `${name}.txt`);
}

/** Compares `text` with the golden file (or writes it: --update, or a golden not there yet). */
export function matchGolden(testFile: string, name: string, text: string, update: boolean): GoldenAnswer {
  const file = goldenPath(testFile, name);
  const actual = normal(text);
  let expected: string | undefined;
  try {
    expected = normal(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      return { ok: false, message: `${file}: ${(err as Error).message}` };
  }
  if (expected === actual) return { ok: true };
  if (update || expected === undefined) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual + '\n');
    return { ok: true, wrote: true };
  }
  const rel = path.relative(process.cwd(), file) || file;
  return {
    ok: false,
    message: `the frame differs from golden "${name}" (${rel}); botster-tui test --update accepts it:\n${lineDiff(expected, actual)}`,
  };
}

/** The lines that changed, each as the golden had it (-) and as it is now (+), with its number. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    out.push(`  line ${i + 1}:`);
    if (a[i] !== undefined) out.push(`  - ${a[i]}`);
    if (b[i] !== undefined) out.push(`  + ${b[i]}`);
  }
  return out.join('\n');
}
