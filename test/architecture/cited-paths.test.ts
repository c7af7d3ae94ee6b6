// Nothing in the code, the tests or the docs cites a file that is not in the repository: every
// markdown link (and its #anchor) resolves, every repository path the docs name and every one a
// comment names exists (from the root, or relative: ./answers.ts, commands/actions/x.ts), every
// docs/ path anywhere exists, a comment's list of request types names ones that exist, and no
// file points at the design notes or folders that live outside the checkout.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCANNED = [
  'README.md',
  'src',
  'test',
  'lua',
  'keybindings',
  'docs',
  'bench',
  'scripts',
  'bin',
  'corpus',
];
const TEXT = /\.(ts|tsx|mjs|js|cjs|lua|md|json|sh|c|h)$|^botster-tui$/;
// Data files whose contents are agents' screens, not citations; research about other projects
// names their paths (docs/hooks, src/hooks/loader.ts of a CLI), not ours.
const DATA = /^(corpus|docs\/research)\//;
// Folders a path in text may start with: the repository's own.
const REPO_PATH = /(?<![\w./$~-])((?:src|test|lua|keybindings|docs?|bench|scripts|bin|corpus)\/[\w./-]*\w)/g;
// A file of ours a comment names relative to its own folder or one above it (./answers.ts,
// ../verb-cli.ts, commands/actions/answers.ts from src/).
const RELATIVE_PATH =
  /(?<![\w./$~@:-])((?:\.{1,2}\/)+[\w.-]+(?:\/[\w.-]+)*|[\w-]+(?:\/[\w.-]+)+)\.(?:ts|tsx|mjs|lua|c|h)\b/g;
// What a relative path in a comment may name that is not ours: a home's files (user/hooks.lua,
// improvements/NAME.lua), or a placeholder (sessions/PID.json).
const NOT_OURS = /^(user|improvements|plugins|history|templates|node_modules)\/|\/?[A-Z]{2,}\b|\bvN\b/;
// Paths comments give as examples of what a user's tool calls or commands name, not as citations.
const EXAMPLES = new Set(['src/a.ts', 'bin/fake-claude.js', 'name/init.lua', 'a/b.lua']);
// Pages other issues are writing into docs/ at the same time; a link to one counts once it exists.
// Delete an entry when its page lands.
const PAGES_IN_FLIGHT = new Set(['docs/worktrees.md', 'docs/layout-pieces.md']);

function filesUnder(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const child = `${rel}/${e.name}`;
    return e.isDirectory() ? filesUnder(child) : TEXT.test(e.name) ? [child] : [];
  });
}

// This file names made-up paths on purpose (its own checks' examples).
const SELF = 'test/architecture/cited-paths.test.ts';
const files = SCANNED.flatMap(filesUnder).filter((f) => !DATA.test(f) && f !== SELF);
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const exists = (rel: string) => fs.existsSync(path.join(ROOT, rel));
const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;
const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/** The comments of a source file, everything else blanked (so indexes keep their lines). */
export function commentsOf(file: string, text: string): string {
  const comment = file.endsWith('.lua')
    ? /--[^\n]*/g
    : /\.(ts|tsx|mjs|js|cjs|c|h)$/.test(file)
      ? /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g
      : /#[^\n]*/g;
  let out = '';
  let at = 0;
  for (const m of text.matchAll(comment)) {
    out += blank(text.slice(at, m.index)) + m[0];
    at = m.index! + m[0].length;
  }
  return out + blank(text.slice(at));
}

