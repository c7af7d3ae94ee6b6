// flows.lua loaded into a real LuaEngine and driven by Lua snippets, as a configuration would.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LuaEngine, LuaScriptError } from '../../src/lua/engine/index.js';
import { caught } from '../support/lua-caught.js';

const FLOWS_LUA = fs.readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '../../lua/core/flows.lua'),
  'utf8',
);

interface FlowEvent {
  instance: string;
  flow: string;
  from?: string;
  to: string;
  action?: string;
}

let engine: LuaEngine;
let events: Array<{ name: unknown; payload: FlowEvent }>;
let clock: number;

beforeEach(async () => {
  engine = await LuaEngine.create();
  events = [];
  clock = 1_000;
  engine.setGlobal('__botster', {
    emit_event: (name: unknown, payload: unknown) => {
      events.push({ name, payload: payload as FlowEvent });
    },
  });
  engine.setGlobal('__host_now_ms', () => clock);
  engine.run(FLOWS_LUA, 'lua/core/flows.lua');
});
afterEach(() => engine.close());

const lua = (src: string, chunk = 'user/hooks.lua'): unknown[] => engine.run(src, chunk);
const one = (src: string): unknown => lua(src)[0];

// A review flow whose hooks append "<hook> <state> <ctx marker> <data>" lines to the global `calls`.
const REVIEW = `
calls = {}
local function note(what) return function(ctx, data)
  calls[#calls + 1] = what .. " " .. tostring(ctx.title) .. " " .. tostring(data and data.user)
end end
flows.define({ id = "review", initial = "pending", context = { title = "default", tags = { "a" } },
  states = {
    pending  = { on = { approve = "approved", reject = "rejected", hold = "pending" },
                 enter = note("enter:pending"), exit = note("exit:pending"),
                 guards = { approve = function(ctx, data) calls[#calls + 1] = "guard " .. tostring(data and data.user); return ctx.score > 0.5 end } },
    approved = { type = "final", enter = note("enter:approved") },
    rejected = { type = "final" },
  } })
`;

describe('define, start, send', () => {
  test('a successful transition returns from/to/state and runs guard, exit, enter in order with (ctx, data)', () => {
    lua(REVIEW);
    const id = one('return flows.start("review", { score = 0.9, title = "t1" })');
    expect(id).toBe('review#1');
    expect(engine.getGlobal('calls')).toEqual(['enter:pending t1 nil']);
    expect(one(`return flows.send("${id}", "approve", { user = "ana" })`)).toEqual({
      type: 'success',
      from: 'pending',
      to: 'approved',
      state: 'approved',
    });
    expect(engine.getGlobal('calls')).toEqual([
      'enter:pending t1 nil',
      'guard ana',
      'exit:pending t1 ana',
      'enter:approved t1 ana',
    ]);
    const inst = one(`return flows.get("${id}")`) as Record<string, unknown>;
    expect(inst).toMatchObject({ id, flow: 'review', state: 'approved', done: true });
  });

  test('hooks get the instance context itself (changes persist), defaults are copied per instance', () => {
    lua(`flows.define({ id = "count", initial = "a", context = { n = 0, nested = { hits = 0 } },
      states = { a = { on = { go = "b" }, exit = function(ctx) ctx.n = ctx.n + 1; ctx.nested.hits = ctx.nested.hits + 1 end },
                 b = { on = { back = "a" }, enter = function(ctx, data) ctx.last = data end } } })`);
    const a = one('return flows.start("count")') as string;
    const b = one('return flows.start("count", { extra = true })') as string;
    lua(`flows.send("${a}", "go", "x"); flows.send("${a}", "back"); flows.send("${a}", "go", "y")`);
    expect((one(`return flows.get("${a}")`) as { context: unknown }).context).toEqual({
      n: 2,
      nested: { hits: 2 },
      last: 'y',
    });
    expect((one(`return flows.get("${b}")`) as { context: unknown }).context).toEqual({
      n: 0,
      nested: { hits: 0 },
      extra: true,
    });
    // flows.get hands out the live context table
    lua(`flows.get("${b}").context.n = 41; flows.send("${b}", "go")`);
    expect((one(`return flows.get("${b}")`) as { context: { n: number } }).context.n).toBe(42);
  });

  test('a self-transition runs exit then enter of the same state', () => {
    lua(REVIEW);
    lua('id = flows.start("review", { score = 0, title = "s" }); calls = {}');
    expect(one('return flows.send(id, "hold", { user = "bo" })')).toEqual({
      type: 'success',
      from: 'pending',
      to: 'pending',
      state: 'pending',
    });
    expect(engine.getGlobal('calls')).toEqual(['exit:pending s bo', 'enter:pending s bo']);
  });

  test('redefining an id replaces it; running instances follow the new definition', () => {
    lua(
      'flows.define({ id = "f", initial = "a", states = { a = { on = { go = "b" } }, b = { type = "final" } } })',
    );
    lua('id = flows.start("f")');
    lua(
      'flows.define({ id = "f", initial = "a", states = { a = { on = { jump = "c" } }, c = { type = "final" } } })',
    );
    expect(one('return flows.send(id, "go")')).toEqual({ type: 'invalid_action', state: 'a', action: 'go' });
    expect(one('return flows.send(id, "jump")')).toMatchObject({ type: 'success', to: 'c' });
  });

  test('enter may send the next action: the result reports where the instance ended up', () => {
    lua(`flows.define({ id = "auto", initial = "a", states = {
      a = { on = { go = "b" } },
      b = { on = { next = "c" }, enter = function() flows.send(id, "next") end },
      c = { type = "final" } } })
      id = flows.start("auto")`);
    expect(one('return flows.send(id, "go")')).toEqual({ type: 'success', from: 'a', to: 'b', state: 'c' });
    expect(events.map((e) => e.payload.to)).toEqual(['a', 'b', 'c']);
  });
});

