// esbuild options shared by scripts/bundle.mjs and the tests that check what the bundle does at start.
import { lazyUnicode } from './lazy-unicode.mjs';

// Ink measures every text node with string-width; route it through our exact-but-faster
// wrapper (src/ui/screen/text-width.ts), which itself falls back to the real package.
const fastStringWidth = {
  name: 'fast-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer.endsWith('text-width.ts')
        ? undefined
        : { path: new URL('./string-width-fast.mjs', import.meta.url).pathname },
    );
  },
};

// Ink keeps every text it ever measured or wrapped (ink/build/measure-text.js and wrap-text.js cache
// without a bound: a hub whose titles or status line change grows for good); its imports of the
// two go to src/ui/paint/text-measure.ts instead, the same results from caches that forget.
const boundedInkCaches = {
  name: 'bounded-ink-caches',
  setup(b) {
    const shims = { './measure-text.js': './ink-measure-text.mjs', './wrap-text.js': './ink-wrap-text.mjs' };
    const replaced = new Set();
    let inkBundled = false;
    b.onResolve({ filter: /^\.\/(measure|wrap)-text\.js$/ }, (args) => {
      if (!/[\\/]ink[\\/]build[\\/]/.test(args.importer)) return undefined;
      replaced.add(args.path);
      return { path: new URL(shims[args.path], import.meta.url).pathname };
    });
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]dom\.js$/ }, () => {
      inkBundled = true;
      return undefined;
    });
    // An Ink that moved these files would bring its unbounded caches back silently.
    b.onEnd(() => {
      const missing = Object.keys(shims).filter((k) => !replaced.has(k));
      if (inkBundled && missing.length)
        return { errors: [{ text: `bounded-ink-caches: Ink no longer imports ${missing.join(' and ')}` }] };
      return undefined;
    });
  },
};

export const common = {
  plugins: [fastStringWidth, boundedInkCaches, lazyUnicode],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
  // Native (@lydell/node-pty) and wasm-with-a-sidecar-file (wasmoon) packages load from node_modules.
  external: ['@lydell/node-pty', 'wasmoon'],
  alias: { 'react-devtools-core': new URL('./devtools-stub.mjs', import.meta.url).pathname },
  define: {
    'process.env.NODE_ENV': '"production"',
    __BOTSTER_BUNDLE__: 'true',
    'Intl.Segmenter': 'LazySegmenter',
  },
  inject: [new URL('./lazy-segmenter.mjs', import.meta.url).pathname],
  // Some bundled CommonJS packages call require() for node builtins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};
