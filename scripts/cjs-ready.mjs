// What the CommonJS build of the CLI (dist/bundle/cli.cjs, run with V8's code cache: see
// src/cli/code-cache.ts) needs: CommonJS has no top-level await, which two bundled packages use.
// - yoga-layout's entry awaits its WebAssembly. bin/ loads it (dist/bundle/yoga.cjs, yoga-layout/load)
//   before it runs the bundle, and the bundle's `yoga-layout` is that instance.
// - Ink awaits React's devtools and its package.json only when DEV=true: the CommonJS build has no devtools.
// A new version that reads differently fails the build here rather than at a user's start.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const yogaEnums = path.join(path.dirname(require.resolve('yoga-layout')), 'generated/YGEnums.js');
const PRELOADED = `export * from ${JSON.stringify(yogaEnums)};
const yoga = globalThis.__botsterYoga;
if (!yoga) throw new Error('yoga-layout was not loaded before the bundle ran (bin/botster-tui.js loads it)');
export default yoga;
`;
const INK_TLA = [
  [
    "await import('./devtools.js');",
    "throw Object.assign(new Error('no devtools in this build'), { code: 'ERR_MODULE_NOT_FOUND' });",
  ],
  ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
];

export const cjsReady = {
  name: 'cjs-ready',
  setup(b) {
    b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: 'yoga-layout', namespace: 'yoga-preloaded' }));
    b.onLoad({ filter: /.*/, namespace: 'yoga-preloaded' }, () => ({
      contents: PRELOADED,
      loader: 'js',
      resolveDir: path.dirname(yogaEnums),
    }));
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      let src = await fs.readFile(args.path, 'utf8');
      for (const [from, to] of INK_TLA) {
        if (!src.includes(from))
          throw new Error(`${args.path}: "${from}" not found; update scripts/cjs-ready.mjs`);
        src = src.replace(from, () => to);
      }
      return { contents: src, loader: 'js' };
    });
  },
};
