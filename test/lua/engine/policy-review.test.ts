import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  defaultPolicy,
  reviewChange,
  type Change,
  type ChangeBinding,
  type Decision,
  type PipelineChange,
  type PipelineStepFacts,
} from '../../../src/lua/runtime/policy-review.js';

const USER = 'user/policy.lua';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-policy-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function change(over: Partial<Change> = {}): Change {
  return {
    name: 'demo',
    agent_id: 'agent-1',
    source: '-- improvement',
    bindings: [],
    commands: [],
    hooks: [],
    replaces: [],
    unbinds: [],
    ...over,
  };
}

function bind(mode: string, key: string, action = 'agent.next'): ChangeBinding {
  return { mode, key, action, desc: '' };
}

function user(source: string): { source: string; name: string } {
  return { source, name: USER };
}

/** Every decision, whatever it is, must be well-formed. */
function wellFormed(d: Decision): Decision {
  expect(['autonomous', 'collaborative', 'escalated']).toContain(d.decision);
  expect(d.confidence).toBeGreaterThanOrEqual(0);
  expect(d.confidence).toBeLessThanOrEqual(1);
  expect(d.reasoning.trim()).not.toBe('');
  return d;
}

async function byDefault(c: Change): Promise<Decision> {
  return wellFormed(await reviewChange(null, c));
}

async function failsClosed(source: string, c: Change = change()): Promise<Decision> {
  const d = wellFormed(await reviewChange(user(source), c));
  expect(d).toMatchObject({ decision: 'escalated', confidence: 1, rule: 'fail-closed' });
  return d;
}

