// esbuild options shared by scripts/bundle.mjs and the tests that check what the bundle does at start.
import { lazyUnicode } from './lazy-unicode.mjs';

// Ink measures every text node with string-width; route it through our exact-but-faster
// wrapper (src/ui/screen/text-width.ts), which itself falls back to the real package.
const fastStringWidth = {
  name: 'fast-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer.endsWith('text-width.ts') ? undefined : { path: new URL('./string-width-fast.mjs', import.meta.url).pathname },
    );
  },
};

export const common = {
  plugins: [fastStringWidth, lazyUnicode],
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
  define: { 'process.env.NODE_ENV': '"production"', __BOTSTER_BUNDLE__: 'true', 'Intl.Segmenter': 'LazySegmenter' },
  inject: [new URL('./lazy-segmenter.mjs', import.meta.url).pathname],
  // Some bundled CommonJS packages call require() for node builtins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};
