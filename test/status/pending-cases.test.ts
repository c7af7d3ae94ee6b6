// Pending cases on disk (src/status/pending-cases.ts): kept once per screen, bounded per program,
// accepted into the saved cases with what the agent said (or another state), dropped.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_PENDING,
  acceptPending,
  dropPending,
  keepPending,
  listPending,
  pendingCaseOf,
} from '../../src/status/pending-cases.js';
import { readCorpus } from '../../src/status/corpus.js';
import { tempHome } from '../support/hub.js';

const facts = (text: string) => ({
  lines: [...text.split('\n'), '', ''],
  title: '✳ Claude Code',
  progress: null,
  at_prompt: false,
  bell: false,
  notification: null,
  osc: {},
  quiet: 2.5,
  state: 'waiting',
});
const d = (reason: string | null = 'Claude needs your permission to use Bash') => ({
  report: { state: 'waiting', reason, at: 0 },
  screen: { state: 'idle' as const, adapter: 'claude', rule: 'quiet 1.5s' },
  since: 0,
});

describe('pending cases', () => {
  it('kept as PROGRAM-N with the screen, title, report and reading; the same screen once', () => {
    const home = tempHome();
    const c = pendingCaseOf({
      program: 'claude',
      agent: 'a',
      facts: facts('Do you want to proceed?\n❯ 1. Yes'),
      d: d(),
    });
    expect(c).toMatchObject({
      screen: 'Do you want to proceed?\n❯ 1. Yes',
      expected: 'waiting_input',
      title: '✳ Claude Code',
      program: 'claude',
      quiet_ms: 2500,
      report: { state: 'waiting', reason: 'Claude needs your permission to use Bash' },
      read: { state: 'idle', adapter: 'claude', rule: 'quiet 1.5s' },
    });
    // A progress bar (OSC 9;4) is kept as `status --progress` takes it.
    expect(
      pendingCaseOf({
        program: 'claude',
        agent: 'a',
        facts: { ...facts('x'), progress: { state: 'normal' as const, value: 40 } },
        d: d(),
      }).progress,
    ).toBe('normal:40');
    // The CLI's release and the terminal's size, when the hub knows them.
    expect(
      pendingCaseOf({
        program: 'claude',
        agent: 'a',
        facts: { ...facts('x'), size: '80x24' },
        d: d(),
        version: '2.1.331',
      }),
    ).toMatchObject({ version: '2.1.331', size: '80x24' });
    expect(
      pendingCaseOf({ program: 'claude', agent: 'a', facts: facts('x'), d: d(), version: null }),
    ).not.toHaveProperty('version');
    expect(keepPending(home, c)).toBe('claude-1');
    expect(keepPending(home, c)).toBe('claude-1');
    expect(keepPending(home, { ...c, screen: 'other' })).toBe('claude-2');
    expect(keepPending(home, { ...c, program: 'codex' })).toBe('codex-1');
    expect(listPending(home).map((e) => e.id)).toEqual(['claude-1', 'claude-2', 'codex-1']);
  });

  it(`at most ${MAX_PENDING} per program: the oldest goes`, () => {
    const home = tempHome();
    const c = pendingCaseOf({ program: 'claude', agent: 'a', facts: facts('x'), d: d() });
    for (let i = 0; i < MAX_PENDING + 2; i++) keepPending(home, { ...c, screen: `screen ${i}` });
    const ids = listPending(home).map((e) => e.id);
    expect(ids).toHaveLength(MAX_PENDING);
    expect(ids[0]).toBe('claude-3');
    expect(ids.at(-1)).toBe(`claude-${MAX_PENDING + 2}`);
  });

  it('accept: a saved case expecting what the agent said (or --state), gone from pending; drop', () => {
    const home = tempHome();
    const c = pendingCaseOf({ program: 'claude', agent: 'a', facts: facts('x'), d: d() });
    keepPending(home, c);
    keepPending(home, { ...c, screen: 'y' });
    keepPending(home, { ...c, screen: 'z' });
    const file = acceptPending(home, 'claude-1');
    expect(file).toBe(path.join(home, 'corpus', 'claude.json'));
    acceptPending(home, 'claude-2', 'running');
    const saved = readCorpus(path.join(home, 'corpus'));
    expect(saved.map((s) => [s.screen, s.expected])).toEqual([
      ['x', 'waiting_input'],
      ['y', 'busy'],
    ]);
    expect(saved[0]).not.toHaveProperty('report');
    expect(listPending(home).map((e) => e.id)).toEqual(['claude-3']);
    expect(() => acceptPending(home, 'claude-3', 'sleeping')).toThrow(
      /--state must be running, waiting or idle/,
    );
    expect(() => acceptPending(home, 'nope-1')).toThrow(/no pending case "nope-1"/);
    expect(dropPending(home, 'all')).toBe(1);
    expect(fs.readdirSync(path.join(home, 'corpus', 'pending'))).toEqual([]);
  });
});
