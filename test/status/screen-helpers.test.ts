// lua/core/status.lua: the screen helpers adapters use, status.adapter's checks, and how
// __botster.detect_status asks adapters (order, errors, explain), through the real runtime.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LuaEngine } from '../../src/lua/engine/index.js';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { CORE } from '../../src/reload/config-files.js';
import { detect, repoRoot, screenOf, shippedRuntime } from '../support/status.js';

let engine: LuaEngine;
beforeAll(async () => {
  // A generous budget: the unit tests check results, not speed, on a possibly loaded machine.
  engine = await LuaEngine.create({ defaultBudgetMs: 5000 });
  engine.setGlobal('__host_log', () => {});
  engine.run('__botster = { where = function() return "test.lua:1" end }', '=prelude');
  // (status.lua and the files of what its adapters read, in the hub's load order)
  for (const f of CORE.filter((f) => /^status(_\w+)?\.lua$/.test(f)))
    engine.run(fs.readFileSync(path.join(repoRoot, 'lua/core', f), 'utf8'), `lua/core/${f}`);
});

/** Runs `body` (Lua, with `s` the wrapped screen) and returns what it returns. */
function lua(text: string, body: string, over: Record<string, unknown> = {}): unknown {
  const [fn] = engine.run(`return function(data) local s = status.screen(data) ${body} end`, '=t');
  const [out] = engine.call(fn as never, [{ ...screenOf(text), ...over }]);
  return out;
}

const CLAUDE = [
  'old output',
  '✻ Seasoning… (44s · ↓ 247 tokens)',
  '',
  '⏺ Done.',
  '  - lint: pass',
  '',
  '────────────────────',
  '❯ fix the tests',
  '────────────────────',
  '  ? for shortcuts',
  '',
  '',
].join('\n');

