// Bundles the CLI and the Lua worker: loading ink, react and friends as hundreds of small modules
// costs ~300 ms at start; bundled files cost a fraction of that. The CLI is split at its dynamic
// imports: the entry holds argument parsing and the commands that do not draw, and the UI (Ink,
// React, yoga) lives in chunks that only the hub and `snapshot` load.
import fs from 'node:fs';
import { build } from 'esbuild';
import { common } from './bundle-options.mjs';

const out = 'dist/bundle';
// Chunk names carry a hash: drop the previous build's so the package ships only this one's.
fs.rmSync(out, { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    // early-start: what bin/ runs before the CLI loads, for plain botster-tui (see src/client/early-start.ts).
    entryPoints: { 'botster-tui': 'src/cli.tsx', 'early-start': 'src/client/early-start.ts' },
    outdir: out,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    // yoga-layout's loader probes `fetch` and then fetches its own data: URL, which makes Node
    // load undici (~30 ms at start). Without fetch it decodes the same base64 directly.
    define: { ...common.define, fetch: 'undefined' },
  }),
  build({ ...common, entryPoints: ['src/lua/runtime/lua-worker.ts'], outfile: `${out}/lua-worker.mjs` }),
]);