describe('guards and invalid actions', () => {
  test('a failing guard refuses the action and runs no hooks; a passing one lets it through', () => {
    lua(REVIEW);
    lua('low = flows.start("review", { score = 0.2, title = "low" }); calls = {}');
    expect(one('return flows.send(low, "approve", { user = "cy" })')).toEqual({
      type: 'guard_failed',
      state: 'pending',
      action: 'approve',
    });
    expect(engine.getGlobal('calls')).toEqual(['guard cy']);
    expect(one('return flows.get(low).state')).toBe('pending');
    // the guard sees the current context
    lua('flows.get(low).context.score = 0.7');
    expect(one('return flows.send(low, "approve").type')).toBe('success');
  });

  test('unknown actions and actions after a final state are invalid_action, not errors', () => {
    lua(REVIEW);
    lua('id = flows.start("review", { score = 1 })');
    expect(one('return flows.send(id, "x")')).toEqual({
      type: 'invalid_action',
      state: 'pending',
      action: 'x',
    });
    expect(one('return flows.send(id, "reject")')).toMatchObject({ type: 'success', state: 'rejected' });
    expect(one('return flows.send(id, "approve")')).toEqual({
      type: 'invalid_action',
      state: 'rejected',
      action: 'approve',
    });
    expect(one('return flows.get(id).history')).toHaveLength(2);
  });

  test('send with a bad instance or action is an error at the caller', () => {
    lua(REVIEW);
    const unknown = caught(() => lua('\nflows.send("nope#1", "approve")'));
    expect(unknown.message).toBe('user/hooks.lua:2: flows.send: unknown instance nope#1');
    lua('id = flows.start("review", { score = 1 })');
    expect(caught(() => lua('\n\nflows.send(id, 3)')).message).toBe(
      'user/hooks.lua:3: flows.send: action must be a string, got number',
    );
    expect(caught(() => lua('\nflows.start("missing")')).message).toBe(
      'user/hooks.lua:2: flows.start: unknown flow missing',
    );
    expect(caught(() => lua('flows.start("review", 5)')).message).toBe(
      'user/hooks.lua:1: flows.start: context must be a table, got number',
    );
    expect(one('return flows.get("nope#1")')).toBeNull();
  });
});