describe('screen helpers', () => {
  it('rules, box, above, after, active: the regions an input box makes', () => {
    expect(lua(CLAUDE, 'return s:rules()')).toEqual([7, 9]);
    expect(lua(CLAUDE, 'return s:text(s:box())')).toEqual(['❯ fix the tests']);
    // the block just above the box, not the older spinner block
    expect(lua(CLAUDE, 'return s:text(s:above())')).toEqual(['⏺ Done.', '  - lint: pass']);
    expect(lua(CLAUDE, 'return s:text(s:after())')).toEqual(['  ? for shortcuts', '', '']);
    expect(lua(CLAUDE, 'return s:active()[1]')).toBe(4);
    expect(lua(CLAUDE, 'return s:box().name .. "," .. s:above().name .. "," .. s:after().name')).toBe(
      'box,above,after',
    );
    // one rule: the box is what is below it; no rule: no box, no above
    expect(lua('a\n──────────\n❯ 1. Allow\n  2. Deny', 'return s:text(s:box())')).toEqual([
      '❯ 1. Allow',
      '  2. Deny',
    ]);
    expect(lua('just text\n? ', 'return #s:box() + #s:above() + #s:after()')).toBe(0);
    // a box edge with corners is a rule; a line with text in it is not
    expect(lua('╭────────╮\n│ > hi   │\n╰────────╯\n╭─ v1 ● Ready ─╮', 'return s:rules()')).toEqual([1, 3]);
  });

  it('last(n) skips blank rows; screen[1..n] keeps the old API (last 15 non-empty lines)', () => {
    expect(lua('a\n\nb\nc\n\n', 'return s:text(s:last(2))')).toEqual(['b', 'c']);
    expect(lua('a\n\nb\nc\n\n', 'return { #s, s[1], s[#s] }')).toEqual([3, 'a', 'c']);
  });

  it('find / ifind return the line and row and record evidence; the rule is the pattern', () => {
    expect(lua('one\nPress ESC to interrupt\n', 'return { s:ifind("esc to interrupt", s:last(3)) }')).toEqual(
      ['Press ESC to interrupt', 2],
    );
    expect(lua('one\nPress ESC to interrupt\n', 'return { s:find("esc to interrupt") }')).toEqual([]);
    expect(lua('A1\nB2', 'return { s:ifind({ "x", "b%d" }) }')).toEqual(['B2', 2]); // %d keeps its meaning
    expect(lua('A1\nB2', 's:ifind("b%d"); s:find("A"); return { s._evidence, s._rule }')).toEqual([
      ['B2', 'A1'],
      'A',
    ]);
    expect(lua('abc', 'return { s:find("x", s:box()) }')).toEqual([]);
  });

  it('question, menu, dialog: the shapes of approval prompts', () => {
    const dialog =
      '│ Allow execution of: rm?   │\n│                            │\n│ ● 1. Yes, allow once       │\n│   2. No (esc)              │';
    expect(lua(dialog, 'return s:question()')).toBe('Allow execution of: rm?');
    expect(lua('Overwrite config? (y/n)', 'return s:question()')).toBe('Overwrite config? (y/n)');
    expect(lua(dialog, 'return { s:menu() }')).toEqual(['│ ● 1. Yes, allow once       │', 3, 2]);
    expect(lua('❯ 1. fix the bug', 'return { s:menu() }')).toEqual(['❯ 1. fix the bug', 1, 1]);
    expect(lua('1. first\n2. second', 'return s:menu()')).toBeNull(); // a list, no cursor
    expect(lua(dialog, 'return { s:dialog() }')).toEqual(['Allow execution of: rm?', 'numbered choices']);
    expect(lua('Pick one\n  enter to select · esc to cancel', 'return { s:dialog() }')).toEqual([
      'enter to select · esc to cancel',
      'dialog footer',
    ]);
    expect(lua('❯ 1. fix the bug', 'return s:dialog()')).toBeNull();
  });

  it('spinner: a symbol, text and an ellipsis', () => {
    expect(lua('✻ Kneading… (12s · ↓ 300 tokens)', 'return { s:spinner() }')).toEqual([
      '✻ Kneading… (12s · ↓ 300 tokens)',
      1,
      'Kneading…',
    ]);
    expect(lua('  ⬡ Grepping..', 'return select(3, s:spinner())')).toBe('Grepping..');
    expect(lua('⠋ Thinking... (esc to cancel, 3s)', 'return select(3, s:spinner())')).toBe('Thinking...');
    expect(lua('✽ Some random text', 'return s:spinner()')).toBeNull();
    expect(lua('- item…', 'return s:spinner()')).toBeNull(); // ASCII bullet: not a spinner
  });

  it('title helpers and settle', () => {
    expect(lua('', 'return s:title_spinner()', { title: '⠸ codex-git' })).toBe('codex-git');
    expect(lua('', 'return s:title_spinner()', { title: '✳ Claude Code' })).toBeNull();
    expect(
      lua('', 'return { s:title_find({ "Ready" }), s._evidence[1] }', { title: '◇  Ready (x)' }),
    ).toEqual(['◇  Ready (x)', 'title: ◇  Ready (x)']);
    const settle = 'local state, reason, rule = s:settle(); return { state, rule, reason == nil }';
    expect(lua('', settle, { quiet: 2, state: 'running' })).toEqual(['idle', 'quiet 1.5s', true]);
    expect(lua('', settle, { quiet: 0.3, state: 'idle' })).toEqual(['idle', 'still idle', true]);
    expect(lua('', 'return (s:settle())', { quiet: 0.3, state: 'running' })).toBe('running');
    expect(lua('', 'return (s:settle(0.2))', { quiet: 0.3, state: 'running' })).toBe('idle');
    // An answer from quietness keeps no lines looked at before as its evidence (a quoted spinner row
    // set aside): the hub takes it as quietness, not as work seen on the screen.
    const aside =
      'local _ = s:find("esc to interrupt"); local state = s:settle(); return { state, #s._evidence }';
    for (const over of [
      { quiet: 0.3, state: 'running' },
      { quiet: 0.3, state: 'idle' },
      { quiet: 2, state: 'running' },
    ])
      expect(
        (lua('⠋ Running tests… (12s · esc to interrupt)', aside, over) as unknown[])[1],
        JSON.stringify(over),
      ).toBe(0);
    // A spinner in the title is evidence: it stays.
    expect(
      lua('x', 'local state = s:settle(); return { state, s._evidence[#s._evidence] }', {
        quiet: 0.3,
        state: 'running',
        title: '⠸ proj',
      }),
    ).toEqual(['running', 'title: ⠸ proj']);
  });

  it('status.clean strips box sides and bars', () => {
    expect(lua('', 'return status.clean("  │ ┃ Do you trust this folder?   │ ")')).toBe(
      'Do you trust this folder?',
    );
  });
});

describe('the per-adapter entry points (for merging the adapters of several Lua states)', () => {
  it('adapter_count, adapters_for (matching, in asking order), detect_with (one adapter by name)', () => {
    engine.run(
      [
        'status.adapter({ name = "late", match = "t*", priority = 5, detect = function() return "idle" end })',
        'status.adapter({ name = "early", match = "t*", priority = -5, detect = function(s) if s:find("GO") then return "waiting", "go?" end end })',
        'status.adapter({ name = "broken", match = "t*", detect = function() error("boom") end })',
        'status.adapter({ name = "other", match = "x", detect = function() return "idle" end })',
      ].join('\n'),
      'unit.lua',
    );
    expect(engine.call('__botster.adapter_count')[0]).toBe(4);
    expect(engine.call('__botster.adapters_for', [{ program: 'tool' }])[0]).toEqual([
      { name: 'early', priority: -5 },
      { name: 'broken', priority: 0 },
      { name: 'late', priority: 5 },
    ]);
    expect(
      engine.call('__botster.detect_with', ['early', { program: 'tool' }, screenOf('GO')])[0],
    ).toMatchObject({ state: 'waiting', reason: 'go?', adapter: 'early', rule: 'GO', lines: ['GO'] });
    expect(
      engine.call('__botster.detect_with', ['early', { program: 'tool' }, screenOf('no')])[0],
    ).toBeNull();
    expect(
      engine.call('__botster.detect_with', ['broken', { program: 'tool' }, screenOf('no')])[0],
    ).toMatchObject({ error: expect.stringMatching(/boom/) });
  });
});

