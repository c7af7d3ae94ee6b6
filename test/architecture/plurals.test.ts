// What the hub says counts things in English: "1 file", "3 agents", never "1 files" or
// "agent(s)". A count goes through plural() (src/hub/plural.ts) or a Lua `n == 1` test; this keeps
// the "(s)" shortcut out of what the user reads (strings in src/, lua/ and keybindings/).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { plural } from '../../src/hub/plural.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return files(rel);
    return /\.(ts|tsx|lua)$/.test(e.name) ? [rel] : [];
  });
}

// A word then "(s)" inside a string literal (a comment's "(s)" is nobody's screen; `f(s)` is a call).
const SHORTCUT = /["'`][^"'`\n]*(?<=[\s"'`])[a-z]+\(s\)(?=[\s"'`,;:.])/;
const COMMENT = /^\s*(\/\/|\*|\/\*|--)/;

describe('plurals', () => {
  it('plural() says 1 file, 0 files, 2 files', () => {
    expect([0, 1, 2].map((n) => plural(n, 'file'))).toEqual(['0 files', '1 file', '2 files']);
    expect(plural(1, 'agent was', 'agents were')).toBe('1 agent was');
  });

  it('no string the user reads says "(s)"', () => {
    const found: string[] = [];
    for (const f of [...files('src'), ...files('lua'), ...files('keybindings')])
      fs.readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!COMMENT.test(line) && SHORTCUT.test(line)) found.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    expect(found).toEqual([]);
  });
});
