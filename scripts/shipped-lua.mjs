// The Lua that ships and that users copy: the hub's own (lua/core/), its default behaviour
// (lua/default/), keymaps (keybindings/), examples and starters, and each ```lua block of the
// README and docs/ (an example a user pastes into a file of its own). scripts/lint-lua.mjs and
// test/architecture/lua-calls.test.ts read the same list.
import fs from 'node:fs';
import path from 'node:path';

/** Folders whose .lua files (subfolders too) are shipped: lint-lua takes the ones users copy. */
export const SHIPPED_DIRS = ['lua/core', 'lua/default', 'keybindings', 'lua/examples', 'lua/starters'];

const walk = (root, dir) =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory() ? walk(root, `${dir}/${e.name}`) : e.name.endsWith('.lua') ? [`${dir}/${e.name}`] : [],
    );

/**
 * Each piece of Lua: `name` (a file, or `doc.md:LINE` of a block's first line), its `source`,
 * and `line(n)`: where its n-th line is, as `file:line`.
 */
export function shippedLua(root, dirs = SHIPPED_DIRS) {
  const out = [];
  for (const dir of dirs)
    for (const file of walk(root, dir))
      out.push({
        name: file,
        source: fs.readFileSync(path.join(root, file), 'utf8'),
        line: (n) => `${file}:${n}`,
      });
  const markdown = (dir) =>
    fs
      .readdirSync(path.join(root, dir), { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? markdown(`${dir}/${e.name}`) : e.name.endsWith('.md') ? [`${dir}/${e.name}`] : [],
      );
  for (const doc of ['README.md', ...markdown('docs').sort()]) {
    const text = fs.readFileSync(path.join(root, doc), 'utf8');
    for (const m of text.matchAll(/```lua\n([\s\S]*?)```/g)) {
      const first = text.slice(0, m.index).split('\n').length + 1;
      out.push({ name: `${doc}:${first}`, source: m[1], line: (n) => `${doc}:${first + n - 1}` });
    }
  }
  return out;
}
