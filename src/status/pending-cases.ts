import fs from 'node:fs';
import path from 'node:path';
import { appendCase, progressText, toCaseState, type CorpusCase } from './corpus.js';
import type { Disagreement } from './disagreements.js';
import type { ScreenFacts } from './screen-facts.js';

// Pending cases: screens the hub kept because the agent's own report and the screen's reading
// disagreed ($BOTSTER_HOME/corpus/pending/<program>-<n>.json, one case per file). `botster-tui
// cases` lists them; accepting one appends it to the saved cases ($BOTSTER_HOME/corpus/<program>.json),
// which check every adapter change from then on; dropping one deletes it.

/** At most this many pending cases per program: the oldest goes first. */
export const MAX_PENDING = 20;

export interface PendingCase extends CorpusCase {
  /** What the agent said itself. */
  report: { state: string; reason: string | null };
  /** What the adapters read on the screen. */
  read: { state: string; adapter?: string; rule?: string };
  agent: string;
  kept_at: string;
}

export interface PendingEntry {
  id: string;
  file: string;
  case: PendingCase;
}

const dirOf = (home: string) => path.join(home, 'corpus', 'pending');
const safe = (program: string) => program.replace(/[^\w.-]/g, '_') || 'agent';

/** Every pending case, oldest first by number within a program. */
export function listPending(home: string): PendingEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dirOf(home)).filter((n) => n.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: PendingEntry[] = [];
  for (const n of names) {
    const file = path.join(dirOf(home), n);
    try {
      out.push({
        id: n.replace(/\.json$/, ''),
        file,
        case: JSON.parse(fs.readFileSync(file, 'utf8')) as PendingCase,
      });
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  }
  const num = (id: string) => Number(id.match(/-(\d+)$/)?.[1] ?? 0);
  const prog = (id: string) => id.replace(/-\d+$/, '');
  return out.sort((a, b) => prog(a.id).localeCompare(prog(b.id)) || num(a.id) - num(b.id));
}

/**
 * Keeps a screen as a pending case: `<program>-<n>`. The same screen with the same report is kept
 * once; past MAX_PENDING for a program the oldest is dropped. Returns the id (the existing one when
 * the same screen is there already).
 */
export function keepPending(home: string, c: PendingCase): string {
  const program = safe(c.program ?? 'agent');
  const mine = listPending(home).filter((e) => e.id.replace(/-\d+$/, '') === program);
  const same = mine.find((e) => e.case.screen === c.screen && e.case.report.state === c.report.state);
  if (same) return same.id;
  const next = mine.reduce((n, e) => Math.max(n, Number(e.id.match(/-(\d+)$/)?.[1] ?? 0)), 0) + 1;
  fs.mkdirSync(dirOf(home), { recursive: true });
  const id = `${program}-${next}`;
  const file = path.join(dirOf(home), `${id}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(c, null, 1) + '\n');
  fs.renameSync(tmp, file);
  for (const old of mine.slice(0, Math.max(0, mine.length + 1 - MAX_PENDING)))
    fs.rmSync(old.file, { force: true });
  return id;
}

export function findPending(home: string, id: string): PendingEntry {
  const e = listPending(home).find((x) => x.id === id);
  if (!e) throw new Error(`no pending case "${id}" (botster-tui cases lists them)`);
  return e;
}

/** Accepts a pending case as a saved case (expecting the report's state, or `state`): returns the file. */
export function acceptPending(home: string, id: string, state?: string): string {
  const e = findPending(home, id);
  const expected = state !== undefined ? toCaseState(state) : e.case.expected;
  if (!expected) throw new Error(`--state must be running, waiting or idle, not "${state}"`);
  const { report, read, agent, kept_at, ...rest } = e.case;
  const saved: CorpusCase = {
    ...rest,
    expected,
    name: `${e.case.program ?? 'agent'} ${id}: ${agent} said ${report.state}${report.reason ? ` (${report.reason})` : ''}, the screen read ${read.state}`,
    source: `kept by the hub ${kept_at} when the agent's report and the screen disagreed; accepted with botster-tui cases accept`,
  };
  const file = appendCase(home, saved);
  fs.rmSync(e.file, { force: true });
  return file;
}

/** Drops one pending case (or all): returns how many were dropped. */
export function dropPending(home: string, id: string | 'all'): number {
  const list = id === 'all' ? listPending(home) : [findPending(home, id)];
  for (const e of list) fs.rmSync(e.file, { force: true });
  return list.length;
}

/** The pending case of a disagreement: the screen as the adapters read it, expecting what the agent said. */
export function pendingCaseOf(o: {
  program: string;
  agent: string;
  facts: ScreenFacts;
  d: Disagreement;
  /** The CLI's release, when the hub read it. */
  version?: string | null;
}): PendingCase {
  const lines = [...o.facts.lines];
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const when = new Date().toISOString();
  return {
    name: `${o.program}: ${o.agent} said ${o.d.report.state}, the screen read ${o.d.screen.state}`,
    screen: lines.join('\n'),
    expected: toCaseState(o.d.report.state) ?? 'idle',
    ...(o.facts.title ? { title: o.facts.title } : {}),
    ...(progressText(o.facts.progress) ? { progress: progressText(o.facts.progress) } : {}),
    program: o.program,
    quiet_ms: Math.round(o.facts.quiet * 1000),
    ...(o.d.report.reason ? { reason: o.d.report.reason } : {}),
    ...(o.version ? { version: o.version } : {}),
    ...(o.facts.size ? { size: o.facts.size } : {}),
    source: `kept by the hub ${when}`,
    report: { state: o.d.report.state, reason: o.d.report.reason },
    read: o.d.screen,
    agent: o.agent,
    kept_at: when,
  };
}
