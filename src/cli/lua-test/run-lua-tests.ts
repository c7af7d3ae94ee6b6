import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTestFile, type FileRun } from './test-file.js';
import { fixtureFrame, type FrameRequest } from './fixture-frame.js';
import { addPluginInPlace, pluginFolderOf } from './plugin-fixture.js';
import { LuaLoadError, ownPaths } from './load-error.js';
import { livePath } from '../../plugins/lock.js';
import { readManifest } from '../../plugins/manifest.js';

// `botster-tui test [PATH...]`: every *_test.lua under the paths (default: the home's user/ and
// plugins/), each test's outcome, and one last line a CI runner reads: `N passed, N failed`.
// Exit code 0 when nothing failed, 1 when something did, 2 when there is no test to run.

export interface LuaTestOptions {
  home: string;
  paths: string[];
  update: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

const SKIP = new Set(['node_modules', '.git', '__golden__']);

/** The *_test.lua files at or under each path, in a stable order. */
export function findTestFiles(paths: string[]): string[] {
  const found: string[] = [];
  const walk = (p: string, depth: number): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isFile()) {
      if (p.endsWith('.lua')) found.push(path.resolve(p));
      return;
    }
    if (!st.isDirectory() || depth > 8) return;
    for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (SKIP.has(e.name) || e.name.startsWith('.')) continue;
      const full = path.join(p, e.name);
      if (e.isDirectory()) walk(full, depth + 1);
      else if (e.name.endsWith('_test.lua')) found.push(path.resolve(full));
    }
  };
  for (const p of paths) walk(p, 0);
  return [...new Set(found)];
}

/**
 * The home whose Lua a test file's hub loads: the one it lives in (its user/ or plugins/: the
 * command's home, or any folder named .botster); else none: the defaults, and the plugin whose
 * folder it is in (plugin-fixture.ts).
 */
export function homeOfTest(file: string, home: string): string | undefined {
  const inside = (h: string) => ['user', 'plugins'].some((d) => file.startsWith(path.join(h, d) + path.sep));
  if (inside(path.resolve(home))) return path.resolve(home);
  const parts = file.split(path.sep);
  for (let i = parts.length - 2; i > 0; i--)
    if (parts[i - 1] === '.botster' && (parts[i] === 'user' || parts[i] === 'plugins'))
      return parts.slice(0, i).join(path.sep);
  return undefined;
}

/**
 * A home for the hub fixture: the test's home's user/ and plugins/ (what a hub loads), copied, so
 * its state, sessions and logs never change what the frame shows or are changed by the test.
 */
function fixtureHome(from: string | undefined, plugin: string | undefined, made: string[]): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-test-'));
  made.push(home);
  for (const part of ['user', 'plugins']) {
    const src = from && path.join(from, part);
    if (src && fs.existsSync(src)) fs.cpSync(src, path.join(home, part), { recursive: true });
  }
  if (plugin) addPluginInPlace(home, plugin);
  return home;
}

/** The fixture's folders and where they came from, to tell errors at the user's own files. */
function ownFolders(fixture: string, from: string | undefined, plugin?: string, layout?: string) {
  const to: [string, string][] = [];
  if (from) to.push([fixture, path.resolve(from)]);
  if (plugin) to.push([livePath(fixture, readManifest(plugin).name), path.resolve(plugin)]);
  if (layout) to.push([path.dirname(layout), path.dirname(layout)]);
  return to;
}

export async function runLuaTests(o: LuaTestOptions): Promise<number> {
  const roots = o.paths.length ? o.paths : [path.join(o.home, 'user'), path.join(o.home, 'plugins')];
  for (const p of o.paths) if (!fs.existsSync(p)) o.err(`${p}: no such file or folder`);
  const files = findTestFiles(roots);
  if (files.length === 0) {
    o.err(`no *_test.lua files in ${roots.join(', ')}`);
    o.out('0 passed, 0 failed');
    return 2;
  }
  const homes: string[] = [];
  let passed = 0;
  let failed = 0;
  let pending = 0;
  try {
    for (const file of files) {
      const homeFor = homeOfTest(file, o.home);
      const plugin = homeFor ? undefined : pluginFolderOf(file);
      let home: string | undefined;
      const frame = async (req: FrameRequest) => {
        const fixture = (home ??= fixtureHome(homeFor, plugin, homes));
        const layout = req.layout === undefined ? undefined : path.resolve(path.dirname(file), req.layout);
        try {
          return await fixtureFrame(fixture, req, layout);
        } catch (err) {
          if (!(err instanceof LuaLoadError)) throw err;
          const own = ownPaths(err.message, ownFolders(fixture, homeFor, plugin, layout));
          // No frame, so no golden to compare or --update: the user's file:line, on a line of its own.
          throw new Error(
            `the Lua this hub loads raised an error, so there is no frame to test (fix it, then run again):\n${own}`,
          );
        }
      };
      const run: FileRun = await runTestFile(file, {
        update: o.update,
        frame,
        print: (text) => o.out(`  ${text}`),
      });
      if (run.error) {
        failed++;
        o.out(`✕ ${run.shown}: ${run.error}`);
        continue;
      }
      for (const r of run.results) {
        if (r.outcome === 'passed') passed++;
        else if (r.outcome === 'failed') failed++;
        else pending++;
        const mark = r.outcome === 'passed' ? '✓' : r.outcome === 'failed' ? '✕' : '-';
        o.out(
          `${mark} ${run.shown}: ${r.name}${r.wrote.length ? ` (wrote golden ${r.wrote.join(', ')})` : ''}`,
        );
        if (r.message) o.out(indent(r.message));
      }
    }
  } finally {
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  }
  o.out(`${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`);
  return failed > 0 ? 1 : 0;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