describe('errors in guards and hooks', () => {
  test('a guard that errors propagates its error and leaves the instance untouched', () => {
    lua(`flows.define({ id = "g", initial = "a", states = {
      a = { on = { go = "b" }, exit = function() exited = true end,
            guards = { go = function(ctx) return ctx.missing.field end } },
      b = { type = "final" } } })
      id = flows.start("g")`);
    const before = one('return flows.get(id)');
    const eventsBefore = events.length;
    const err = caught(() => lua('flows.send(id, "go")'));
    expect(err.message).toMatch(/^user\/hooks\.lua:3: attempt to index a nil value \(field 'missing'\)/);
    expect(one('return flows.get(id)')).toEqual(before);
    expect(one('return exited')).toBeNull();
    expect(events.length).toBe(eventsBefore);
  });

  test('an exit that errors leaves the instance in its old state', () => {
    lua(`flows.define({ id = "x", initial = "a", states = {
      a = { on = { go = "b" }, exit = function() error("cannot leave") end },
      b = { type = "final", enter = function() entered = true end } } })
      id = flows.start("x")`);
    expect(caught(() => lua('flows.send(id, "go")')).message).toBe('user/hooks.lua:2: cannot leave');
    expect(one('return flows.get(id)')).toMatchObject({ state: 'a', done: false, history: [{ to: 'a' }] });
    expect(one('return entered')).toBeNull();
    expect(one('return #flows.list()')).toBe(1);
  });

  test('an enter that errors propagates, but the transition stands (recorded and announced)', () => {
    lua(`flows.define({ id = "e", initial = "a", states = {
      a = { on = { go = "b" } },
      b = { on = { back = "a" }, enter = function() error("enter failed") end } } })
      id = flows.start("e")`);
    expect(caught(() => lua('flows.send(id, "go")')).message).toBe('user/hooks.lua:3: enter failed');
    expect(one('return flows.get(id).state')).toBe('b');
    expect(events.at(-1)?.payload).toEqual({
      instance: 'e#1',
      flow: 'e',
      subject: 'e',
      from: 'a',
      to: 'b',
      action: 'go',
    });
    expect(one('return flows.send(id, "back").type')).toBe('success');
  });

  test('an initial enter that errors propagates; the instance exists and is listed', () => {
    lua(`flows.define({ id = "s", initial = "a", states = {
      a = { on = { go = "b" }, enter = function() error("no start") end }, b = { type = "final" } } })`);
    expect(caught(() => lua('flows.start("s")')).message).toBe('user/hooks.lua:2: no start');
    expect(one('return flows.list()')).toEqual([{ id: 's#1', flow: 's', state: 'a' }]);
  });
});

describe('history, events, list', () => {
  test('history records each transition with the host clock', () => {
    lua(REVIEW);
    clock = 5_000;
    lua('id = flows.start("review", { score = 1 })');
    clock = 7_500;
    lua('flows.send(id, "hold"); flows.send(id, "nope")');
    clock = 9_000;
    lua('flows.send(id, "approve")');
    expect(one('return flows.get(id).history')).toEqual([
      { to: 'pending', at: 5_000 },
      { from: 'pending', to: 'pending', action: 'hold', at: 7_500 },
      { from: 'pending', to: 'approved', action: 'approve', at: 9_000 },
    ]);
    // a copy: editing it does not change the instance
    lua('flows.get(id).history[1].to = "hacked"');
    expect(one('return flows.get(id).history[1].to')).toBe('pending');
  });

  test('without __host_now_ms timestamps come from os.time() in ms', () => {
    lua(REVIEW);
    lua(
      '__host_now_ms = nil; before = os.time() * 1000; id = flows.start("review", { score = 1 }); after = os.time() * 1000',
    );
    const [at, before, after] = lua('return flows.get(id).history[1].at, before, after') as number[];
    expect(at % 1000).toBe(0);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });

  test('start and every successful transition emit flow_transition; refusals emit nothing', () => {
    lua(REVIEW);
    lua('id = flows.start("review", { score = 0.1 })');
    lua('flows.send(id, "approve"); flows.send(id, "x"); flows.send(id, "reject")');
    expect(events).toEqual([
      {
        name: 'flow_transition',
        payload: { instance: 'review#1', flow: 'review', subject: 'review', to: 'pending' },
      },
      {
        name: 'flow_transition',
        payload: {
          instance: 'review#1',
          flow: 'review',
          subject: 'review',
          from: 'pending',
          to: 'rejected',
          action: 'reject',
        },
      },
    ]);
  });

  test('without __botster.emit_event nothing is emitted and flows still work', () => {
    lua(REVIEW);
    lua('__botster.emit_event = nil; id = flows.start("review", { score = 1 })');
    expect(one('return flows.send(id, "approve").type')).toBe('success');
    expect(events).toEqual([]);
  });

  test('list() shows active instances oldest first; finished ones drop out; ids are unique', () => {
    lua(REVIEW);
    lua(
      'flows.define({ id = "wizard", initial = "name", states = { name = { on = { next = "done" } }, done = { type = "final" } } })',
    );
    lua(
      'r1 = flows.start("review", { score = 1 }); w = flows.start("wizard"); r2 = flows.start("review", { score = 1 })',
    );
    expect(lua('return r1, w, r2')).toEqual(['review#1', 'wizard#2', 'review#3']);
    expect(one('return flows.list()')).toEqual([
      { id: 'review#1', flow: 'review', state: 'pending' },
      { id: 'wizard#2', flow: 'wizard', state: 'name' },
      { id: 'review#3', flow: 'review', state: 'pending' },
    ]);
    lua('flows.send(r1, "approve"); flows.send(w, "next")');
    expect(one('return flows.list()')).toEqual([{ id: 'review#3', flow: 'review', state: 'pending' }]);
    // instances live in __botster.flows_instances (finished ones stay readable)
    expect(one('return __botster.flows_instances[r1].state')).toBe('approved');
    expect(one('return flows.get(w).done')).toBe(true);
  });
});

