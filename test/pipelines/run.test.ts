import { describe, expect, it } from 'vitest';
import type { PipelineDef, StepDef } from '../../src/pipelines/definition.js';
import {
  cutContext,
  dueSteps,
  fill,
  listItems,
  missingVars,
  pickDefault,
  type PipelineRun,
  type StepRun,
} from '../../src/pipelines/run.js';
import { answerIn, answerOf, diffSummary } from '../../src/pipelines/agent-turn.js';

const step = (id: string, extra: Partial<StepDef> = {}): StepDef => ({
  id,
  agent: { command: 'x' },
  worktree: false,
  prompt: 'p',
  prompt_as: 'typed',
  timeout_ms: 1000,
  depends_on: [],
  ...extra,
});
const def = (steps: StepDef[]): PipelineDef => ({
  id: 'd',
  strategy: 'chain',
  steps,
  merge: { kind: 'concatenate', finish: false },
  context: { sources: [], max_chars: 100 },
  max_agents: 2,
});
const run = (steps: StepRun[], vars: Record<string, string> = {}): PipelineRun => ({
  id: 'p1',
  pipeline: 'd',
  vars,
  cwd: '/',
  status: 'running',
  started_at: 0,
  order: steps.map((s) => s.key),
  steps: Object.fromEntries(steps.map((s) => [s.key, s])),
});
const sr = (key: string, extra: Partial<StepRun> = {}): StepRun => ({
  key,
  step: key.replace(/\[\d+\]$/, ''),
  state: 'done',
  ...extra,
});

