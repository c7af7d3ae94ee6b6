import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// src/box computes a box once: src/box/box-plan.ts works out what a box holds (its mounts, what
// it hides and protects, its environment, its network), and each runner's file only says that
// plan in its words: it imports the plan's type and none of the rules.
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
const BOX = path.join(SRC, 'box');
const PLAN = 'box/box-plan.ts';
const RENDERERS = ['box/bwrap-args.ts', 'box/podman-args.ts'];
/** What a box holds, each rule by the file that has it: only the plan uses them. */
const RULES: Record<string, string[]> = {
  'box-writes': ['boxWrites', 'protectedIn', 'cwdReadOnly'],
  'git-writes': ['gitKept'],
  'private-refs': ['refCopies'],
  'box-net': ['boxNet', 'loopbackForwards'],
  'box-place': ['hubRuns'],
  'box-plan': ['SYSTEM'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

interface Import {
  names: string[];
  from: string;
  typeOnly: boolean;
}

/** A file's static imports: the names each takes, from where, and whether only as types. */
function importsOf(source: string): Import[] {
  const out: Import[] = [];
  for (const m of source.matchAll(
    /(?:^|\n)\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g,
  )) {
    const clause = m[2];
    const braces = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
    const named = braces
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const typeOnly = Boolean(m[1]) || (named.length > 0 && named.every((n) => n.startsWith('type ')));
    const names = named.map((n) => n.replace(/^type\s+/, '').split(/\s+as\s+/)[0]);
    out.push({ names, from: m[3], typeOnly });
  }
  return out;
}

const rel = (f: string) => path.relative(SRC, f);

describe('src/box computes a box once (box-plan.ts)', () => {
  it('has each runner say the plan: bwrap-args.ts and podman-args.ts import types of ours only', () => {
    const bad = RENDERERS.flatMap((r) =>
      importsOf(fs.readFileSync(path.join(SRC, r), 'utf8'))
        .filter((i) => i.from.startsWith('.') && !i.typeOnly)
        .map((i) => `${r} imports ${i.names.join(', ')} from ${i.from}`),
    );
    expect(bad).toEqual([]);
  });

  it('keeps the rules of what a box holds in box-plan.ts: no other file uses them', () => {
    const bad: string[] = [];
    for (const f of sourceFiles(SRC)) {
      if (rel(f) === PLAN) continue;
      for (const i of importsOf(fs.readFileSync(f, 'utf8'))) {
        const target = path.resolve(path.dirname(f), i.from).replace(/\.js$/, '');
        if (path.dirname(target) !== BOX) continue;
        const rules = RULES[path.basename(target)] ?? [];
        for (const n of i.names.filter((n) => rules.includes(n)))
          bad.push(`${rel(f)} uses ${n} (${path.basename(target)}.ts)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('reads imports the way the checks assume', () => {
    expect(
      importsOf(
        `import { a, type B } from './a.js';\nimport type { C } from './c.js';\nimport { type D } from './d.js';\nexport { e as f } from './e.js';`,
      ),
    ).toEqual([
      { names: ['a', 'B'], from: './a.js', typeOnly: false },
      { names: ['C'], from: './c.js', typeOnly: true },
      { names: ['D'], from: './d.js', typeOnly: true },
      { names: ['e'], from: './e.js', typeOnly: false },
    ]);
  });
});