describe('default policy', () => {
  test('only new bindings, commands and hooks: autonomous, and the reasoning says what it adds', async () => {
    const d = await byDefault(
      change({
        bindings: [bind('normal', 'g x'), bind('insert', 'alt+x', '<function>')],
        commands: [{ id: 'demo.hello', desc: 'Say hello' }],
        hooks: [{ event: 'agent_exited', name: 'notify' }],
      }),
    );
    expect(d).toMatchObject({ decision: 'autonomous', rule: 'new-only' });
    expect(d.reasoning).toContain('normal "g x"');
    expect(d.reasoning).toContain('demo.hello');
    expect(d.reasoning).toContain('agent_exited');
  });

  test("overriding a built-in, shipped or user command is collaborative; another improvement's is not", async () => {
    for (const layer of ['builtin', 'default', 'user'] as const) {
      const d = await byDefault(
        change({
          commands: [{ id: 'agent.next', desc: 'x' }],
          overrides: [{ id: 'agent.next', source: layer === 'builtin' ? 'builtin' : 'x.lua:1', layer }],
        }),
      );
      expect(d).toMatchObject({ decision: 'collaborative', rule: 'overrides-command' });
      expect(d.reasoning).toContain('agent.next');
    }
    const other = await byDefault(
      change({
        commands: [{ id: 'demo.x', desc: 'x' }],
        overrides: [{ id: 'demo.x', source: 'improvements/o.lua', layer: 'improvement' }],
      }),
    );
    expect(other).toMatchObject({ decision: 'autonomous' });
  });

  test('a change that registers nothing is autonomous', async () => {
    const d = await byDefault(change());
    expect(d.decision).toBe('autonomous');
    expect(d.reasoning).toContain('registers nothing');
  });

  test('replacing a binding of another improvement stays autonomous (revertible)', async () => {
    const d = await byDefault(
      change({
        bindings: [bind('normal', 'g x')],
        replaces: [{ mode: 'normal', key: 'g x', source: 'improvements/other.lua:3', layer: 'improvement' }],
      }),
    );
    expect(d).toMatchObject({ decision: 'autonomous', rule: 'replaces-improvement-binding' });
    expect(d.reasoning).toContain('improvements/other.lua:3');
  });

  test("replacing a binding from the user's own files: collaborative, naming where it was bound", async () => {
    const d = await byDefault(
      change({
        bindings: [bind('normal', 'q')],
        replaces: [{ mode: 'normal', key: 'q', source: 'user/keybindings.lua:7', layer: 'user' }],
      }),
    );
    expect(d).toMatchObject({ decision: 'collaborative', rule: 'replaces-user-binding' });
    expect(d.reasoning).toContain('user/keybindings.lua:7');
    expect(d.reasoning).toContain('normal "q"');
  });

  test('unbinding a user binding: collaborative', async () => {
    const d = await byDefault(
      change({
        unbinds: [{ mode: 'normal', key: 'w' }],
        replaces: [{ mode: 'normal', key: 'w', source: 'user/keybindings.lua:2', layer: 'user' }],
      }),
    );
    expect(d).toMatchObject({ decision: 'collaborative', rule: 'replaces-user-binding' });
  });

  test('an unbind the hub placed is judged by the layer it removes from', async () => {
    const d = await byDefault(
      change({
        unbinds: [{ mode: 'normal', key: 'g x' }],
        replaces: [{ mode: 'normal', key: 'g x', source: 'improvements/other.lua:1', layer: 'improvement' }],
      }),
    );
    expect(d.decision).toBe('autonomous');
  });

  test('replacing a shipped binding, or an unbind the hub could not place: collaborative', async () => {
    const shipped = await byDefault(
      change({
        bindings: [bind('normal', 'j', 'agent.prev')],
        replaces: [{ mode: 'normal', key: 'j', source: 'keybindings/normal.lua:4', layer: 'default' }],
      }),
    );
    expect(shipped).toMatchObject({ decision: 'collaborative', rule: 'replaces-shipped-binding' });
    const unknown = await byDefault(change({ unbinds: [{ mode: 'normal', key: 'x' }] }));
    expect(unknown).toMatchObject({ decision: 'collaborative', rule: 'replaces-shipped-binding' });
    expect(unknown.reasoning).toContain('unbinds normal "x"');
  });

  test.each(['ctrl+c', 'ctrl+d', 'ctrl+z', 'ctrl+\\'])(
    'binding %s in insert mode: escalated',
    async (key) => {
      const d = await byDefault(change({ bindings: [bind('normal', 'g x'), bind('insert', key)] }));
      expect(d).toMatchObject({ decision: 'escalated', rule: 'reserved-key' });
      expect(d.reasoning).toContain(`insert "${key}"`);
    },
  );

  test('a sequence starting with a reserved key, or a non-canonical spelling of one, is escalated too', async () => {
    expect((await byDefault(change({ bindings: [bind('insert', 'ctrl+c x')] }))).decision).toBe('escalated');
    expect((await byDefault(change({ bindings: [bind('insert', 'Ctrl+Shift+C')] }))).decision).toBe(
      'escalated',
    );
  });

  test('the same keys in normal mode (which never reaches the agent) are fine', async () => {
    const d = await byDefault(
      change({
        bindings: [bind('normal', 'ctrl+c'), bind('normal', 'ctrl+g'), bind('insert', 'ctrl+alt+c')],
      }),
    );
    expect(d.decision).toBe('autonomous');
  });

  test('binding ctrl+g (or a sequence starting with it) in insert mode: escalated', async () => {
    for (const key of ['ctrl+g', 'ctrl+g x']) {
      const d = await byDefault(change({ bindings: [bind('insert', key)] }));
      expect(d).toMatchObject({ decision: 'escalated', rule: 'way-out' });
      expect(d.reasoning).toContain('way out');
    }
  });

  test('unbinding ctrl+g in insert mode, or replacing it: escalated', async () => {
    const unbind = await byDefault(change({ unbinds: [{ mode: 'insert', key: 'ctrl+g' }] }));
    expect(unbind).toMatchObject({ decision: 'escalated', rule: 'way-out' });
    expect(unbind.reasoning).toContain('unbinds insert "ctrl+g"');
    const replace = await byDefault(
      change({
        bindings: [bind('insert', 'ctrl+g', 'quit')],
        replaces: [{ mode: 'insert', key: 'ctrl+g', source: '(built in)', layer: 'builtin' }],
      }),
    );
    expect(replace.decision).toBe('escalated');
  });

  test('escalation wins over the other rules', async () => {
    const d = await byDefault(
      change({
        bindings: [bind('normal', 'q'), bind('insert', 'ctrl+d')],
        replaces: [{ mode: 'normal', key: 'q', source: 'user/keybindings.lua:1', layer: 'user' }],
      }),
    );
    expect(d.decision).toBe('escalated');
  });

  test('null and defaultPolicy() are the shipped file; a user copy of it decides the same', async () => {
    const def = defaultPolicy();
    expect(def.name).toBe('lua/default/policy.lua');
    expect(def.source).toContain('function review(change)');
    const c = change({ bindings: [bind('insert', 'ctrl+z')] });
    const viaNull = await reviewChange(null, c);
    expect(await reviewChange(def, c)).toEqual(viaNull);
    expect(await reviewChange(user(def.source), c)).toEqual(viaNull);
  });

  test('a large improvement source fits in the memory the review gets', async () => {
    const d = await byDefault(
      change({ source: '-- ' + 'x'.repeat(900_000), bindings: [bind('normal', 'g y')] }),
    );
    expect(d.decision).toBe('autonomous');
  });
});