/** Where a file cites repository paths: all of a markdown page; a source file's comments, and its docs/ paths anywhere. */
function citationsOf(file: string): Array<{ cited: string; index: number }> {
  const text = read(file);
  // (A path followed by a glob or a placeholder, bench/pane-*.mjs or docs/<topic>.md, is a pattern.)
  const found = (t: string) =>
    [...t.matchAll(REPO_PATH)]
      .filter((m) => !/^[\w./-]*[*<{]/.test(t.slice(m.index! + m[0].length, m.index! + m[0].length + 40)))
      .map((m) => ({ cited: m[1].replace(/[.]+$/, ''), index: m.index! }));
  if (file.endsWith('.md')) return found(text);
  if (file.endsWith('.json')) return found(text).filter((c) => /^docs?\//.test(c.cited));
  const all = [...found(commentsOf(file, text)), ...found(text).filter((c) => /^docs?\//.test(c.cited))];
  return all.filter((c, i) => all.findIndex((d) => d.index === c.index) === i);
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(rel: string): Set<string> {
  const text = read(rel).replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
}

/** Markdown links outside code blocks: [text](target). */
function linksOf(text: string): Array<{ target: string; index: number }> {
  const prose = text.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '));
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ target: m[1], index: m.index! }));
}

/** Whether `cited` names a file from the root, from src/, or from the citing file's folder or one above it. */
function resolvesFrom(file: string, cited: string): boolean {
  if (exists(cited) || exists(`src/${cited}`)) return true;
  for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir))
    if (exists(path.posix.join(dir, cited))) return true;
  return false;
}

// The request types there are: every `type: '...'` of the requests and the intents they include.
const REQUEST_TYPES = new Set(
  ['src/hub/requests.ts', 'src/hub/intents.ts'].flatMap((f) =>
    [...read(f).matchAll(/type: '([a-z_]+)'/g)].map((m) => m[1]),
  ),
);

/** Comment text with its markers (`//`, `--`, a block's star) blanked, so a sentence reads across lines. */
const uncommented = (comments: string) =>
  comments.replace(/\/\/|--|\/\*|\*\/|^\s*\*/gm, (m) => m.replace(/[^\n]/g, ' '));

/**
 * The lists of request types a comment gives: "a request that is not the reducer's (start_agent,
 * run, quit, ...)", "one of the hub's requests (src/hub/requests.ts: focus, set_mode, ...)".
 */
export function requestListsOf(text: string): Array<{ index: number; names: string[] }> {
  const LIST =
    /\brequests?\b(?:\s+types?)?[^().;]{0,80}?\((?:[\w./-]+:\s+)?([a-z][a-z_]*(?:,\s+[a-z][a-z_]*)+)(?:,\s+\.\.\.)?\)/g;
  return [...text.matchAll(LIST)].map((m) => ({ index: m.index!, names: m[1].split(/,\s+/) }));
}

