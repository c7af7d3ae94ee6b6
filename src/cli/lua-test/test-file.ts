import fs from 'node:fs';
import path from 'node:path';
import { LuaEngine } from '../../lua/engine/index.js';
import { PACKAGE_ROOT } from '../../reload/paths.js';
import { matchGolden, type GoldenAnswer } from './golden.js';
import type { FrameRequest } from './fixture-frame.js';

// One *_test.lua file: loaded after lua/testing/harness.lua in a Lua state of its own, then each
// `it` driven step by step (the harness's __test.step): what a test asks for (a
// frame, a golden comparison) is answered here, between steps.

export interface TestResult {
  name: string;
  outcome: 'passed' | 'failed' | 'pending';
  /** file:line: message, for a failure. */
  message?: string;
  /** Golden files written (--update, or new). */
  wrote: string[];
}

export interface FileRun {
  /** The file as named in messages (relative to the working directory). */
  shown: string;
  results: TestResult[];
  /** The file did not load (syntax error, an error outside any `it`): file:line: message. */
  error?: string;
}

export interface FileOptions {
  update: boolean;
  /** Renders a frame for the file's hub fixture. */
  frame: (req: FrameRequest) => Promise<string>;
  /** What the file's Lua prints. */
  print: (text: string) => void;
}

type Step =
  | { kind: 'ask'; request: Ask }
  | { kind: 'passed' }
  | { kind: 'pending' }
  | { kind: 'failed'; message: string };
type Ask = { kind: 'frame'; opts: FrameRequest } | { kind: 'golden'; name: string; text: string };
/** What a step is resumed with: the frame, a golden comparison's outcome, or an error to raise. */
type Answer = { frame: string } | { error: string } | GoldenAnswer;

// A test's Lua may take its time between frames; a runaway loop is still stopped.
const BUDGET_MS = 10_000;
let harness: string | undefined;

export async function runTestFile(file: string, opts: FileOptions): Promise<FileRun> {
  const shown = path.relative(process.cwd(), file) || file;
  const run: FileRun = { shown, results: [] };
  harness ??= fs.readFileSync(path.join(PACKAGE_ROOT, 'lua/testing/harness.lua'), 'utf8');
  const engine = await LuaEngine.create({ print: opts.print, defaultBudgetMs: BUDGET_MS });
  try {
    engine.run(harness, 'lua/testing/harness.lua');
    try {
      engine.run(fs.readFileSync(file, 'utf8'), shown);
    } catch (err) {
      run.error = (err as Error).message;
      return run;
    }
    const count = Number(engine.call('__test.count')[0]);
    for (let i = 1; i <= count; i++) {
      const name = String(engine.call('__test.name', [i])[0]);
      const result: TestResult = { name, outcome: 'passed', wrote: [] };
      let answer: Answer | undefined = undefined;
      for (;;) {
        let step: Step;
        try {
          step = engine.call('__test.step', [i, answer])[0] as Step;
        } catch (err) {
          step = { kind: 'failed', message: (err as Error).message };
        }
        if (step.kind !== 'ask') {
          result.outcome = step.kind;
          if (step.kind === 'failed') result.message = step.message;
          break;
        }
        answer = await answerAsk(step.request, file, opts, result);
      }
      run.results.push(result);
    }
    return run;
  } finally {
    engine.close();
  }
}

async function answerAsk(ask: Ask, file: string, opts: FileOptions, result: TestResult): Promise<Answer> {
  if (ask.kind === 'golden') {
    const answer = matchGolden(file, ask.name, String(ask.text), opts.update);
    if (answer.ok && answer.wrote) result.wrote.push(ask.name);
    return answer;
  }
  try {
    return { frame: await opts.frame(ask.opts ?? {}) };
  } catch (err) {
    return { error: `hub:frame: ${(err as Error).message}` };
  }
}