function step(id: string, over: Partial<PipelineStepFacts> = {}): PipelineStepFacts {
  return {
    id,
    command: 'claude',
    worktree: false,
    cwd: null,
    prompt: 'do it',
    prompt_as: 'typed',
    check: null,
    depends_on: [],
    fans_out: false,
    ...over,
  };
}

function pipeline(steps: PipelineStepFacts[], over: Partial<PipelineChange> = {}): PipelineChange {
  const runs = steps.flatMap((s) => (s.check ? [s.check] : []));
  return {
    kind: 'pipeline',
    name: 'demo-run',
    agent_id: '7',
    agent_name: 'planner',
    source: 'pipelines.define{...}',
    pipeline: {
      id: 'demo-run',
      description: null,
      file: '/repo/demo.lua',
      cwd: '/repo',
      vars: {},
      strategy: steps.length > 1 ? 'parallel' : 'single',
      merge: { kind: 'pick_best', finish: true },
      max_agents: 2,
      steps,
      runs,
    },
    ...over,
  };
}

describe('default policy on a pipeline run an agent asks for (change.kind == "pipeline")', () => {
  // Every run is the user's to decide: it starts agents and types into them. The reasoning says
  // what it would start and run.
  test.each([
    {
      what: 'one step, no check',
      c: pipeline([step('only')]),
      says: ['planner asks to run pipeline demo-run', '1 step (claude)', 'at most 2 at once'],
    },
    {
      what: 'three branches in worktrees with checks',
      c: pipeline([
        step('a', { worktree: true, check: 'npm test' }),
        step('b', { worktree: true, command: 'codex', check: 'npm test' }),
        step('c', { worktree: true, profile: 'fast', command: undefined }),
      ]),
      says: ['3 steps (claude, codex, fast)', '3 in worktrees of their own', 'runs `npm test`, `npm test`'],
    },
    {
      what: 'a fan-out step',
      c: pipeline([step('list'), step('each', { fans_out: true, depends_on: ['list'] })]),
      says: ['claude (once per item)'],
    },
    {
      what: 'an agent the hub does not know',
      c: pipeline([step('only')], { agent_id: null, agent_name: null }),
      says: ['an agent asks to run pipeline demo-run'],
    },
    {
      what: 'an agent known by id only',
      c: pipeline([step('only')], { agent_name: null }),
      says: ['7 asks to run pipeline demo-run'],
    },
  ])('$what: collaborative (rule pipeline-run)', async ({ c, says }) => {
    const d = wellFormed(await reviewChange(null, c));
    expect(d).toMatchObject({ decision: 'collaborative', rule: 'pipeline-run' });
    for (const text of says) expect(d.reasoning).toContain(text);
    expect(d.reasoning).toContain('it starts agents and types into them');
  });

  test('an improvement is still reviewed by the improvement rules, with kind or without', async () => {
    for (const kind of ['improvement', undefined] as const) {
      expect(await byDefault(change({ kind, bindings: [bind('insert', 'ctrl+c')] }))).toMatchObject({
        decision: 'escalated',
        rule: 'reserved-key',
      });
      expect(await byDefault(change({ kind, bindings: [bind('normal', 'g x')] }))).toMatchObject({
        decision: 'autonomous',
        rule: 'new-only',
      });
    }
  });

  test('a user policy tells them apart by kind and sees the steps as data', async () => {
    const src = `
      function review(change)
        if change.kind == "pipeline" then
          local p = change.pipeline
          if #p.runs == 0 and p.steps[1].command == "claude" then
            return { decision = "autonomous", confidence = 1, reasoning = change.agent_name .. " may run " .. p.id }
          end
          return { decision = "escalated", confidence = 1, reasoning = "runs " .. table.concat(p.runs, ", ") }
        end
        return { decision = "collaborative", confidence = 1, reasoning = "improvement " .. change.name }
      end`;
    expect(await reviewChange(user(src), pipeline([step('only')]))).toMatchObject({
      decision: 'autonomous',
      reasoning: 'planner may run demo-run',
    });
    expect(await reviewChange(user(src), pipeline([step('only', { check: 'rm -rf build' })]))).toMatchObject({
      decision: 'escalated',
      reasoning: 'runs rm -rf build',
    });
    expect(await reviewChange(user(src), change({ kind: 'improvement' }))).toMatchObject({
      decision: 'collaborative',
      reasoning: 'improvement demo',
    });
  });

  test('a policy that errors on a pipeline run fails closed', async () => {
    const d = await reviewChange(
      user('function review(change) return change.bindings[1].key end'),
      pipeline([step('x')]),
    );
    expect(d).toMatchObject({ decision: 'escalated', rule: 'fail-closed' });
  });
});

