// What accepting a file changes, line by line, for the question that asks you: `+ ` lines it adds,
// `- ` lines it removes, a line of context around each change, `…` between the parts.

/** Past this many lines on each side the diff is only counted (a longest common subsequence is quadratic). */
const MAX_LINES = 2000;

/** The changed lines of `after` against `before` (empty `before`: a new file, every line added). */
export function sourceDiff(before: string, after: string, maxLines = 60): string[] {
  const a = splitLines(before);
  const b = splitLines(after);
  if (a.length > MAX_LINES || b.length > MAX_LINES)
    return [`(${b.length} lines now, ${a.length} before: too long to compare line by line)`];
  const ops = lineOps(a, b);
  const keep = ops.map((op, i) => op.kind !== ' ' || near(ops, i));
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, i) => {
    if (!keep[i]) return void (skipped = true);
    if (skipped && out.length) out.push('…');
    skipped = false;
    out.push(`${op.kind} ${op.line}`);
  });
  if (out.length <= maxLines) return out;
  return [
    ...out.slice(0, maxLines),
    `… ${out.length - maxLines} more lines (botster-tui improvements show NAME)`,
  ];
}

type Op = { kind: '+' | '-' | ' '; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}

/** A context line next to a change. */
function near(ops: Op[], i: number): boolean {
  return (
    ops[i - 1]?.kind === '+' ||
    ops[i - 1]?.kind === '-' ||
    ops[i + 1]?.kind === '+' ||
    ops[i + 1]?.kind === '-'
  );
}

function lineOps(a: string[], b: string[]): Op[] {
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] > lcs[i + 1][j]))
      ops.push({ kind: '+', line: b[j++] });
    else ops.push({ kind: '-', line: a[i++] });
  }
  return ops;
}
