// The figures of docs/agent-states.md, computed from the corpus, never typed: every real screen of
// corpus/real-screens (per CLI and per release) and the peer corpus of corpus/state-detection,
// each read by the shipped rules. `node scripts/state-figures.mjs` prints them (`--write` puts them in
// the page); test/status/real-screens.test.ts fails when the page says otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { progressOfCase, type CorpusCase } from './corpus.js';

/** One case as read: its CLI, the release it came from, the state it should read, and what it read. */
export interface Reading {
  cli: string;
  version: string;
  want: string;
  got: string;
}

/** What an adapter answered (ConfigRuntime.detectStatus), as far as the figures need it. */
export interface Verdict {
  state?: string | null;
  reason?: string | null;
  adapter?: string;
  rule?: string | null;
}

/** Asks the shipped rules about one agent's screen. */
export type Detect = (agent: Record<string, unknown>, screen: Record<string, unknown>) => Verdict | null;

export const STATE: Record<string, string> = { busy: 'running', waiting_input: 'waiting', idle: 'idle' };

/** The program each peer corpus file's CLI runs as (its README's "usual name"). */
export const PEER_PROGRAM: Record<string, string> = {
  claude: 'claude',
  gemini: 'gemini',
  codex: 'codex',
  cursor: 'cursor-agent',
  'github-copilot': 'copilot',
  cline: 'cline',
  opencode: 'opencode',
  kimi: 'kimi',
  mcode: 'mcode',
};

/** A peer case that is no screen classification (its README): "keep the current state", debounce. */
export const uncounted = (c: CorpusCase): boolean =>
  Boolean(c.depends_on_current || (c.needs_quiet && (c.quiet_ms ?? 0) < 1500));

/** The release a real screen came from: its `version` (test/status/case-fields.test.ts checks it against its `source`); '?' without. */
export function versionOf(c: CorpusCase): string {
  return c.version ?? '?';
}

