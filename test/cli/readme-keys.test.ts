import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runKeys } from '../../src/cli/run-tools.js';
import { tempHome } from '../support/hub.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function shippedTable(): Promise<string> {
  let table = '';
  expect(await runKeys(tempHome(), true, (s) => (table = s))).toBe(0);
  return table;
}

describe('the key table of docs/keys.md', () => {
  it('is exactly what the shipped keymap generates (run `npm run readme:keys` after changing bindings)', async () => {
    const table = await shippedTable();
    const page = fs.readFileSync(path.join(ROOT, 'docs/keys.md'), 'utf8');
    const block = /<!-- keys:start[^>]*-->\n([\s\S]*?)\n<!-- keys:end -->/.exec(page)?.[1];
    expect(block).toBe(table);
    // and it says what matters: the way out, and no stolen agent keys in insert mode
    expect(table).toContain('| insert | `Ctrl+g` | `mode.normal` |');
    for (const key of ['Ctrl+c', 'Ctrl+d', 'Ctrl+z', 'Ctrl+r', 'Ctrl+b'])
      expect(table).not.toContain(`| insert | \`${key}\``);
    // every key of the overlays is there too: the key tables, each with the way out that closes it
    for (const row of [
      '| copy | `j` | `copy.down` |',
      '| copy | `Ctrl+g` | `copy.cancel` |',
      '| help | `PgDn` | `help.page_down` |',
      '| palette | `Ctrl+n` | `palette.next` |',
      '| palette | `Ctrl+g` | `palette.cancel` |',
    ]) {
      expect(table).toContain(row);
    }
  });
});

describe("the README's everyday keys", () => {
  it('are eleven rows of the shipped keymap, as it generates them', async () => {
    const rows = new Set((await shippedTable()).split('\n'));
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block =
      /<!-- everyday-keys[^>]*-->\n\| mode \| key \| command \| what it does \|\n\|---\|---\|---\|---\|\n((?:\|.*\n)+)/.exec(
        readme,
      )?.[1];
    expect(block, 'README has no everyday-keys table').toBeDefined();
    const everyday = block!.trim().split('\n');
    expect(everyday).toHaveLength(11);
    expect(everyday.filter((r) => !rows.has(r))).toEqual([]);
    expect(everyday).toContain(
      '| insert | `Ctrl+g` | `mode.normal` | Leave insert mode (built in; no configuration can remove it; `settings.way_out` picks the key) |',
    );
  });
});
