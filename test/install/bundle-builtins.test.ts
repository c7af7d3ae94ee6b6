import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script
import { shareBuiltins } from '../../scripts/shared-builtins.mjs';

// The scripts run with V8's code cache make one ES module view of each node built-in, not one per
// importing module (scripts/shared-builtins.mjs; issue 97: ~16,000 getters in the server's heap).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-builtins-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Two modules that import fs and path each their own way, bundled as the server's script is. */
async function bundle(): Promise<string> {
  fs.writeFileSync(
    path.join(dir, 'a.ts'),
    "import fs from 'node:fs';\nimport * as ns from 'node:fs';\nimport * as p from 'node:path';\nexport const a = { fs, ns, join: p.join };\n",
  );
  fs.writeFileSync(
    path.join(dir, 'b.ts'),
    "import * as ns from 'node:fs';\nimport { existsSync } from 'node:fs';\nimport { join } from 'node:path';\nexport const b = { ns, existsSync, join };\n",
  );
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    "import { a } from './a';\nimport { b } from './b';\nexport const out = { a, b };\n",
  );
  const r = await build({
    entryPoints: [path.join(dir, 'main.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    minify: true,
    write: false,
  });
  return r.outputFiles[0].text;
}

function run(code: string) {
  const module = { exports: {} as { out: Record<string, Record<string, object>> } };
  vm.runInThisContext(`(function (exports, require, module) {${code}\n})`)(
    module.exports,
    createRequire(import.meta.url),
    module,
  );
  return module.exports.out;
}

describe('bundle: one view of each node built-in', () => {
  it('is shared by every module that imports it, and means the same', async () => {
    const code = await bundle();
    const before = run(code);
    const shared = shareBuiltins(code) as string;
    const after = run(shared);
    expect(before.a.ns).not.toBe(before.b.ns); // esbuild's own: a copy per importing module
    expect(after.a.ns).toBe(after.b.ns);
    expect(Object.keys(after.a.ns).sort()).toEqual(Object.keys(before.a.ns).sort());
    expect((after.b.ns as typeof fs).readFileSync).toBe(fs.readFileSync);
    expect(after.a.fs).toBe(fs); // the default import is the module
    expect(after.b.existsSync).toBe(fs.existsSync);
    expect(after.a.join).toBe(path.join);
    expect(after.b.join).toBe(path.join);
    // Every line of the code keeps its length (the source map's columns hold); the cache follows it.
    const lines = code.replace(/\n$/, '').split('\n');
    expect(
      shared
        .split('\n')
        .slice(0, lines.length)
        .map((l) => l.length),
    ).toEqual(lines.map((l) => l.length));
  });

  it('leaves no built-in imported through its own copy in the built cli.cjs and lua-worker.cjs', () => {
    for (const f of ['cli.cjs', 'lua-worker.cjs']) {
      const file = path.join(ROOT, 'dist/bundle', f);
      if (!fs.existsSync(file)) continue; // (not built: npm test builds first)
      const code = fs.readFileSync(file, 'utf8');
      const toEsm = /\bvar ([\w$]+)=\(([\w$]+),([\w$]+),([\w$]+)\)=>\(\4=\2!=null\?/.exec(code)?.[1];
      expect(toEsm, f).toBeDefined();
      const own = new RegExp(`(?<![\\w$.])${toEsm!.replace(/\$/g, '\\$')}\\(require\\("node:`);
      expect(own.exec(code)?.[0], f).toBeUndefined();
      expect(code, f).toContain('__bv("node:fs"');
    }
  });
});
