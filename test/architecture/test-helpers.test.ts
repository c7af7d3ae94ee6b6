import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// One helper per job: a test waits with test/support/wait.ts's `until` and makes its home with
// test/support/homes.ts's `tempHome`; none writes its own.
const TEST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OWNERS: Record<string, string> = { until: 'support/wait.ts', tempHome: 'support/homes.ts' };

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('test helpers', () => {
  it.each(Object.entries(OWNERS))('%s is written once, in %s', (name, owner) => {
    const writers = files(TEST)
      .filter((f) => new RegExp(`function ${name}\\b`).test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(TEST, f));
    expect(writers).toEqual([owner]);
  });
});
