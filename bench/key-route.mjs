// The calls a key takes in a hub server, from the server's read of the client's terminal to the
// write(2) on the agent's PTY (issue 68 item 5): the real CLI in a PTY, `cat` focused, its server
// started with bench/key-route-hook.cjs preloaded, which records the stack of each write on a PTY
// master; the bundle's frames are mapped back to the sources through its source maps. Run alone it
// is a bench row per key; test/architecture/key-route.test.ts checks the same walk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { report, serverPid, sleep, stopServer, tempHome } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// KEY_ROUTE_ROOT: another checkout, built (a before/after comparison).
const ROOT = process.env.KEY_ROUTE_ROOT ?? path.resolve(here, '..');
const bin = path.join(ROOT, 'bin/botster-tui');
const hook = path.join(here, 'key-route-hook.cjs');

/** The keys, as a terminal sends them (the arrow in normal cursor mode, as cat leaves it). */
export const KEYS = {
  letter: 'x',
  Enter: '\r',
  Backspace: '\x7f',
  Tab: '\t',
  Up: '\x1b[A',
  'Ctrl+c': '\x03',
};

const maps = new Map();
function sourceMap(file) {
  if (!maps.has(file)) {
    let m = null;
    try {
      m = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
    } catch {
      /* no map: the frame keeps its bundle position */
    }
    maps.set(file, m);
  }
  return maps.get(file);
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'catch', 'function', 'new']);
const DECL =
  /^\s*(?:export\s+)?(?:(?:private|public|protected|readonly|static|async|const|let|function|get)\s+)*(\w+)\s*(?:<[^>]*>)?\s*(?:=\s*(?:async\s*)?\(|:\s*(?:async\s*)?\(|\()/;
const sources = new Map();
const indent = (l) => l.length - l.trimStart().length;

/**
 * The function a source line is in, as `Class.method` or the function's (or property's) name:
 * read from the source, since the bundle's names are minified.
 */
function enclosing(file, line) {
  if (!sources.has(file)) {
    let text = null;
    try {
      text = fs.readFileSync(file, 'utf8').split('\n');
    } catch {
      /* not here */
    }
    sources.set(file, text);
  }
  const lines = sources.get(file);
  if (!lines) return null;
  let cur = indent(lines[line] ?? '');
  let fn = null;
  for (let i = line - 1; i >= 0; i--) {
    const l = lines[i];
    if (l.trim() === '' || indent(l) >= cur) continue;
    cur = indent(l);
    if (fn) {
      const c = /^(?:export\s+)?(?:abstract\s+)?class\s+(\w+)/.exec(l);
      if (c) return `${c[1]}.${fn}`;
      if (DECL.test(l) && !KEYWORDS.has(DECL.exec(l)[1])) return fn;
      continue;
    }
    const m = DECL.exec(l);
    if (m && !KEYWORDS.has(m[1])) {
      fn = m[1];
      if (cur === 0) return fn;
    }
  }
  return fn;
}

/**
 * A recorded stack's frames in the hub's code (the bundle, mapped to src/), outermost first:
 * { fn, file }, `fn` as V8 names it (closures are `<anonymous>` or their property's name).
 */
export function frames(stack) {
  const out = [];
  for (const line of stack.split('\n').slice(1)) {
    const m = /at (?:async )?(?:(.+?) \()?(?:file:\/\/)?([^()]+?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!m) continue;
    let file = m[2];
    if (!file.includes(`${path.sep}dist${path.sep}`)) continue;
    let fn = (m[1] ?? '<anonymous>').replace(/^Object\./, '').replace(/ \[as \S+\]$/, '');
    const entry = sourceMap(file)?.findEntry(Number(m[3]) - 1, Number(m[4]) - 1);
    if (entry?.originalSource) {
      file = entry.originalSource.startsWith('file:')
        ? fileURLToPath(entry.originalSource)
        : path.resolve(path.dirname(file), entry.originalSource);
      fn = enclosing(file, entry.originalLine) ?? fn;
    }
    file = path.relative(ROOT, file);
    if (file.startsWith('node_modules')) continue;
    // (named from its checkout's src/: on a machine with other checkouts of the same build, a
    // server's frames can come back as another checkout's files)
    const src = file.lastIndexOf(`${path.sep}src${path.sep}`);
    if (!file.startsWith(`src${path.sep}`) && src >= 0 && !file.includes('node_modules'))
      file = file.slice(src + 1);
    out.push({ fn, file });
  }
  return out.reverse();
}

/**
 * Types each key into `cat` through a real client and server and returns, per key name, the
 * frames from the server's read of the client's terminal to the PTY's write(2), outermost first.
 * `files`: extra files of the fresh home (a user's keys.lua, say).
 */
export async function keyRoutes(keys = KEYS, { files = {} } = {}) {
  const home = tempHome();
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, f)), { recursive: true });
    fs.writeFileSync(path.join(home, f), text);
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster-route-')), 'writes.jsonl');
  fs.writeFileSync(out, '');
  const env = {
    ...process.env,
    TERM: 'xterm-256color',
    BOTSTER_ROUTE_OUT: out,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${hook}`.trim(),
  };
  delete env.CI;
  delete env.NODE_ENV_TEST;
  const p = spawnPty({
    file: bin,
    args: ['--home', home, '--agent', 'cat'],
    cwd: ROOT,
    env,
    cols: 120,
    rows: 40,
  });
  let screen = '';
  p.onData((d) => {
    screen += d;
    if (screen.length > 1e6) screen = screen.slice(-1e5);
  });
  const routes = {};
  let server = null;
  try {
    const end = performance.now() + 20000;
    while (!(screen.includes('\x1b[?2026l') && screen.includes('Botster Hub'))) {
      if (performance.now() > end) throw new Error('no hub frame in 20 s');
      await sleep(20);
    }
    server = await serverPid(home, 5000);
    await sleep(300);
    let seen = 0;
    const records = () => {
      const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean);
      const fresh = lines.slice(seen).map((l) => JSON.parse(l));
      seen = lines.length;
      return fresh;
    };
    records();
    for (const [name, bytes] of Object.entries(keys)) {
      p.write(bytes);
      const until = performance.now() + 3000;
      let rec;
      while (!rec && performance.now() < until) {
        await sleep(20);
        rec = records().find((r) => r.bytes === bytes);
      }
      if (!rec) throw new Error(`${name}: no write of ${JSON.stringify(bytes)} on the agent's PTY`);
      const all = frames(rec.stack);
      // From the server's read of the client's terminal (libuv's callback into client-tty.ts).
      const from = all.findIndex((f) => f.file === 'src/server/client-tty.ts');
      routes[name] = from >= 0 ? all.slice(from) : all;
      await sleep(50);
    }
  } finally {
    // (A start that failed may have left its server running all the same: asked on its socket.)
    server ??= await serverPid(home, 1000).catch(() => null);
    if (server) await stopServer(server);
    p.kill('SIGTERM');
    await Promise.race([new Promise((r) => p.onExit(r)), sleep(3000)]);
    p.dispose();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
  return routes;
}

export const named = (route) => route.map((x) => `${x.fn} (${x.file})`).join('\n  ');

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = [];
  try {
    const routes = await keyRoutes();
    const letter = routes.letter.length;
    for (const [name, route] of Object.entries(routes)) {
      const files = new Set(route.map((f) => f.file)).size;
      const budgeted = ['letter', 'Enter', 'Ctrl+c'].includes(name);
      rows.push({
        name: `key route: ${name} (${JSON.stringify(KEYS[name])}), calls from the server's read to write(2)`,
        value: route.length,
        unit: 'calls',
        budget: budgeted ? '<= 12' : '—',
        ok: budgeted ? route.length <= 12 : true,
        // (A key parsed first is written at inputDone: the keymap's walk, deeper, is off this stack.)
        note: `${files} files; ${route.some((f) => /inputDone/.test(f.fn)) ? 'PARSED FIRST (the long way); ' : ''}a letter ${letter}; ${route.map((f) => `${f.fn}`).join(' > ')}`,
      });
    }
  } catch (err) {
    rows.push({
      name: 'key route',
      value: NaN,
      unit: 'calls',
      budget: '<= 12',
      ok: false,
      note: `failed: ${err.message}`,
    });
  }
  if (process.env.KEY_ROUTE_SHOW)
    for (const r of rows) process.stderr.write(`${r.name}: ${r.value}\n  ${r.note}\n`);
  report(rows);
  process.exit(0);
}
