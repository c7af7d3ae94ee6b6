// `npm run lint:lua`: lua-language-server --check over what users copy and read (lua/default/,
// keybindings/, the Lua examples of README.md and docs/) against lua/meta/, failing on any warning: the
// annotations must raise no false alarm on our own examples. Each file is checked on its own, as
// it would sit in a user's folder (two layouts side by side would each define App:render).
// lua-language-server is not an npm package: set LUA_LANGUAGE_SERVER to its binary, or put it on PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = process.env.LUA_LANGUAGE_SERVER || 'lua-language-server';

try {
  execFileSync(bin, ['--version'], { stdio: 'ignore' });
} catch {
  console.error(`lint:lua: ${bin} not found (set LUA_LANGUAGE_SERVER to the lua-language-server binary)`);
  process.exit(2);
}

/** [name shown, Lua source] of every file to check. */
const files = [];
for (const dir of ['lua/default', 'lua/default/adapters', 'keybindings']) {
  for (const f of fs
    .readdirSync(path.join(root, dir))
    .filter((n) => n.endsWith('.lua'))
    .sort())
    files.push([`${dir}/${f}`, fs.readFileSync(path.join(root, dir, f), 'utf8')]);
}
// Each ```lua block of the README and of docs/ is an example a user pastes into a file of its own.
const markdown = (dir) =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? markdown(`${dir}/${e.name}`) : e.name.endsWith('.md') ? [`${dir}/${e.name}`] : [],
    );
for (const doc of ['README.md', ...markdown('docs').sort()]) {
  const text = fs.readFileSync(path.join(root, doc), 'utf8');
  for (const m of text.matchAll(/```lua\n([\s\S]*?)```/g)) {
    const line = text.slice(0, m.index).split('\n').length + 1;
    files.push([`${doc}:${line}`, m[1]]);
  }
}

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
for (const [name, source] of files) {
  for (const d of check(source)) {
    problems++;
    const doc = /^(.+\.md):(\d+)$/.exec(name);
    const at = doc ? `${doc[1]}:${Number(doc[2]) + d.range.start.line}` : `${name}:${d.range.start.line + 1}`;
    console.log(`${at}:${d.range.start.character + 1}: ${d.message.split('\n')[0]} (${d.code})`);
  }
}
if (problems > 0) {
  console.error(`lint:lua: ${problems} warning(s) in lua/default/, keybindings/ and the docs' examples`);
  process.exit(1);
}
console.log(
  `lint:lua: no warnings in ${files.length} files (lua/default/, keybindings/, README and docs/ examples); misspelled props are flagged`,
);
