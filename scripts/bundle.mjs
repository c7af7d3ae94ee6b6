// Bundles the CLI and the Lua worker into two files: loading ink, react and friends as hundreds
// of small modules costs ~300 ms at start; one bundled file costs a fraction of that.
import { build } from 'esbuild';

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

const common = {
  plugins: [fastStringWidth],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
  // Native (@lydell/node-pty) and wasm-with-a-sidecar-file (wasmoon) packages load from node_modules.
  external: ['@lydell/node-pty', 'wasmoon'],
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
  define: { 'process.env.NODE_ENV': '"production"', __BOTSTER_BUNDLE__: 'true' },
  // Some bundled CommonJS packages call require() for node builtins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli.tsx'],
    outfile: 'dist/bundle/botster-tui.mjs',
    // yoga-layout's loader probes `fetch` and then fetches its own data: URL, which makes Node
    // load undici (~30 ms at start). Without fetch it decodes the same base64 directly.
    define: { ...common.define, fetch: 'undefined' },
  }),
  build({ ...common, entryPoints: ['src/lua/runtime/lua-worker.ts'], outfile: 'dist/bundle/lua-worker.mjs' }),
]);
