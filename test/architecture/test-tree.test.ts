import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// test/ mirrors src/: each room of src/ has its folder of tests (a folder of test/ by its name, its
// tests inside), what tests share lives in test/support only, and the real CLI runs only through
// test/support's guarded helpers (cli.ts: never the developer's own hub home).
const TEST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.resolve(TEST, '../src');
const SUPPORT = path.join(TEST, 'support');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return /\.(tsx?|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}
const rel = (f: string) => path.relative(TEST, f);
const outsideSupport = files(TEST).filter((f) => !f.startsWith(SUPPORT + path.sep));

/** The relative module specifiers a file imports (static, re-exported or dynamic). */
function imported(text: string): string[] {
  // (code in a template string is an example, not an import)
  const source = text.replace(/`[^`]*`/g, '``');
  const out: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?['"](\.[^'"]+)['"]/g))
    out.push(m[1]);
  for (const m of source.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

describe('test/ mirrors src/', () => {
  it('has a folder of tests for every room of src/', () => {
    const rooms = fs
      .readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const without = rooms.filter((room) => {
      const dir = path.join(TEST, room);
      return !fs.existsSync(dir) || !files(dir).some((f) => /\.test\.tsx?$/.test(f));
    });
    expect(without).toEqual([]);
  });

  it('imports what tests share from test/support only', () => {
    const bad = outsideSupport.flatMap((f) =>
      imported(fs.readFileSync(f, 'utf8'))
        .map((spec) => path.resolve(path.dirname(f), spec))
        .filter((target) => target.startsWith(TEST + path.sep) && !target.startsWith(SUPPORT + path.sep))
        // (a file that is not there is a made-up example in a string, not an import: tsc fails on those)
        .filter((target) =>
          [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')].some((t) =>
            fs.existsSync(t),
          ),
        )
        .map((target) => `${rel(f)} imports ${rel(target)}`),
    );
    expect(bad).toEqual([]);
  });

  // (these lay out made-up installs: they copy and link the launcher and its entry into a folder of
  // their own, to see which client each finds; what they run of this checkout goes through the helpers)
  const INSTALLS = new Set(['native/find-native.test.ts', 'native/native-client.test.ts']);
  it("runs the CLI through test/support's guarded helpers only", () => {
    const bad = outsideSupport.flatMap((f) => {
      if (INSTALLS.has(rel(f))) return [];
      const text = fs.readFileSync(f, 'utf8');
      const found: string[] = [];
      // (the CLI's files by path, and support's names for them)
      // (the repository's, by a path from the test or from the repository's root; another
      // install's bin/botster-tui, a copy a test lays out, is not this one)
      for (const m of text.matchAll(
        /['"`]((?:\.\.\/)+bin\/botster-tui(?:\.js)?)['"`]|\(\s*ROOT\s*,\s*['"](bin\/botster-tui(?:\.js)?)['"]/g,
      ))
        found.push(`${rel(f)} names ${m[1] ?? m[2]}`);
      for (const m of text.matchAll(/import\s[^;]*\{([^}]*)\}\s*from\s*['"][^'"]*support\/[^'"]+['"]/g))
        for (const name of m[1].split(',').map((n) => n.trim().replace(/^type\s+/, '')))
          if (name === 'BIN' || name === 'LAUNCHER') found.push(`${rel(f)} imports ${name}`);
      return found;
    });
    expect(bad).toEqual([]);
  });

  it('reads imports the way the checks assume', () => {
    expect(
      imported(
        `import a from './a.js';\nimport { b } from '../support/b.js';\nexport { c } from "../c/c.js";\nconst d = await import('./d.js');\nimport x from 'vitest';`,
      ),
    ).toEqual(['./a.js', '../support/b.js', '../c/c.js', './d.js']);
  });
});
