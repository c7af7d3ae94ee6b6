// `npm run lint:lua`: lua-language-server --check over what users copy and read (lua/default/,
// keybindings/, the Lua examples of README.md and docs/) against lua/meta/, failing on any warning: the
// annotations must raise no false alarm on our own examples. Each file is checked on its own, as
// it would sit in a user's folder (two layouts side by side would each define App:render).
// lua-language-server is not an npm package: set LUA_LANGUAGE_SERVER to its binary, or put it on PATH.
// Without it, test/architecture/lua-calls.test.ts still checks the calls of the hub's API in npm test.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shippedLua } from './shipped-lua.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = process.env.LUA_LANGUAGE_SERVER || 'lua-language-server';

try {
  execFileSync(bin, ['--version'], { stdio: 'ignore' });
} catch {
  console.error(`lint:lua: ${bin} not found (set LUA_LANGUAGE_SERVER to the lua-language-server binary)`);
  process.exit(2);
}

// What users copy and read: lua/default/ (its subfolders too), keybindings/, and each ```lua block
// of the README and docs/ (an example a user pastes into a file of its own).
const files = shippedLua(root, ['lua/default', 'keybindings']);

// And the other way round: a misspelled prop must be flagged (on a panel and on a column's hash part).
const MISSPELLED = [
  'ui.panel({ titel = "Agents" }, ui.text("x"))',
  'ui.column({ titel = "x", ui.text("a") })',
  'ui.text("x", { wrapp = "truncate" })',
];

const luarc = JSON.stringify({
  'runtime.version': 'Lua 5.4',
  'workspace.library': [path.join(root, 'lua/meta')],
  'workspace.checkThirdParty': false,
});
function check(source) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-lint-lua-'));
  try {
    fs.writeFileSync(path.join(work, '.luarc.json'), luarc);
    fs.writeFileSync(path.join(work, 'file.lua'), source);
    const res = spawnSync(
      bin,
      [
        `--check=${work}`,
        '--checklevel=Warning',
        `--logpath=${path.join(work, '.log')}`,
        '--check_format=json',
      ],
      { encoding: 'utf8' },
    );
    const report = path.join(work, '.log', 'check.json');
    if (!fs.existsSync(report)) {
      if (res.status === 0) return [];
      throw new Error(`lua-language-server failed: ${res.stderr || res.stdout}`);
    }
    return Object.values(JSON.parse(fs.readFileSync(report, 'utf8'))).flat();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

let problems = 0;
for (const line of MISSPELLED) {
  const diags = check(line);
  if (!diags.some((d) => d.message.includes('botster.UnknownProp'))) {
    console.log(`misspelled prop not flagged: ${line}`);
    problems++;
  }
}
for (const { source, line } of files) {
  for (const d of check(source)) {
    problems++;
    console.log(
      `${line(d.range.start.line + 1)}:${d.range.start.character + 1}: ${d.message.split('\n')[0]} (${d.code})`,
    );
  }
}
if (problems > 0) {
  console.error(`lint:lua: ${problems} warning(s) in lua/default/, keybindings/ and the docs' examples`);
  process.exit(1);
}
console.log(
  `lint:lua: no warnings in ${files.length} files (lua/default/, keybindings/, README and docs/ examples); misspelled props are flagged`,
);
