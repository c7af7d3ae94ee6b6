// docs/protocol.md's table of verbs, from their declarations in src/verbs/ (`npm run docs:protocol`:
// builds, then this with --write). Prints the table; `--write` puts it in the page.
// test/server/verb-docs.test.ts fails when the page and the declarations disagree.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { VERBS } = await dist('verbs/table.js');
const { verbTable, withVerbTable } = await dist('verbs/verb-docs.js');

const table = verbTable(VERBS);
if (process.argv.includes('--write')) {
  const page = path.join(root, 'docs/protocol.md');
  const before = fs.readFileSync(page, 'utf8');
  const now = before.includes('%TABLE%') ? before.replace('%TABLE%', table) : withVerbTable(before, table);
  fs.writeFileSync(page, now);
  console.log('docs/protocol.md: the table of verbs written');
} else console.log(table);
