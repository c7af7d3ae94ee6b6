// The docs as a newcomer finds them: a short README that links into docs/, every page of docs/
// reachable from its index, and the facts the code owns (exit codes) written down in full.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/wire/exit-codes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

function pages(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? pages(rel) : e.name.endsWith('.md') ? [rel] : [];
  });
}

/** Pages reached from `start` by following links between markdown files of docs/. */
function reachable(start: string): Set<string> {
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length > 0) {
    const page = todo.pop()!;
    for (const m of read(page).matchAll(/\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(page), m[1]));
      if (target.startsWith('docs/') && fs.existsSync(path.join(ROOT, target)) && !seen.has(target)) {
        seen.add(target);
        todo.push(target);
      }
    }
  }
  return seen;
}

describe('the docs', () => {
  it('README is at most 10 KB and links the docs index', () => {
    const readme = read('README.md');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(10 * 1024);
    expect(readme).toContain('](docs/README.md)');
  });

  it("README's install is what a fresh machine runs (test/app/newcomer-e2e.test.ts runs npm start)", () => {
    const block = /## Install[\s\S]*?```sh\n([\s\S]*?)```/.exec(read('README.md'))?.[1] ?? '';
    expect(block).toMatch(/^npm ci && npm start\s/m);
    expect(block).toMatch(/^npm test\s/m);
  });

  it('every page of docs/ is reachable from docs/README.md', () => {
    const all = pages('docs');
    expect(all.length).toBeGreaterThanOrEqual(20);
    const linked = reachable('docs/README.md');
    expect(all.filter((p) => !linked.has(p))).toEqual([]);
  });

  it('docs/usage.md has a row for every exit code, and no other', () => {
    const usage = read('docs/usage.md');
    const section = usage.slice(usage.indexOf('## Exit codes'));
    const rows = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });
});