function files(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

function ask(
  detect: Detect,
  program: string,
  c: CorpusCase,
  over: Record<string, unknown>,
  version?: string,
) {
  const screen = {
    lines: c.screen.split('\n').map((l) => l.trimEnd()),
    title: '',
    at_prompt: false,
    bell: false,
    quiet: (c.quiet_ms ?? 0) / 1000,
    state: 'idle',
    ...over,
  };
  const agent = {
    id: '1',
    name: program,
    program,
    command: program,
    cwd: '/tmp',
    title: screen.title,
    state: screen.state,
    ...(version ? { cli_version: version } : {}),
  };
  return detect(agent, screen);
}

/**
 * Every real screen of `dir` as read: each with its title and progress, no current state but idle
 * (a running answer comes from what the screen shows), and its release (a CLI file's `versions`).
 */
export function readRealScreens(
  dir: string,
  detect: Detect,
): Array<Reading & { case: CorpusCase; verdict: Verdict | null }> {
  const out: Array<Reading & { case: CorpusCase; verdict: Verdict | null }> = [];
  for (const file of files(dir)) {
    const cli = file.replace(/\.json$/, '');
    for (const c of JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CorpusCase[]) {
      const over: Record<string, unknown> = {
        title: c.title ?? '',
        state: c.current_state ? STATE[c.current_state] : 'idle',
      };
      if (c.progress) over.progress = progressOfCase(c.progress);
      const verdict = ask(detect, c.program ?? cli, c, over, versionOf(c));
      out.push({
        cli,
        version: versionOf(c),
        want: STATE[c.expected],
        got: verdict?.state ?? 'nil',
        case: c,
        verdict,
      });
    }
  }
  return out;
}

/** The counted cases of the peer corpus in `dir` as read (its README: which cases count). */
export function readPeerCorpus(
  dir: string,
  detect: Detect,
): Array<Reading & { case: CorpusCase; verdict: Verdict | null }> {
  const out: Array<Reading & { case: CorpusCase; verdict: Verdict | null }> = [];
  for (const file of files(dir)) {
    const cli = file.replace(/\.json$/, '');
    for (const c of JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CorpusCase[]) {
      if (uncounted(c)) continue;
      const verdict = ask(detect, PEER_PROGRAM[cli] ?? cli, c, {
        state: STATE[c.current_state ?? 'idle'],
      });
      out.push({ cli, version: '', want: STATE[c.expected], got: verdict?.state ?? 'nil', case: c, verdict });
    }
  }
  return out;
}

interface Tally {
  cases: number;
  right: number;
  waiting: number;
  waitingRead: number;
  others: number;
  falseWaiting: number;
}

function tally(rs: Reading[]): Tally {
  const t: Tally = { cases: 0, right: 0, waiting: 0, waitingRead: 0, others: 0, falseWaiting: 0 };
  for (const r of rs) {
    t.cases++;
    if (r.got === r.want) t.right++;
    if (r.want === 'waiting') {
      t.waiting++;
      if (r.got === 'waiting') t.waitingRead++;
    } else {
      t.others++;
      if (r.got === 'waiting') t.falseWaiting++;
    }
  }
  return t;
}

const pct = (n: number, of: number) => (of ? `${Number(((100 * n) / of).toFixed(1))}%` : '-');

function row(label: string, t: Tally): string {
  return `| ${label} | ${t.cases} | ${t.right} (${pct(t.right, t.cases)}) | ${t.waitingRead}/${t.waiting} | ${t.falseWaiting}/${t.others} |`;
}

/** Releases in order (1.0.128 < 2.0.77 < 2.1.197). */
function byRelease(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return a.localeCompare(b);
}

/** The CLIs with at least this many real screens get a row of their own. */
export const OWN_ROW = 5;

/**
 * The figures as markdown: one table of every real screen (all; each CLI with OWN_ROW or more
 * screens, then its releases when it has several; the rest together, then each one's releases),
 * and the peer corpus's line.
 */
export function figuresBlock(real: Reading[], peer: Reading[], title: (cli: string) => string): string {
  const clis = [...new Set(real.map((r) => r.cli))];
  const of = (cli: string) => real.filter((r) => r.cli === cli);
  const big = clis
    .filter((c) => of(c).length >= OWN_ROW)
    .sort((a, b) => of(b).length - of(a).length || a.localeCompare(b));
  const small = clis.filter((c) => of(c).length < OWN_ROW).sort();
  const releases = (rs: Reading[], name: (v: string) => string) =>
    [...new Set(rs.map((r) => r.version))]
      .sort(byRelease)
      .map((v) => row(`- ${name(v)}`, tally(rs.filter((r) => r.version === v))));
  const lines = [
    '| CLI, release | cases | read right | waiting screens read waiting | other screens read waiting |',
    '|---|---|---|---|---|',
    row('**all real screens**', tally(real)),
  ];
  for (const cli of big) {
    const vs = [...new Set(of(cli).map((r) => r.version))];
    // One release: it is named in the CLI's row.
    if (vs.length === 1) lines.push(row(`${title(cli)} ${vs[0]}`, tally(of(cli))));
    else lines.push(row(title(cli), tally(of(cli))), ...releases(of(cli), (v) => v));
  }
  if (small.length) {
    const rs = real.filter((r) => small.includes(r.cli));
    lines.push(row(`${small.map(title).join(', ')} (under ${OWN_ROW} each)`, tally(rs)));
    for (const cli of small) lines.push(...releases(of(cli), (v) => `${title(cli)} ${v}`));
  }
  const p = tally(peer);
  const misses = peer.filter((r) => r.got !== r.want);
  lines.push(
    '',
    `The peer corpus (\`corpus/state-detection\`, the counted cases of ccmanager's tests): ${p.right} of ${p.cases} read right (${pct(p.right, p.cases)}), waiting screens read waiting ${p.waitingRead}/${p.waiting}, other screens read waiting ${p.falseWaiting}/${p.others}${misses.length ? `; missed: ${misses.map((r) => `${r.cli} (expected ${r.want}, read ${r.got})`).join(', ')}` : ''}.`,
  );
  return lines.join('\n');
}

export const FIGURES_BEGIN =
  '<!-- figures: written by `node scripts/state-figures.mjs --write` from the corpus; do not edit by hand -->';
export const FIGURES_END = '<!-- end of figures -->';

/** The figures block of a page (between the markers), or null when it has none. */
export function figuresIn(doc: string): string | null {
  const a = doc.indexOf(FIGURES_BEGIN);
  const b = doc.indexOf(FIGURES_END);
  if (a < 0 || b < a) return null;
  return doc.slice(a + FIGURES_BEGIN.length, b).trim();
}

/** The page with its figures block replaced. */
export function withFigures(doc: string, block: string): string {
  const a = doc.indexOf(FIGURES_BEGIN);
  const b = doc.indexOf(FIGURES_END);
  if (a < 0 || b < a) throw new Error(`the page has no ${FIGURES_BEGIN} ... ${FIGURES_END} block`);
  return `${doc.slice(0, a + FIGURES_BEGIN.length)}\n\n${block}\n\n${doc.slice(b)}`;
}