describe('what a pipeline run does next (pure)', () => {
  it.each([
    ['nothing made yet: the steps with no dependency', [], ['a']],
    ['a done: b is due', [sr('a')], ['b']],
    ['a working: nothing', [sr('a', { state: 'working' })], []],
    ['all of a fanned-out step done: b is due', [sr('a[1]'), sr('a[2]')], ['b']],
    ['one of them still working: nothing', [sr('a[1]'), sr('a[2]', { state: 'checking' })], []],
  ] as Array<[string, StepRun[], string[]]>)('%s', (_, made, due) => {
    const d = def([step('a'), step('b', { depends_on: ['a'] })]);
    expect(dueSteps(run(made), d).due.map((s) => s.id)).toEqual(due);
  });

  it('a step whose dependencies all failed cannot start: it fails with why', () => {
    const d = def([step('a'), step('b', { depends_on: ['a'] })]);
    const r = dueSteps(run([sr('a', { state: 'failed' })]), d);
    expect(r.due).toEqual([]);
    expect(r.failed.map(([s, why]) => `${s.id}: ${why}`)).toEqual(['b: a did not finish well']);
  });

  it.each([
    ['- one\n- two', ['one', 'two']],
    ['1. one\n2) two\n* three', ['one', 'two', 'three']],
    ['Here:\n- one\nthanks', ['one']],
    ['plain\n\nlines', ['plain', 'lines']],
  ])('the items of %j', (text, items) => expect(listItems(text)).toEqual(items));

  it('fills variables, step results (a fanned-out step under its keys) and leaves unknown ones', () => {
    const r = run(
      [
        sr('plan', { answer: 'do X' }),
        sr('impl[1]', { item: 'a', answer: 'A' }),
        sr('impl[2]', { item: 'b', answer: 'B', diff: { files: 1, added: 2, removed: 0 } }),
      ],
      { task: 'T' },
    );
    expect(fill('${task}: ${plan.result} / ${item} / ${nope}', r, { item: 'i' })).toBe(
      'T: do X / i / ${nope}',
    );
    expect(fill('${impl.result}', r, {})).toBe('## impl[1]: a\nA\n\n## impl[2]: b\nB');
    expect(fill('${impl.diff}', r, {})).toContain('1 file, +2 -0');
  });

  it('says which variables a run lacks before it starts (prompts and checks)', () => {
    const d = def([
      step('a', { prompt: '${task} ${item} ${context}', check: '${test}' }),
      step('b', { prompt: '${a.result} ${zz.result}' }),
    ]);
    expect(missingVars(d, { task: 't' })).toEqual(['test', 'zz.result']);
  });

  it.each([
    [
      'the passing check with the smallest change',
      [
        sr('a', { check: { code: 0, output: '' }, diff: { files: 2, added: 9, removed: 0 } }),
        sr('b', { check: { code: 0, output: '' }, diff: { files: 1, added: 1, removed: 1 } }),
        sr('c', { check: { code: 1, output: '' }, diff: { files: 0, added: 0, removed: 0 } }),
      ],
      'b',
    ],
    [
      'no check passed: none',
      [sr('a', { check: { code: 1, output: '' } }), sr('b', { state: 'failed' })],
      null,
    ],
    [
      'no checks at all: the smallest change among those done',
      [
        sr('a', { diff: { files: 1, added: 5, removed: 0 } }),
        sr('b', { diff: { files: 1, added: 1, removed: 0 } }),
        sr('c', { state: 'failed' }),
      ],
      'b',
    ],
    [
      'a step that changed nothing (its tool call declined, the check passing as before) only when none that did passed',
      [
        sr('a', { check: { code: 0, output: '' }, diff: { files: 1, added: 5, removed: 1 } }),
        sr('b', { check: { code: 0, output: '' }, diff: { files: 0, added: 0, removed: 0 } }),
        sr('c', { check: { code: 0, output: '' }, diff: { files: 1, added: 3, removed: 1 } }),
      ],
      'c',
    ],
    [
      'nothing changed anywhere: the first to finish',
      [
        sr('a', { check: { code: 0, output: '' }, diff: { files: 0, added: 0, removed: 0 }, ended_at: 9 }),
        sr('b', { check: { code: 1, output: '' }, diff: { files: 1, added: 1, removed: 0 }, ended_at: 1 }),
      ],
      'a',
    ],
    ['equal: the first to finish', [sr('a', { ended_at: 9 }), sr('b', { ended_at: 3 })], 'b'],
  ] as Array<[string, StepRun[], string | null]>)('pick_best by default: %s', (_, results, key) => {
    expect(pickDefault(results)?.key ?? null).toBe(key);
  });

  it('cuts the context by priority, then to the limit', () => {
    const parts = [
      { source: { text: 'low', priority: 1 }, text: 'L'.repeat(50) },
      { source: { text: 'high', priority: 5 }, text: 'H'.repeat(50) },
    ];
    expect(cutContext('S', parts, 200)).toBe(`S\n\n${'L'.repeat(50)}\n\n${'H'.repeat(50)}`);
    expect(cutContext('S', parts, 60)).toBe(`S\n\n${'H'.repeat(50)}`);
    expect(cutContext(undefined, parts, 20)).toBe(`${'H'.repeat(19)}…`);
  });

  it("reads the answer after the prompt's echo, and a diff's size", () => {
    expect(answerOf(['old', '> fix the bug please', 'done it', 'all good'], 'fix the bug please')).toBe(
      'done it\nall good',
    );
    // A full-screen CLI (as Claude Code draws): its input box and working lines are not the answer.
    const screen = [
      '❯ write answer.txt forty-two',
      '● Write(answer.txt)',
      '  ⎿  Wrote 1 line to answer.txt',
      '● wrote answer.txt',
      '',
      '✶ Photosynthesizing… (running Stop hook · 2s · ↓ 10 tokens)',
      '                                   ◐ medium · /effort',
      '─'.repeat(60),
      '❯ ',
      '─'.repeat(60),
      '  ⏵⏵ accept edits on (shift+tab to cycle)',
    ];
    expect(answerOf(screen, 'write answer.txt forty-two')).toBe(
      '● Write(answer.txt)\n  ⎿  Wrote 1 line to answer.txt\n● wrote answer.txt',
    );
    // Claude Code 2.1.331 pins notices over its box, blank rows between them and its transcript.
    const pinned = [
      '❯ write answer.txt',
      '● Done: answer.txt holds the answer.',
      '',
      '✻ Cooked for 1s · done 12:02 AM',
      '',
      '',
      '',
      "        tmux focus-events off · add 'set -g focus-events on' to ~/.tmux.conf and reattach",
      '─'.repeat(60),
      '❯ ',
      '─'.repeat(60),
    ];
    expect(answerOf(pinned, 'write answer.txt')).toBe('● Done: answer.txt holds the answer.');
    // Where the prompt went in was read off a screen caught mid-redraw (the cursor on its footer):
    // that part holds no echo, so the answer is read from the start, never the footer.
    const drawn = [...pinned, '  ? for shortcuts'];
    expect(answerIn(drawn, drawn.length - 1, drawn.length, 'write answer.txt')).toBe(
      '● Done: answer.txt holds the answer.',
    );
    expect(answerIn(['❯ go', 'old', '❯ go', 'new'], 2, 4, 'go')).toBe('new');
    // (A blank row inside the answer is the answer's.)
    expect(answerOf(['❯ go', 'one', '', 'two', '─'.repeat(60), '❯ '], 'go')).toBe('one\n\ntwo');
    // An older copy of the prompt (a redrawn screen) and a prompt of two lines: after the newest echo.
    expect(
      answerOf(
        [
          '❯ Work here.',
          '  write a.txt x',
          '─'.repeat(40),
          '❯ Work here.',
          '  write a.txt x',
          '● Write(a.txt)',
          '● wrote a.txt',
        ],
        'Work here.\nwrite a.txt x',
      ),
    ).toBe('● Write(a.txt)\n● wrote a.txt');
    expect(
      diffSummary('diff --git a/x b/x\n--- a/x\n+++ b/x\n-a\n+b\n+c\ndiff --git a/y b/y\n+++ b/y\n+d'),
    ).toEqual({ files: 2, added: 3, removed: 1 });
  });
});