describe('user policy', () => {
  test('overrides the default decision and sees the change as data', async () => {
    const src = `
      function review(change)
        if change.agent_id == "agent-1" and change.bindings[1].key == "ctrl+c" then
          return { decision = "autonomous", confidence = 0.7, reasoning = "I trust " .. change.agent_id .. " with " .. change.name, rule = "trust" }
        end
        return { decision = "collaborative", confidence = 0.5, reasoning = "ask me" }
      end`;
    const c = change({ bindings: [bind('insert', 'ctrl+c')] });
    expect((await reviewChange(null, c)).decision).toBe('escalated');
    expect(await reviewChange(user(src), c)).toEqual({
      decision: 'autonomous',
      confidence: 0.7,
      reasoning: 'I trust agent-1 with demo',
      rule: 'trust',
    });
    expect(
      await reviewChange(user(src), change({ agent_id: null, bindings: [bind('normal', 'x')] })),
    ).toEqual({
      decision: 'collaborative',
      confidence: 0.5,
      reasoning: 'ask me',
    });
  });

  test('grants an improvement what it may reach outside (net with hosts, run with commands, git); nothing by default', async () => {
    const src = `function review(change)
        local uses = table.concat(change.uses or {}, ",")
        if uses == "http" then return { decision = "autonomous", confidence = 1, reasoning = "ntfy only", grant = { net = { "ntfy.sh" } } } end
        return { decision = "autonomous", confidence = 1, reasoning = "all", grant = { net = { "*.example.com" }, run = { "gh" }, git = true } }
      end`;
    expect(await reviewChange(user(src), change({ uses: ['http'] }))).toMatchObject({
      reasoning: 'ntfy only',
      grant: { granted: ['net'], hosts: ['ntfy.sh'], commands: [] },
    });
    expect((await reviewChange(user(src), change({ uses: ['http', 'git'] }))).grant).toEqual({
      granted: ['net', 'run', 'git'],
      hosts: ['*.example.com'],
      commands: ['gh'],
    });
    expect((await reviewChange(null, change({ uses: ['http'] }))).grant).toBeUndefined();
    for (const [grant, msg] of [
      ['{ files = true }', 'returned grant.files (a policy grants net, run and git)'],
      ['{ net = { "https://x/" } }', 'returned grant.net with "https://x/", which is not a host name'],
      ['{ run = "gh" }', 'returned grant.run that is not a list of commands'],
    ]) {
      const bad = `function review() return { decision = "autonomous", confidence = 1, reasoning = "x", grant = ${grant} } end`;
      expect(await reviewChange(user(bad), change())).toMatchObject({
        decision: 'escalated',
        reasoning: expect.stringContaining(msg),
      });
    }
  });

  test('each review starts from a fresh engine: nothing carries over', async () => {
    const src = `calls = (calls or 0) + 1
      function review() return { decision = "autonomous", confidence = 1, reasoning = "call " .. calls } end`;
    expect((await reviewChange(user(src), change())).reasoning).toBe('call 1');
    expect((await reviewChange(user(src), change())).reasoning).toBe('call 1');
  });
});