describe('paths the repository cites', () => {
  it('scans the code, the tests and the docs', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/README.md');
    expect(files.some((f) => f.startsWith('src/'))).toBe(true);
    expect(files.some((f) => f.startsWith('lua/'))).toBe(true);
    expect(files.length).toBeGreaterThan(300);
  });

  it('every markdown link resolves to a file of the repository, and its #anchor to a heading there', () => {
    const broken: string[] = [];
    for (const f of files.filter((x) => x.endsWith('.md'))) {
      const text = read(f);
      for (const { target, index } of linksOf(text)) {
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const [file, anchor] = target.split('#');
        const rel = file ? path.posix.normalize(path.posix.join(path.posix.dirname(f), file)) : f;
        const at = `${f}:${lineOf(text, index)}`;
        if (rel.startsWith('..')) broken.push(`${at}: ${target} is outside the repository`);
        else if (!exists(rel)) {
          if (!PAGES_IN_FLIGHT.has(rel)) broken.push(`${at}: ${target} does not exist`);
        } else if (anchor && rel.endsWith('.md') && !anchorsOf(rel).has(anchor))
          broken.push(`${at}: ${target}: no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every repository path named in the docs, in comments, and every docs/ path anywhere exists', () => {
    const missing: string[] = [];
    for (const f of files) {
      const text = read(f);
      for (const { cited, index } of citationsOf(f)) {
        // A path may be named from the root, from src/ (lua/engine) or from the citing file's folder.
        const candidates = [cited, `src/${cited}`, path.posix.join(path.posix.dirname(f), cited)];
        if (cited.includes('/NAME') || cited.includes('/PROGRAM') || EXAMPLES.has(cited)) continue;
        if (!candidates.some(exists) && !PAGES_IN_FLIGHT.has(cited))
          missing.push(`${f}:${lineOf(text, index)}: ${cited}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every file of ours a comment names relative to its folder (or one above it) exists', () => {
    const missing: string[] = [];
    for (const f of files.filter((x) => !/\.(md|json|sh)$|^bin\//.test(x))) {
      const text = read(f);
      for (const m of commentsOf(f, text).matchAll(RELATIVE_PATH)) {
        const cited = m[0];
        if (EXAMPLES.has(cited) || NOT_OURS.test(cited)) continue;
        if (!resolvesFrom(f, cited)) missing.push(`${f}:${lineOf(text, m.index!)}: ${cited}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('a comment that lists request types names ones src/hub/requests.ts still has', () => {
    const stale: string[] = [];
    for (const f of files.filter((x) => /^(src|lua|test|keybindings)\//.test(x) && !x.endsWith('.md'))) {
      const text = read(f);
      for (const { index, names } of requestListsOf(uncommented(commentsOf(f, text))))
        for (const name of names.filter((n) => !REQUEST_TYPES.has(n)))
          stale.push(`${f}:${lineOf(text, index)}: ${name} is not a request type`);
    }
    expect(stale).toEqual([]);
  });

  it('nothing cites the design notes or folders outside the checkout', () => {
    const outside: string[] = [];
    for (const f of files) {
      const text = read(f);
      for (const m of text.matchAll(/DESIGN\.md|DESIGN §|\.\.\/shared\b|\/work\/shared\b/g))
        outside.push(`${f}:${lineOf(text, m.index!)}: ${m[0]}`);
    }
    expect(outside).toEqual([]);
  });

  it('computes anchors as GitHub does', () => {
    expect(slug('The app: one `self` everywhere')).toBe('the-app-one-self-everywhere');
    expect(slug('`--restore` and a running server')).toBe('--restore-and-a-running-server');
    expect(slug('`self` (the App)')).toBe('self-the-app');
  });

  it('reads the request types a comment lists, and relative paths as they resolve', () => {
    const text = uncommented(
      "// A request that is not the reducer's (scroll_search, kill,\n// run, quit, ...) starts an action (spawn).",
    );
    expect(requestListsOf(text).map((l) => l.names)).toEqual([['scroll_search', 'kill', 'run', 'quit']]);
    expect(REQUEST_TYPES.has('scroll_search')).toBe(true);
    expect(REQUEST_TYPES.has('kill')).toBe(false);
    expect(resolvesFrom('src/cli/help/help-fleet.ts', '../verb-cli.ts')).toBe(true);
    expect(resolvesFrom('src/commands/apply-request.ts', './answers.ts')).toBe(false);
    expect(resolvesFrom('lua/default/web/routes.lua', 'web/improvements.lua')).toBe(true);
    expect(
      [...'see ./x.ts and commands/apply-request.ts, not a/b'.matchAll(RELATIVE_PATH)].map((m) => m[0]),
    ).toEqual(['./x.ts', 'commands/apply-request.ts']);
  });

  it('reads comments as the checks assume', () => {
    const src = "const a = 'src/x.ts'; // see src/y.ts\n/* docs/z.md\n * src/w.ts */ f('docs/q.md');";
    expect(commentsOf('f.ts', src).replace(/ +/g, ' ').trim()).toBe(
      '// see src/y.ts\n/* docs/z.md\n * src/w.ts */',
    );
    expect(commentsOf('f.lua', 'x = "src/a.lua" -- lua/b.lua').trim()).toBe('-- lua/b.lua');
  });
});
