import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layers of docs/architecture.md: dependencies flow down this list only (type-only imports are edges too). Each folder
// of src/ is one concern:
const LAYERS = [
  'cli', // every command runner (run-*.ts) and src/cli.tsx: may build a Hub
  'app', // the composition root: hub.ts wires the rooms below into one running hub
  'input', // bytes -> key events -> keymap; the key queue, the mouse, each client's parser
  'frame', // one frame per client: scheduler, Lua's tree + overlays, terminal views
  'lifecycle', // agents' start, restart, restore, worktrees, session file, spawn spec
  'improvements', // pushed Lua: review, history, rate limit
  'reload', // configuration files, the package's paths, reload on save
  'commands', // the command registry, built-ins, applying requests
  'native', // the native client's C source and the header written for it from the wire's TypeScript
  'client', // the terminal client process (attach, suspend, CLI-side commands)
  'remote', // other machines: ssh dialers, the proxy's hello, links to their hubs and their agents here
  'server', // the server process: attach protocol, control socket and its handlers
  'status', // what an agent is doing (detector, adapters' facts)
  'effects', // performs the reducer's effects, and the event bridge to Lua
  'worker', // the Lua worker thread: its host (LuaHost) and its entry, which runs the hub's own reducer
  'hub', // HubState, intents, effects as data, the pure reducer
  'ui', // paint, compositor, widgets
  'lua', // the Lua worker and its host
  'keys', // key events, specs, keymaps, tables
  'agents', // agent processes and their terminals
  'terminal', // headless terminals and their text
  'pty',
  'tree', // the widget tree as data: the UI draws it, Lua builds it
  'trace', // BOTSTER_TRACE milestones, written by client, server and Lua worker; imports nothing of ours
  'clock', // the hub's time (real, or a test's fake): imports nothing of ours
];
// Packages that own processes, terminals or engines: the UI and the state/reducer never touch them.
const HEAVY = /^(node-pty|@lydell\/node-pty|@xterm\/|wasmoon)/;
const PURE_LAYERS = ['ui', 'hub'];
// A file does one thing; Prettier decides its layout, so the guard counts formatted lines.
const MAX_FILE_LINES = 500;

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

interface Import {
  spec: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Static imports and re-exports of a file (dynamic import() too). */
export function importsOf(source: string): Import[] {
  const out: Import[] = [];
  const stmt = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(stmt)) out.push({ spec: m[3], typeOnly: Boolean(m[2]) });
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    out.push({ spec: m[1], typeOnly: false });
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx', '/index.ts']) if (fs.existsSync(base + ext)) return base + ext;
  throw new Error(`${path.relative(SRC, from)}: cannot resolve ${spec}`);
}

function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? rel[0].replace(/\.tsx?$/, '') : rel[0];
}

const files = sourceFiles(SRC);
const graph = new Map<string, Array<Import & { target: string | null }>>(
  files.map((f) => [
    f,
    importsOf(fs.readFileSync(f, 'utf8')).map((i) => ({ ...i, target: resolveLocal(f, i.spec) })),
  ]),
);
const rel = (f: string) => path.relative(SRC, f);
const HUB = path.join(SRC, 'app/hub.ts');

describe('the import graph of src/ (docs/architecture.md)', () => {
  it('knows every folder of src/ as a layer', () => {
    const unknown = [...new Set(files.map(layerOf))].filter((l) => !LAYERS.includes(l));
    expect(unknown).toEqual([]);
  });

  it('has a folder for every layer it names', () => {
    const present = new Set(files.map(layerOf));
    expect(LAYERS.filter((l) => !present.has(l))).toEqual([]);
  });

  it('lets only src/app and src/cli import app/hub.ts (every other part gets its own port)', () => {
    const importers = [...graph]
      .filter(([f, imports]) => !['app', 'cli'].includes(layerOf(f)) && imports.some((i) => i.target === HUB))
      .map(([f]) => rel(f))
      .sort();
    expect(importers).toEqual([]);
  });

  it('has no import cycles (type imports included)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'visiting');
      stack.push(f);
      for (const i of graph.get(f) ?? []) {
        if (!i.target) continue;
        if (state.get(i.target) === 'visiting')
          cycles.push([...stack.slice(stack.indexOf(i.target)), i.target].map(rel).join(' -> '));
        else if (!state.has(i.target)) visit(i.target);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('points only down the layers (type imports included)', () => {
    const up: string[] = [];
    for (const [f, imports] of graph) {
      const from = LAYERS.indexOf(layerOf(f));
      for (const i of imports) {
        if (!i.target) continue;
        const to = LAYERS.indexOf(layerOf(i.target));
        if (to < from) up.push(`${rel(f)} -> ${rel(i.target)}`);
      }
    }
    expect([...new Set(up)].sort()).toEqual([]);
  });

  it('keeps src/ui and src/hub free of node-pty, xterm and wasmoon, even through other modules', () => {
    const bad: string[] = [];
    const reaches = (f: string, seen = new Set<string>()): string | null => {
      if (seen.has(f)) return null;
      seen.add(f);
      for (const i of graph.get(f) ?? []) {
        if (i.typeOnly) continue;
        if (!i.target && HEAVY.test(i.spec)) return `${rel(f)} imports ${i.spec}`;
        const via = i.target && reaches(i.target, seen);
        if (via) return `${rel(f)} -> ${via}`;
      }
      return null;
    };
    for (const f of files) {
      if (!PURE_LAYERS.includes(layerOf(f))) continue;
      const via = reaches(f);
      if (via) bad.push(via);
    }
    expect(bad).toEqual([]);
  });

  it(`has no file over ${MAX_FILE_LINES} formatted lines (small single-purpose files)`, () => {
    const lines = (f: string) => fs.readFileSync(f, 'utf8').split('\n').length;
    const big = files.filter((f) => lines(f) > MAX_FILE_LINES).map((f) => `${rel(f)}: ${lines(f)} lines`);
    expect(big).toEqual([]);
  });

  it('reads imports the way the checks assume', () => {
    const src = `import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from "./c.js";\nimport './side.js';\nconst d = await import('./d.js');`;
    expect(importsOf(src)).toEqual([
      { spec: './a.js', typeOnly: false },
      { spec: '../b.js', typeOnly: true },
      { spec: './c.js', typeOnly: false },
      { spec: './side.js', typeOnly: false },
      { spec: './d.js', typeOnly: false },
    ]);
  });
});
