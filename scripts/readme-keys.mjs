// Regenerates the key table of docs/keys.md from the shipped keymap (`npm run readme:keys`).
// test/cli/readme-keys.test.ts fails when docs/keys.md and the keymap disagree.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-keys-'));
const table = execFileSync(
  process.execPath,
  [path.join(root, 'bin/botster-tui.js'), 'keys', '--markdown', '--home', home],
  { encoding: 'utf8' },
).trim();
const page = path.join(root, 'docs/keys.md');
const text = fs.readFileSync(page, 'utf8');
const next = text.replace(/(<!-- keys:start[^>]*-->)[\s\S]*?(<!-- keys:end -->)/, `$1\n${table}\n$2`);
if (next === text && !text.includes(table))
  throw new Error('docs/keys.md has no <!-- keys:start --> ... <!-- keys:end --> block');
fs.writeFileSync(page, next);
console.log('docs/keys.md key table updated');