describe('status.adapter and detect_status', () => {
  let rt: ConfigRuntime | null = null;
  afterEach(() => {
    rt?.dispose();
    rt = null;
  });

  it('bad definitions are errors at the user file:line', async () => {
    const bad: Array<[string, RegExp]> = [
      ['status.adapter("x")', /needs a table/],
      ['status.adapter({ detect = function() end })', /name must be a non-empty string/],
      ['status.adapter({ name = "x" })', /"x": detect must be a function/],
      [
        'status.adapter({ name = "x", match = 3, detect = function() end })',
        /match must be a glob string, a list of them or a function/,
      ],
      [
        'status.adapter({ name = "x", priority = "high", detect = function() end })',
        /priority must be a number/,
      ],
      ['status.adapter({ name = "x", detcet = function() end })', /unknown field "detcet"/],
    ];
    for (const [source, message] of bad) {
      await expect(shippedRuntime({ 'user/hooks.lua': `-- mine\n${source}\n` })).rejects.toThrow(
        new RegExp(`hooks\\.lua:2: .*${message.source}`),
      );
    }
  });

  it('an adapter that errors is logged with its file:line (once) and skipped; a bad state too', async () => {
    const built = await shippedRuntime({
      'user/hooks.lua': [
        'status.adapter({ name = "boom", match = "mytool", priority = -5, detect = function(screen) return screen.nothing.here end })',
        'status.adapter({ name = "weird", match = "mytool", priority = -4, detect = function() return "busy" end })',
        'status.adapter({ name = "ok", match = "mytool", detect = function(screen) if screen:find("READY>") then return "waiting", "ready?" end end })',
      ].join('\n'),
    });
    rt = built.rt;
    const screen = screenOf('READY> ', { quiet: 2 });
    const v = detect(rt, 'mytool', screen, true);
    expect(v).toMatchObject({
      state: 'waiting',
      reason: 'ready?',
      adapter: 'ok',
      rule: 'READY>',
      lines: ['READY>'],
    });
    expect(v?.tried?.map((t) => t.adapter)).toEqual(['boom', 'weird', 'ok']);
    expect(v?.tried?.[0].error).toMatch(/hooks\.lua:1: attempt to index/);
    expect(v?.tried?.[1].error).toMatch(/detect returned "busy"/);
    detect(rt, 'mytool', screen);
    const errors = built.logged.filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/hooks\.lua:1 \(status adapter boom\): .*hooks\.lua:1: attempt to index/);
  });

  it('order: priority, then the later-added first; the same name replaces; match on program, command, name', async () => {
    rt = (
      await shippedRuntime({
        'user/hooks.lua': [
          'status.adapter({ name = "first", match = "tool", detect = function() return "idle", "first" end })',
          'status.adapter({ name = "second", match = "tool", detect = function() return "idle", "second" end })',
          'status.adapter({ name = "codex", match = "codex*", detect = function() return "waiting", "mine", "my rule" end })',
        ].join('\n'),
      })
    ).rt;
    expect(detect(rt, 'tool', screenOf('x'))?.reason).toBe('second');
    expect(detect(rt, 'codex', screenOf('x'))).toMatchObject({
      state: 'waiting',
      reason: 'mine',
      adapter: 'codex',
      rule: 'my rule',
    });
    const ask = (agent: Record<string, string>) => rt!.detectStatus(agent, screenOf('x'))?.adapter;
    expect(ask({ program: 'codex', command: 'bash', name: 'bash' })).toBe('codex');
    expect(ask({ program: 'bash', command: '/usr/local/bin/codex --full-auto', name: 'x' })).toBe('codex');
    expect(ask({ program: 'bash', command: 'bash', name: 'codex-2' })).toBe('codex');
    expect(ask({ program: 'bash', command: 'bash', name: 'sh' })).toBe('generic');
  });

  it('the old API: detect(lines, agent) with the last non-empty lines and agent.rang_bell / at_prompt', async () => {
    rt = (
      await shippedRuntime({
        'user/hooks.lua':
          'status.adapter({ name = "old", match = "old*", detect = function(lines, agent) if agent.rang_bell then return "waiting" end if lines[#lines]:find("GO>") then return "idle" end end })',
      })
    ).rt;
    expect(detect(rt, 'old', screenOf('x\nGO>\n\n'))?.state).toBe('idle');
    expect(detect(rt, 'old', screenOf('x\n\n', { bell: true }))?.state).toBe('waiting');
  });

  it('explain with no answer lists what was tried; without explain it is null', async () => {
    rt = (
      await shippedRuntime({
        'user/hooks.lua': 'status.adapter({ name = "generic", detect = function() return nil end })',
      })
    ).rt;
    expect(detect(rt, 'x', screenOf('x'))).toBeNull();
    expect(detect(rt, 'x', screenOf('x'), true)).toEqual({ tried: [{ adapter: 'generic' }] });
  });
});
