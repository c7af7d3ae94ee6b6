import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The commands that do not draw must not load the UI (Ink, React, yoga): it is most of the
// bundle, and loading it is most of the start-up time.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/botster-tui.js');
const RECORD = path.join(ROOT, 'test/support/fixtures/record-loads.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'botster loads-'));
const home = path.join(tmp, 'h', '.botster');
const luaFile = path.join(tmp, 'greet.lua');
fs.writeFileSync(luaFile, 'local x = 1\n');

// Strings only the UI's packages contain, as they appear in the minified bundle.
const UI_MARKERS = {
  react: 'react.transitional.element',
  yoga: 'data:application/octet-stream;base64,AGFzbQ',
  ink: 'ink-text',
};
// A string only meow contains (its check of its options), as it appears in the bundle.
const MEOW_MARKER = 'The `importMeta` option is required';

function loadedFiles(args: string[]): {
  files: string[];
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const log = path.join(tmp, `loads-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(log, '');
  const env: NodeJS.ProcessEnv = { ...process.env, BOTSTER_TEST_LOADS: log };
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_HOME;
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(RECORD).href, BIN, ...args], {
    cwd: tmp,
    env,
    encoding: 'utf8',
    timeout: 30000,
  });
  // (A CommonJS entry can be seen by both recorders.)
  const files = [...new Set(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean))].map((u) =>
    fileURLToPath(u),
  );
  return { files, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function uiIn(files: string[]): string[] {
  const found: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const [name, marker] of Object.entries(UI_MARKERS))
      if (text.includes(marker)) found.push(`${name} in ${path.relative(ROOT, f)}`);
  }
  return found;
}

describe('start-up loads only what a command needs', () => {
  it('the UI markers are found where the UI is loaded (snapshot draws)', () => {
    const r = loadedFiles(['snapshot', '--home', home, '--agent', 'true', '--wait', '0', '--size', '40x10']);
    expect(r.status, r.stderr).toBe(0);
    const found = uiIn(r.files).map((s) => s.split(' ')[0]);
    expect(new Set(found)).toEqual(new Set(['react', 'yoga', 'ink']));
  });

  it('--version reads package.json and loads nothing of the CLI', () => {
    const r = loadedFiles(['--version']);
    expect(r.stdout).toBe(
      `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version} (node client)\n`,
    );
    expect(r.files.map((f) => path.relative(ROOT, f))).toEqual(['bin/botster-tui.js']);
  });

  it('bin/ is CommonJS (node reaches it sooner) and loads the ES module bundle', () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'bin/package.json'), 'utf8'))).toEqual({
      type: 'commonjs',
    });
    const r = loadedFiles(['ls', '--home', home]);
    expect(r.files.map((f) => path.relative(ROOT, f))).toContain('dist/bundle/botster-tui.mjs');
  });

  const commands: Array<[string, string[], number]> = [
    ['--help', ['--help'], 0],
    ['-v with a flag', ['-v', '--home', home], 0],
    ['keys', ['keys', '--home', home], 0],
    ['check', ['check', luaFile, '--home', home], 0],
    ['push (no hub running)', ['push', 'greet.lua', '--home', home], -1],
    ['improvements list', ['improvements', 'list', '--home', home], 0],
    ['ls (no server running)', ['ls', '--home', home], 3],
    ['kill-server (no server running)', ['kill-server', '--home', home], 3],
    ['the client (no terminal here)', ['--home', home], 2],
  ];
  for (const [name, args, status] of commands) {
    it(`${name} does not load the UI`, () => {
      const r = loadedFiles(args);
      if (status >= 0) expect(r.status, r.stderr).toBe(status);
      else expect(r.stderr).not.toMatch(/TypeError|ReferenceError|at /);
      expect(r.files.some((f) => f.endsWith('botster-tui.mjs')) || args[0] === '-v').toBe(true);
      expect(uiIn(r.files)).toEqual([]);
    });
  }
});

describe("the client's start path does not load meow (the CLI library of every other command)", () => {
  const meowIn = (files: string[]) =>
    files.filter((f) => fs.readFileSync(f, 'utf8').includes(MEOW_MARKER)).map((f) => path.relative(ROOT, f));

  it('a command that parses with meow loads it (the marker is found where meow is)', () => {
    for (const args of [['ls', '--home', home], ['--help'], ['--agnet', 'x']]) {
      const r = loadedFiles(args);
      expect(meowIn(r.files), args.join(' ')).toHaveLength(1);
    }
  });

  const start: Array<[string, string[], number]> = [
    ['plain botster-tui (no terminal here)', ['--home', home], 2],
    [
      'plain botster-tui with agents, a layout and a scrollback (no terminal here)',
      ['--home', home, '--agent', 'sh', '--agent=claude', '--layout', luaFile, '--scrollback', '100'],
      2,
    ],
    ['attach (no terminal here)', ['attach', '--home', home], 2],
    ['--version', ['--version'], 0],
  ];
  for (const [name, args, status] of start) {
    it(`${name} does not load meow`, () => {
      const r = loadedFiles(args);
      expect(r.status, r.stderr).toBe(status);
      expect(meowIn(r.files)).toEqual([]);
    });
  }

  it('meow is in a chunk of its own, outside what the entry and early-start.cjs load before they run', () => {
    const BUNDLE = path.join(ROOT, 'dist/bundle');
    const closure = (file: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(file)) return seen;
      seen.add(file);
      for (const m of fs
        .readFileSync(path.join(BUNDLE, file), 'utf8')
        .matchAll(/from\s*"\.\/([\w-]+\.mjs)"/g))
        closure(m[1], seen);
      return seen;
    };
    const holding = (files: Iterable<string>) =>
      [...files].filter((f) => fs.readFileSync(path.join(BUNDLE, f), 'utf8').includes(MEOW_MARKER));
    expect(holding(closure('botster-tui.mjs'))).toEqual([]);
    expect(holding(['early-start.cjs'])).toEqual([]);
    expect(holding(fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.mjs')))).toEqual([
      expect.stringMatching(/^parse-args-\w+\.mjs$/),
    ]);
    // The server's script (cli.cjs, run from the code cache) requires the parser's own file when it needs it.
    expect(holding(fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.cjs')))).toEqual(['parse-args.cjs']);
  });

  it("the server's script reads a mistake with meow too, from its own file", () => {
    const r = loadedFiles(['server', '--home', home, '--agnet', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'botster-tui: unknown flag --agnet; did you mean --agent? (see botster-tui server --help)\n',
    );
    expect(meowIn(r.files)).toEqual(['dist/bundle/parse-args.cjs']);
    // (cli.cjs itself is read and compiled by code-cache.cjs, not loaded as a module.)
    expect(r.files.map((f) => path.relative(ROOT, f))).toContain('dist/bundle/code-cache.cjs');
    expect(r.files.some((f) => f.endsWith('botster-tui.mjs'))).toBe(false);
  });
});

describe("the server's first frame waits only for what it draws", () => {
  // The static imports of a bundle file, followed: what loads before its code runs.
  const BUNDLE = path.join(ROOT, 'dist/bundle');
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const m of fs.readFileSync(path.join(BUNDLE, file), 'utf8').matchAll(/from\s*"\.\/([\w-]+\.mjs)"/g))
      closure(m[1], seen);
    return seen;
  };
  const hubChunk = () => fs.readdirSync(BUNDLE).find((f) => /^hub-\w+\.mjs$/.test(f))!;
  const markers = {
    xterm: 'to use proposed API',
    chokidar: 'awaitWriteFinish',
    yoga: UI_MARKERS.yoga,
    react: UI_MARKERS.react,
  };
  const holding = (files: Set<string>, marker: string) =>
    [...files].filter((f) => fs.readFileSync(path.join(BUNDLE, f), 'utf8').includes(marker));

  it('the hub code loads the UI, but neither xterm (agents start after the first frame) nor chokidar (watching starts after it)', () => {
    const files = closure(hubChunk());
    expect(holding(files, markers.yoga)).not.toEqual([]);
    expect(holding(files, markers.react)).not.toEqual([]);
    expect(holding(files, markers.xterm)).toEqual([]);
    expect(holding(files, markers.chokidar)).toEqual([]);
    // ... and they are in the bundle, loaded on demand.
    const all = new Set(fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.mjs')));
    expect(holding(all, markers.xterm)).not.toEqual([]);
    expect(holding(all, markers.chokidar)).not.toEqual([]);
  });

  it('what a server loads before it claims its socket holds no UI', () => {
    const entry = closure('botster-tui.mjs');
    const server = closure(fs.readdirSync(BUNDLE).find((f) => /^run-server-\w+\.mjs$/.test(f))!);
    for (const files of [entry, server])
      for (const marker of Object.values(markers)) expect(holding(files, marker)).toEqual([]);
  });
});

describe('the first configuration is evaluated once', () => {
  it('what the CLI sends the Lua worker while the UI loads is what the hub asks for (snapshot; the server: server-start.test.ts)', () => {
    const traceFile = path.join(tmp, `trace-${Math.random().toString(36).slice(2)}`);
    const env: NodeJS.ProcessEnv = { ...process.env, BOTSTER_TRACE: traceFile };
    delete env.BOTSTER_SOCKET;
    const r = spawnSync(
      process.execPath,
      [BIN, 'snapshot', '--home', home, '--agent', 'true', '--wait', '0', '--size', '50x12'],
      { cwd: tmp, env, encoding: 'utf8', timeout: 30000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const said = fs.readFileSync(traceFile, 'utf8');
    expect(said).toContain('lua: first configuration evaluated early');
    expect(said).not.toContain('evaluated again');
  });
});