describe('fails closed', () => {
  const ok = 'return { decision = "autonomous", confidence = 1, reasoning = "fine" }';

  test('syntax error: reasoning is user/policy.lua:N: ...', async () => {
    const d = await failsClosed(`function review(change)\n  ${ok}\nend\nlocal x = = 1\n`);
    expect(d.reasoning).toMatch(/^user\/policy\.lua:4: /);
  });

  test('runtime error at load and inside review: file:line', async () => {
    expect(
      (await failsClosed(`local t = nil\nlocal x = t.field\nfunction review() ${ok} end`)).reasoning,
    ).toMatch(/^user\/policy\.lua:2: .*index a nil value/);
    expect(
      (await failsClosed(`function review(change)\n  return change.nothing.here\nend`)).reasoning,
    ).toMatch(/^user\/policy\.lua:2: /);
    expect((await failsClosed(`function review() error({ "an error object" }) end`)).reasoning).toMatch(
      /^user\/policy\.lua: /,
    );
  });

  test('infinite loop (even one that pcall tries to swallow) is stopped by the budget', async () => {
    const inReview = await failsClosed(`function review()\n  while true do end\nend`);
    expect(inReview.reasoning).toMatch(/^user\/policy\.lua:2: stopped after 50 ms/);
    const atLoad = await failsClosed(`while true do pcall(function() while true do end end) end`);
    expect(atLoad.reasoning).toMatch(/^user\/policy\.lua:1: stopped after/);
  });

  test('no review function, or review that is not a function', async () => {
    expect((await failsClosed('local x = 1')).reasoning).toMatch(
      /^user\/policy\.lua: does not define a global function review/,
    );
    expect((await failsClosed('review = 42')).reasoning).toContain(
      'does not define a global function review',
    );
    expect((await failsClosed(`local function review() ${ok} end`)).reasoning).toContain(
      'does not define a global function review',
    );
  });

  test('returning something other than a decision table', async () => {
    expect((await failsClosed(`\nfunction review() return "autonomous" end`)).reasoning).toMatch(
      /^user\/policy\.lua:2: review\(\) returned a string "autonomous"/,
    );
    expect((await failsClosed('function review() end')).reasoning).toContain('returned nil');
    expect((await failsClosed('function review() return { "autonomous", 1, "x" } end')).reasoning).toContain(
      'returned a list',
    );
  });

  test('decision not in the set', async () => {
    for (const bad of ['"yes"', '"Autonomous"', '1', 'nil']) {
      const d = await failsClosed(
        `function review() return { decision = ${bad}, confidence = 0.5, reasoning = "r" } end`,
      );
      expect(d.reasoning).toContain('returned decision');
    }
  });

  test('confidence out of range or not a number', async () => {
    for (const bad of ['1.5', '-0.1', '0/0', 'math.huge', '"0.9"', 'nil']) {
      const d = await failsClosed(
        `function review() return { decision = "autonomous", confidence = ${bad}, reasoning = "r" } end`,
      );
      expect(d.reasoning).toContain('returned confidence');
    }
  });

  test('missing or empty reasoning', async () => {
    for (const bad of ['nil', '""', '"   "', '42']) {
      const d = await failsClosed(
        `function review() return { decision = "autonomous", confidence = 1, reasoning = ${bad} } end`,
      );
      expect(d.reasoning).toContain('returned reasoning');
    }
  });

  test('memory bomb (in review and at load) hits the memory limit, not the host', async () => {
    const strings = await failsClosed(
      `function review()\n  local s = "x"\n  for i = 1, 40 do s = s .. s end\nend`,
    );
    expect(strings.reasoning).toMatch(/^user\/policy\.lua(:\d+)?: ran out of memory/);
    const tables = await failsClosed(`local t = {}\nfor i = 1, 1e9 do t[i] = { i, i, i } end`, change());
    expect(tables.reasoning).toMatch(/ran out of memory|stopped after/);
  });

  test('the sandbox holds: io.open and os.execute fail closed and touch nothing', async () => {
    const target = path.join(tmp, 'pwned');
    const viaIo = await failsClosed(
      `function review()\n  io.open(${JSON.stringify(target)}, "w"):write("x")\n  ${ok}\nend`,
    );
    expect(viaIo.reasoning).toMatch(/^user\/policy\.lua:2: .*'io'/);
    const viaOs = await failsClosed(`os.execute("touch ${target}")\nfunction review() ${ok} end`);
    expect(viaOs.reasoning).toMatch(/^user\/policy\.lua:1: .*execute/);
    const viaRequire = await failsClosed(`local io = require("io")\nfunction review() ${ok} end`);
    expect(viaRequire.reasoning).toContain('require');
    expect(fs.existsSync(target)).toBe(false);
  });
});
