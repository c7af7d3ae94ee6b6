import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The wings of src/ (docs/architecture.md): every folder is in one, and each wing's rule is one
// sentence, checked below (type imports are edges too). No folders form a loop, of any length.
const WINGS = {
  entry: ['cli', 'serve', 'app'],
  server: [
    'server',
    'remote',
    'improvements',
    'reload',
    'lifecycle',
    'frame',
    'input',
    'commands',
    'effects',
    'worker',
    'status',
    'pipelines',
    'verbs',
    'search',
    'web',
    'review',
  ],
  // (mcp: `botster-tui mcp`, a client of the socket an agent's CLI runs; tmux: the `tmux` agents run)
  client: ['client', 'native', 'mcp', 'tmux'],
  core: ['hub', 'tree', 'widgets', 'keys', 'ui', 'terminal', 'clock'],
  parts: ['agents', 'pty', 'keeper', 'box', 'lua', 'plugins'],
  wire: ['wire', 'trace'],
} as const;
type Wing = keyof typeof WINGS;
/** The wings each wing may import (its own included). */
const MAY: Record<Wing, Wing[]> = {
  // builds a hub, or runs a command: may import every wing
  entry: ['entry', 'server', 'client', 'core', 'parts', 'wire'],
  // the rooms of the hub server: anything but the entry and the client
  server: ['server', 'core', 'parts', 'wire'],
  // the process in the user's terminal: imports only the wire
  client: ['client', 'wire'],
  // the hub as data and its face: imports the parts for their types only (checked below: it loads no process code)
  core: ['core', 'parts', 'wire'],
  // each owns a process, a terminal or an engine: imports only the core, the wire and each other
  parts: ['parts', 'core', 'wire'],
  // what crosses a process boundary (the protocols, the socket's path, versions, trace lines): imports nothing of ours
  wire: ['wire'],
};
const LAYERS: string[] = Object.values(WINGS).flat();
const wingOf = (layer: string) =>
  (Object.keys(WINGS) as Wing[]).find((w) => (WINGS[w] as readonly string[]).includes(layer))!;
// Node's modules and packages that start, signal or talk to processes and threads.
const PROCESS = /^(node:)?(child_process|net|worker_threads|cluster|dgram)$|^(@lydell\/)?node-pty/;
// Packages that own processes, terminals or engines: the UI and the state/reducer never touch them.
const HEAVY = /^(node-pty|@lydell\/node-pty|@xterm\/|wasmoon)/;
const PURE_LAYERS = ['ui', 'hub'];
// A file does one thing; Prettier decides its layout, so the guard counts formatted lines (the
// generated ones, marked "Made by scripts/", excepted: they grow a line a verb).
const MAX_FILE_LINES = 400;

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

interface Import {
  spec: string;
  typeOnly: boolean;
  /** import('...'): loaded when the code runs, not with the module. */
  dynamic?: boolean;
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
    out.push({ spec: m[1], typeOnly: false, dynamic: true });
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

/** Which folders each folder of src/ imports (type imports included), and through which files. */
function folderEdges(): { edges: Map<string, Set<string>>; via: Map<string, string[]> } {
  const edges = new Map<string, Set<string>>();
  const via = new Map<string, string[]>();
  for (const [f, imports] of graph)
    for (const i of imports) {
      const [a, b] = [layerOf(f), i.target && layerOf(i.target)];
      if (!i.target || !b || a === b) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
      via.set(`${a} -> ${b}`, [...(via.get(`${a} -> ${b}`) ?? []), `${rel(f)} -> ${rel(i.target)}`]);
    }
  return { edges, via };
}

/** The strongly connected components of a graph (Tarjan), each of more than one node. */
function components(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = ''; w !== v;) scc.push((w = stack.pop()!));
    if (scc.length > 1) out.push(scc.sort());
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);
  return out;
}

/**
 * Each loop of folders as a path: per folder of a component, the shortest loop through it (a
 * component can hold several loops, and each is one to break). Written from its smallest folder so
 * one loop reads the same from wherever it was found.
 */
