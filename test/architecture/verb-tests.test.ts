// Every verb of the table (src/verbs/table.ts) has its own test, test/verbs/NAME.test.ts (its name
// with "." and "_" as "-"), that asks it through its real door; and every file there names a verb
// of the table (aliases.test.ts is the table's older names), so none is left when a verb goes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../src/verbs/table.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../verbs');
const NOT_A_VERB = new Set(['aliases.test.ts']);

/** The test file of verb `name`: review.comment -> review-comment.test.ts, plugin_ask -> plugin-ask.test.ts. */
const fileOf = (name: string) => `${name.replace(/[._]/g, '-')}.test.ts`;

describe("the verbs' tests", () => {
  const present = fs.readdirSync(DIR).filter((f) => f.endsWith('.test.ts'));

  it('every verb of the table has test/verbs/NAME.test.ts', () => {
    const missing = VERBS.map((v) => v.name)
      .filter((name) => !present.includes(fileOf(name)))
      .map((name) => `${name}: test/verbs/${fileOf(name)}`);
    expect(missing, `verbs without their own test:\n${missing.join('\n')}`).toEqual([]);
  });

  it('every test/verbs/*.test.ts names a verb of the table', () => {
    const verbs = new Set(VERBS.map((v) => fileOf(v.name)));
    const stale = present.filter((f) => !NOT_A_VERB.has(f) && !verbs.has(f)).map((f) => `test/verbs/${f}`);
    expect(stale, `tests that name no verb of src/verbs/table.ts:\n${stale.join('\n')}`).toEqual([]);
  });
});
