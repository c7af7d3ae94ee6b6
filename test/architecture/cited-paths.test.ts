// Nothing in the code, the tests or the docs cites a file that is not in the repository: every
// markdown link (and its #anchor) resolves, every repository path the docs name and every one a
// comment names exists, every docs/ path anywhere exists, and no file points at the design notes
// or folders that live outside the checkout.
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
const TEXT = /\.(ts|tsx|mjs|js|cjs|lua|md|json|sh)$|^botster-tui$/;
// Data files whose contents are agents' screens, not citations; research about other projects
// names their paths (docs/hooks, src/hooks/loader.ts of a CLI), not ours.
const DATA = /^(corpus|docs\/research)\//;
// Folders a path in text may start with: the repository's own.
const REPO_PATH = /(?<![\w./$~-])((?:src|test|lua|keybindings|docs?|bench|scripts|bin|corpus)\/[\w./-]*\w)/g;
// Paths comments give as examples of what a user's tool calls or commands name, not as citations.
const EXAMPLES = new Set(['src/a.ts', 'bin/fake-claude.js']);
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
    : /\.(ts|tsx|mjs|js|cjs)$/.test(file)
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

  it('reads comments as the checks assume', () => {
    const src = "const a = 'src/x.ts'; // see src/y.ts\n/* docs/z.md\n * src/w.ts */ f('docs/q.md');";
    expect(commentsOf('f.ts', src).replace(/ +/g, ' ').trim()).toBe(
      '// see src/y.ts\n/* docs/z.md\n * src/w.ts */',
    );
    expect(commentsOf('f.lua', 'x = "src/a.lua" -- lua/b.lua').trim()).toBe('-- lua/b.lua');
  });
});
