import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runKeys } from '../../src/cli/run-tools.js';
import { tempHome } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the README key table', () => {
  it('is exactly what the shipped keymap generates (run `npm run readme:keys` after changing bindings)', async () => {
    let table = '';
    expect(await runKeys(tempHome(), true, (s) => (table = s))).toBe(0);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- keys:start[^>]*-->\n([\s\S]*?)\n<!-- keys:end -->/.exec(readme)?.[1];
    expect(block).toBe(table);
    // and it says what matters: the way out, and no stolen agent keys in insert mode
    expect(table).toContain('| insert | `Ctrl+g` | `mode.normal` |');
    for (const key of ['Ctrl+c', 'Ctrl+d', 'Ctrl+z', 'Ctrl+r', 'Ctrl+b']) expect(table).not.toContain(`| insert | \`${key}\``);
    // every key of the overlays is there too: the key tables, each with the way out that closes it
    for (const row of ['| copy | `j` | `copy.down` |', '| copy | `Ctrl+g` | `copy.cancel` |', '| help | `PgDn` | `help.page_down` |', '| palette | `Ctrl+n` | `palette.next` |', '| palette | `Ctrl+g` | `palette.cancel` |']) {
      expect(table).toContain(row);
    }
  });
});
