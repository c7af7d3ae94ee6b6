// Bundles the CLI and the Lua worker: loading ink, react and friends as hundreds of small modules
// costs ~300 ms at start; bundled files cost a fraction of that. The CLI is split at its dynamic
// imports: the entry holds argument parsing and the commands that do not draw, and the UI (Ink,
// React, yoga) lives in chunks that only the hub and `snapshot` load.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { common } from './bundle-options.mjs';
import { asciiOnly } from './ascii-only.mjs';
import { shareBuiltins } from './shared-builtins.mjs';
import { cjsReady } from './cjs-ready.mjs';

const out = 'dist/bundle';

/**
 * A script run with V8's code cache (src/cli/code-cache.ts) runs inside a function (no #! line
 * there), and its last line names its build: the cache is kept per build (V8 itself compares only
 * the source's length).
 */
function nameBuild(file) {
  const code = shareBuiltins(asciiOnly(fs.readFileSync(file, 'utf8').replace(/^#!/, '//')));
  // A script compiled with node:vm has no module loader: an import() left in it would fail there.
  if (/\bimport\(/.test(code)) throw new Error(`${file}: import() left in a script run with the code cache`);
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
  fs.writeFileSync(file, `${code}\n//# build=${hash}\n`);
}

// wasmoon's Emscripten glue gets `createRequire` with `await import('module')`: a script compiled
// with node:vm has no module loader for import(), and CommonJS has require.
const wasmoonRequire = {
  name: 'wasmoon-require',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]wasmoon[\\/]dist[\\/]index\.js$/ }, async (args) => {
      const src = fs.readFileSync(args.path, 'utf8');
      const from = "await import('module')";
      if (!src.includes(from))
        throw new Error(`${args.path}: '${from}' not found; update scripts/bundle.mjs`);
      return { contents: src.replace(from, () => "require('module')"), loader: 'js' };
    });
  },
};
// yoga-layout ships its WebAssembly as base64 in its JavaScript, which it decodes as it loads (with
// atob and a loop over the string: ~7 ms of the server's start on its main thread). The server's
// yoga.cjs gets the bytes instead, from yoga.wasm written next to it here.
const YOGA_BASE64 = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;
const yogaBinary = {
  name: 'yoga-binary',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const src = fs.readFileSync(args.path, 'utf8');
      const m = YOGA_BASE64.exec(src);
      if (!m)
        throw new Error(`${args.path}: its base64 WebAssembly was not found; update scripts/bundle.mjs`);
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(`${out}/yoga.wasm`, Buffer.from(m[1], 'base64'));
      return { contents: src.replace(m[0], () => '""'), loader: 'js' };
    });
    // load.js calls the loader without options: it gets the bytes (Emscripten's wasmBinary).
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]load\.js$/ }, (args) => {
      const src = fs.readFileSync(args.path, 'utf8');
      const from = 'await loadYogaImpl()';
      if (!src.includes(from))
        throw new Error(`${args.path}: "${from}" not found; update scripts/bundle.mjs`);
      return {
        contents: src.replace(
          from,
          () =>
            "await loadYogaImpl({ wasmBinary: require('node:fs').readFileSync(__dirname + '/yoga.wasm') })",
        ),
        loader: 'js',
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

// Chunk names carry a hash: drop the previous build's so the package ships only this one's.
fs.rmSync(out, { recursive: true, force: true });

/**
 * A module the server's script (cli.cjs) leaves to a CommonJS file of its own, required only when
 * it is used: `file`'s `import(from)` becomes a require of `out` (a script run with the code cache
 * has require and no import()).
 */
function apart(name, file, from, out, loader) {
  return {
    name,
    setup(b) {
      b.onLoad({ filter: file }, (args) => {
        const src = fs.readFileSync(args.path, 'utf8');
        if (!src.includes(from))
          throw new Error(`${args.path}: "${from}" not found; update scripts/bundle.mjs`);
        return {
          contents: src.replace(from, () => `Promise.resolve().then(() => require('${out}'))`),
          loader,
        };
      });
      b.onResolve({ filter: new RegExp(`^${out.replace(/\./g, '\\.')}$`) }, () => ({
        path: out,
        external: true,
      }));
    },
  };
}
// The full parser (src/cli/parse-args.ts, with meow), for a command line the start path does not
// read: the server starts without reading or compiling meow.
const parserApart = apart(
  'parser-apart',
  /[\\/]src[\\/]cli\.tsx$/,
  "import('./cli/parse-args.js')",
  './parse-args.cjs',
  'tsx',
);
// The same parser for a native client's command line the server runs (src/cli/forwarded.ts).
const forwardParserApart = apart(
  'forward-parser-apart',
  /[\\/]src[\\/]cli[\\/]forwarded\.ts$/,
  "import('./parse-args.js')",
  './parse-args.cjs',
  'ts',
);
// The web face (src/web/, with ws and liquidjs), once `botster-tui web` turns it on: a hub with the
// web off reads and compiles none of it.
const webApart = apart(
  'web-apart',
  /[\\/]src[\\/]server[\\/]web-control\.ts$/,
  "import('../web/index.js')",
  './web.cjs',
  'ts',
);

/** A CommonJS file of its own, none of the hub bundle's plugins, banner or injections. */
function plainCjs(entryPoints, extra = {}) {
  return build({
    ...common,
    format: 'cjs',
    plugins: [],
    inject: [],
    banner: {},
    entryPoints,
    outdir: out,
    outExtension: { '.js': '.cjs' },
    ...extra,
  });
}

await Promise.all([
  build({
    ...common,
    entryPoints: { 'botster-tui': 'src/cli.tsx' },
    outdir: out,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    // yoga-layout's loader probes `fetch` and then fetches its own data: URL, which makes Node
    // load undici (~30 ms at start). Without fetch it decodes the same base64 directly.
    define: { ...common.define, fetch: 'undefined' },
  }),
  // The Lua worker: one CommonJS script run with V8's code cache like the server's CLI (the
  // worker's start is on the way to the first frame), through a two-line entry. wasmoon's
  // JavaScript is bundled (minified, and no CommonJS export scan when the worker starts: ~10 ms of
  // the worker's boot); its glue.wasm is still read from the installed package, which the glue
  // finds next to what it takes for its own file.
  build({
    ...common,
    plugins: [...common.plugins, wasmoonRequire],
    inject: [],
    format: 'cjs',
    external: ['@lydell/node-pty'],
    entryPoints: ['src/worker/lua-worker.ts'],
    outfile: `${out}/lua-worker.cjs`,
    banner: {
      js: "const __wasmoonFile = require.resolve('wasmoon'); const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    // (no LazySegmenter injected here, so Intl.Segmenter stays itself)
    define: {
      ...Object.fromEntries(Object.entries(common.define).filter(([k]) => k !== 'Intl.Segmenter')),
      __filename: '__wasmoonFile',
      'import.meta.url': '__importMetaUrl',
    },
  }).then(() => {
    nameBuild(`${out}/lua-worker.cjs`);
    fs.writeFileSync(
      `${out}/lua-worker-entry.cjs`,
      [
        "// The Lua worker's entry (written by scripts/bundle.mjs): lua-worker.cjs from V8's code cache; the",
        '// same folder keeps the bytecode of its Lua (src/lua/engine/chunk-cache.ts).',
        "const codeCache = require('./code-cache.cjs');",
        'const dir = (globalThis.__botsterCacheDir = codeCache.cacheDir());',
        "codeCache.compileCached(require('node:path').join(__dirname, 'lua-worker.cjs'), dir).run();",
        '',
      ].join('\n'),
    );
  }),
  // What bin/ runs first for plain botster-tui (src/client/early-start.ts): one CommonJS file that
  // bin/ requires at once, so the server starts ~10 ms sooner than through the ES module loader
  // and a handful of chunks. Its few small modules are copies of the CLI's (no state is shared).
  build({
    ...common,
    plugins: [],
    inject: [],
    format: 'cjs',
    entryPoints: ['src/client/early-start.ts'],
    outfile: `${out}/early-start.cjs`,
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__importMetaUrl' },
  }),
  // The same CLI as one CommonJS script, which the hub server runs with V8's code cache
  // (src/cli/code-cache.ts; Node 20 caches no ES modules). Its yoga-layout is loaded first, by bin/.
  build({
    ...common,
    plugins: [...common.plugins, cjsReady, parserApart, forwardParserApart, webApart],
    format: 'cjs',
    entryPoints: { cli: 'src/cli.tsx' },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { ...common.define, 'import.meta.url': '__importMetaUrl', fetch: 'undefined' },
  }).then(() => nameBuild(`${out}/cli.cjs`)),
  plainCjs(
    { yoga: 'node_modules/yoga-layout/dist/src/load.js' },
    { define: { ...common.define, fetch: 'undefined' }, plugins: [yogaBinary] },
  ),
  plainCjs({ 'code-cache': 'src/cli/code-cache.ts' }),
  plainCjs(
    { web: 'src/web/index.ts' },
    {
      // ws's optional native helpers: its own JavaScript does the same without them.
      external: ['bufferutil', 'utf-8-validate'],
      define: { 'process.env.NODE_ENV': '"production"' },
    },
  ),
  // `botster-tui mcp` on its own (bin/ runs it without the CLI): an agent's CLI starts it on every
  // launch and waits for its tools, so it loads the socket client and its tool list, nothing more.
  plainCjs(
    { mcp: 'src/mcp/entry.ts' },
    {
      banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__importMetaUrl' },
    },
  ),
  // `botster-tui tmux` (the tmux on every agent's PATH) on its own, as mcp: a CLI's team makes,
  // watches and ends panes with a run of it per command.
  plainCjs(
    { tmux: 'src/tmux/entry.ts' },
    {
      banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__importMetaUrl' },
    },
  ),
  plainCjs(
    { 'parse-args': 'src/cli/parse-args.ts' },
    {
      banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__importMetaUrl' },
    },
  ),
]);