describe('define validation (errors point at the caller)', () => {
  const cases: Array<[string, RegExp]> = [
    ['flows.define("review")', /flows\.define: needs a table, got string/],
    [
      'flows.define({ initial = "a", states = { a = {} } })',
      /flows\.define: id must be a non-empty string, got nil/,
    ],
    ['flows.define({ id = "f", initial = "a" })', /flow "f": states must be a non-empty table/],
    [
      'flows.define({ id = "f", initial = "z", states = { a = {} } })',
      /flow "f": initial must name one of its states, got z/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { on = { go = "b" } } } })',
      /state "a": action "go" goes to unknown state "b"/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { on = { go = 1 } } } })',
      /state "a": target of "go" must be a state name, got number/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { enter = "onEnter" } } })',
      /state "a": enter must be a function, got string/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { exit = 1 } } })',
      /state "a": exit must be a function, got number/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { on = { go = "a" }, guards = { go = true } } } })',
      /state "a": guard for "go" must be a function, got boolean/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { guards = { go = function() end } } } })',
      /state "a": guard for go, which is not one of its actions/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { type = "parallel" } } })',
      /state "a": type must be "normal" or "final", got parallel/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { type = "final", on = { go = "a" } } } })',
      /state "a" is final but has transitions/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = { gaurds = {} } } })',
      /state "a" has an unknown field gaurds/,
    ],
    [
      'flows.define({ id = "f", intial = "a", initial = "a", states = { a = {} } })',
      /flow "f" has an unknown field intial/,
    ],
    [
      'flows.define({ id = "f", initial = "a", context = 3, states = { a = {} } })',
      /flow "f": context must be a table/,
    ],
    [
      'flows.define({ id = "f", initial = "a", states = { a = 1 } })',
      /state "a" must be a table, got number/,
    ],
  ];

  test.each(cases)('%s', (call, expected) => {
    const err = caught(() => lua(`-- my hooks\n\n${call}`));
    expect(err.file).toBe('user/hooks.lua');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/^user\/hooks\.lua:3: flows\.define: /);
    expect(err.message).toMatch(expected);
  });

  test('a rejected definition does not replace the existing one', () => {
    lua('flows.define({ id = "f", initial = "a", states = { a = { on = { go = "b" } }, b = {} } })');
    caught(() =>
      lua('flows.define({ id = "f", initial = "a", states = { a = { on = { go = "nowhere" } } } })'),
    );
    lua('id = flows.start("f")');
    expect(one('return flows.send(id, "go").type')).toBe('success');
  });

  test('the user editing the definition table later has no effect', () => {
    lua(
      'def = { id = "f", initial = "a", states = { a = { on = { go = "b" } }, b = {} } }; flows.define(def)',
    );
    lua('def.states.a.on.go = "nowhere"; id = flows.start("f")');
    expect(one('return flows.send(id, "go")')).toMatchObject({ type: 'success', to: 'b' });
  });
});