function folderLoops(edges: Map<string, Set<string>>): string[] {
  const loops = new Set<string>();
  for (const scc of components(edges)) {
    const inside = new Set(scc);
    for (const start of scc) {
      const from = new Map<string, string>();
      const queue = [start];
      let last: string | undefined;
      while (queue.length && !last) {
        const v = queue.shift()!;
        for (const w of [...(edges.get(v) ?? [])].sort()) {
          if (!inside.has(w)) continue;
          if (w === start) {
            last = v;
            break;
          }
          if (!from.has(w)) (from.set(w, v), queue.push(w));
        }
      }
      const loop = [last!];
      while (loop[0] !== start) loop.unshift(from.get(loop[0])!);
      const first = loop.indexOf([...loop].sort()[0]);
      const turned = [...loop.slice(first), ...loop.slice(0, first)];
      loops.add([...turned, turned[0]].join(' -> '));
    }
  }
  return [...loops].sort();
}
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

  it('lets only src/app, src/serve and src/cli import app/hub.ts (every other part gets its own port)', () => {
    const importers = [...graph]
      .filter(
        ([f, imports]) =>
          !['app', 'serve', 'cli'].includes(layerOf(f)) && imports.some((i) => i.target === HUB),
      )
      .map(([f]) => rel(f))
      .sort();
    expect(importers).toEqual([]);
  });

  // A pair check cannot see a loop of three (hub -> lua -> widgets -> hub): the folders' graph must
  // have no strongly connected component bigger than one folder, whatever the loop's length.
  it('has no loop of folders of any length (type imports included)', () => {
    const { edges, via } = folderEdges();
    // Each step with one import that makes it, so the failure says where to cut.
    const steps = (loop: string) =>
      loop
        .split(' -> ')
        .slice(1)
        .map((b, n) => `${loop.split(' -> ')[n]} -> ${b}`)
        .map(
          (step) =>
            `${via.get(step)![0]}${via.get(step)!.length > 1 ? ` (+${via.get(step)!.length - 1})` : ''}`,
        );
    expect(folderLoops(edges).map((loop) => [loop, ...steps(loop)])).toEqual([]);
  });

  it('names a loop of three folders as a path', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(folderLoops(edges)).toEqual(['a -> b -> c -> a']);
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

  it.each(Object.keys(WINGS) as Wing[])("keeps the %s wing's rule (type imports included)", (wing) => {
    const broken: string[] = [];
    for (const [f, imports] of graph) {
      if (wingOf(layerOf(f)) !== wing) continue;
      for (const i of imports) {
        if (!i.target) continue;
        const to = wingOf(layerOf(i.target));
        if (!MAY[wing].includes(to)) broken.push(`${rel(f)} -> ${rel(i.target)} (${to})`);
        if (wing === 'core' && to === 'parts' && !i.typeOnly)
          broken.push(`${rel(f)} loads ${rel(i.target)} (a part)`);
      }
    }
    expect([...new Set(broken)].sort()).toEqual([]);
  });

  it('the core loads no process code, however indirectly', () => {
    const bad: string[] = [];
    const reaches = (f: string, seen = new Set<string>()): string | null => {
      if (seen.has(f)) return null;
      seen.add(f);
      for (const i of graph.get(f) ?? []) {
        if (i.typeOnly) continue;
        if (!i.target && PROCESS.test(i.spec)) return `${rel(f)} imports ${i.spec}`;
        const via = i.target && reaches(i.target, seen);
        if (via) return `${rel(f)} -> ${via}`;
      }
      return null;
    };
    for (const f of files) {
      if (wingOf(layerOf(f)) !== 'core') continue;
      const via = reaches(f);
      if (via) bad.push(via);
    }
    expect(bad).toEqual([]);
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

  it("the hub's start loads no Lua engine in its own thread (Lua runs in the worker): src/app/hub.ts reaches the engine only through import() at run time", () => {
    const engine = path.join(SRC, 'lua', 'engine', 'lua-engine.ts');
    const reaches = (f: string, seen = new Set<string>()): string | null => {
      if (seen.has(f)) return null;
      seen.add(f);
      for (const i of graph.get(f) ?? []) {
        if (i.typeOnly || i.dynamic || !i.target) continue;
        if (i.target === engine) return `${rel(f)} imports ${rel(i.target)}`;
        const via = reaches(i.target, seen);
        if (via) return `${rel(f)} -> ${via}`;
      }
      return null;
    };
    expect(reaches(path.join(SRC, 'app', 'hub.ts'))).toBeNull();
  });

  it(`has no file over ${MAX_FILE_LINES} formatted lines (small single-purpose files)`, () => {
    const lines = (f: string) => fs.readFileSync(f, 'utf8').split('\n').length;
    // Files a script writes (a verb or a tool a line) say so on their first line, and grow a line a verb.
    const made = (f: string) => fs.readFileSync(f, 'utf8').startsWith('// Made by scripts/');
    // (the native programs' C too: every file written by hand counts)
    const native = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? native(p) : /\.[ch]$/.test(e.name) ? [p] : [];
      });
    const big = [...files, ...native(path.join(SRC, 'native'))]
      .filter((f) => !made(f) && lines(f) > MAX_FILE_LINES)
      .map((f) => `${rel(f)}: ${lines(f)} lines`);
    expect(big).toEqual([]);
  });

  // Lua is held to the same cap (no formatter: lines as written), declarations a script writes
  // excepted.
  it(`has no Lua file of lua/ over ${MAX_FILE_LINES} lines`, () => {
    const root = path.resolve(SRC, '..');
    const lua = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? lua(p) : e.name.endsWith('.lua') ? [p] : [];
      });
    const text = (f: string) => fs.readFileSync(f, 'utf8');
    const made = (f: string) => /^(---@meta\n)?-- Made by scripts\//.test(text(f));
    const big = lua(path.join(root, 'lua'))
      .map((f) => path.relative(root, f))
      .filter((f) => !made(path.join(root, f)))
      .map((f) => [f, text(path.join(root, f)).split('\n').length] as const)
      .filter(([, n]) => n > MAX_FILE_LINES)
      .map(([f, n]) => `${f}: ${n} lines`);
    expect(big).toEqual([]);
  });

  // The composition root wires the rooms; what it holds beyond the wiring belongs in a room.
  it('keeps src/app to at most 8 files (the wiring: the parts, their ports and hosts, the start)', () => {
    const app = files.filter((f) => layerOf(f) === 'app').map(rel);
    expect(app.length, app.join(', ')).toBeLessThanOrEqual(8);
  });

  it('reads imports the way the checks assume', () => {
    const src = `import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from "./c.js";\nimport './side.js';\nconst d = await import('./d.js');`;
    expect(importsOf(src)).toEqual([
      { spec: './a.js', typeOnly: false },
      { spec: '../b.js', typeOnly: true },
      { spec: './c.js', typeOnly: false },
      { spec: './side.js', typeOnly: false },
      { spec: './d.js', typeOnly: false, dynamic: true },
    ]);
  });
});
