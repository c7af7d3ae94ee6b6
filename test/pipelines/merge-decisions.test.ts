import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LuaEngine } from '../../src/lua/engine/index.js';

// The merge kinds' decisions as the hub gets them (lua/core/pipelines_merge.lua's ctx, the shipped kinds
// of lua/default/merges.lua), in a real Lua engine on plain run data; the runs that carry them
// out with real agents are in pipelines-e2e.test.ts and merge-kinds.test.ts.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let engine: LuaEngine;
beforeAll(async () => {
  engine = await LuaEngine.create();
  for (const f of [
    'lua/core/json.lua',
    'lua/core/pipelines.lua',
    'lua/core/pipelines_merge.lua',
    'lua/default/merges.lua',
  ])
    engine.run(fs.readFileSync(path.join(ROOT, f), 'utf8'), f);
});
afterAll(() => engine.close());

const res = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  step: key,
  state: 'done',
  answer: `${key} says`,
  ...extra,
});
const merge = (kind: string, run: Record<string, unknown>) =>
  engine.call('__botster.pipeline_merge', [kind, { id: 'p1', pipeline: 'x', ...run }])[0];

describe('the shipped merge kinds decide', () => {
  it('concatenate: one answer alone, several under their names; a step that did not finish well fails the run, the text kept', () => {
    expect(merge('concatenate', { results: [res('a')] })).toEqual({ done: true, text: 'a says' });
    expect(
      merge('concatenate', {
        results: [
          res('a', { agent: 'x-a' }),
          res('b', { check: { code: 1, output: '' } }),
          res('c', { state: 'failed' }),
        ],
      }),
    ).toEqual({ fail: 'b, c did not finish well', text: '## a (x-a)\na says\n\n## b\nb says' });
    expect(merge('concatenate', { results: [res('a', { state: 'failed' })] })).toEqual({
      fail: 'no step finished well',
    });
  });

  it("pick_best: the hub's pick, or the criterion's; a criterion answering no result's number fails", () => {
    expect(merge('pick_best', { results: [res('a'), res('b')], default_pick: 2 })).toEqual({ keep: 'b' });
    expect(merge('pick_best', { results: [res('a'), res('b')], has_criterion: true, criterion: 1 })).toEqual({
      keep: 'a',
    });
    expect(merge('pick_best', { results: [res('a')], has_criterion: true, criterion: 'a' })).toEqual({
      fail: 'the criterion returned "a", not the number of a result (1-1)',
    });
    expect(merge('pick_best', { results: [res('a', { check: { code: 1, output: '' } })] })).toEqual({
      fail: 'no step passed its check',
    });
  });

  it('summarize runs its step with the results, then its answer is the result; choose offers the finished ones', () => {
    const results = [res('a'), res('b', { state: 'failed' })];
    expect(merge('summarize', { results, has_step: true })).toEqual({
      run_step: { results: '## a\na says' },
    });
    expect(
      merge('summarize', { results, has_step: true, merge_step: res('summary', { answer: 'short' }) }),
    ).toEqual({
      done: true,
      text: 'short',
    });
    expect(
      merge('summarize', {
        results,
        has_step: true,
        merge_step: res('summary', { state: 'failed', reason: 'gone' }),
      }),
    ).toEqual({ fail: 'the summary failed: gone' });
    expect(merge('choose', { results: [res('a'), res('b', { state: 'failed' }), res('c')] })).toEqual({
      choose: ['a', 'c'],
    });
  });
});

describe('a merge kind of your own', () => {
  const kind = (name: string, body: string) =>
    engine.run(`pipelines.merge_kind("${name}", function(run, ctx)\n${body}\nend)`, `user/${name}.lua`);

  it('is named among the kinds; a misuse of ctx is an error at its line', () => {
    kind('twice', 'ctx.done("x")\nctx.fail("y")');
    kind('stranger', 'ctx.keep("zz")');
    kind('unfinished', 'ctx.choose({ run.results[1] })');
    expect(engine.call('pipelines.merge_kinds')[0]).toEqual([
      'choose',
      'concatenate',
      'pick_best',
      'stranger',
      'summarize',
      'twice',
      'unfinished',
    ]);
    expect(() => merge('twice', { results: [res('a')] })).toThrow(
      'user/twice.lua:3: ctx.fail: this merge already decided (ctx.done)',
    );
    expect(() => merge('stranger', { results: [res('a')] })).toThrow(
      "user/stranger.lua:2: ctx.keep: zz is not one of the run's last results",
    );
    expect(() => merge('unfinished', { results: [res('a', { state: 'failed' })] })).toThrow(
      'user/unfinished.lua:2: ctx.choose: a did not finish (failed)',
    );
    expect(() => merge('nope', {})).toThrow('no merge kind nope (known: choose, concatenate, pick_best');
  });

  it('pipelines.define refuses a kind it does not know, and asks a kind that needs a step for one', () => {
    const define = (merge: string) => () =>
      engine.run(
        `pipelines.define{ id = "d", strategy = { kind = "parallel", merge = ${merge}, branches = { { command = "x", prompt = "p" } } } }`,
        'user/d.lua',
      );
    expect(define('"longest"')).toThrow(
      /^user\/d\.lua:1: pipelines\.define: strategy\.merge must be a merge kind \(choose, concatenate, pick_best, .*\), got longest$/,
    );
    expect(define('"summarize"')).toThrow(
      'user/d.lua:1: pipelines.define: strategy.merge: summarize needs a step (who summarizes, with ${results} in its prompt)',
    );
    kind('longest', 'ctx.done("")');
    expect(define('"longest"')).not.toThrow();
  });
});
