// Layout pieces through the real configuration runtime (real Lua states: the configuration's and
// each improvement's sandbox), drawn by the real renderer: what slots show, and what a piece that
// fails does to the frame (nothing: it is left out, told once, and off after 3 failures).
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../../src/reload/config-files.js';
import { PieceHealth } from '../../../src/lua/runtime/piece-health.js';
import { SAMPLE_APP } from '../../../src/lua/runtime/sample-app.js';
import type { AppData } from '../../../src/hub/self.js';
import type { ConfigFile } from '../../../src/lua/runtime/config-file.js';
import { BUILTIN_COMMANDS } from '../../../src/commands/builtin-commands.js';
import { treeText } from '../../../src/cli/tree-text.js';
import { FrameRenderer } from '../../../src/ui/frame-renderer.js';
import { Compositor } from '../../../src/ui/compositor.js';
import { tempHome } from '../../support/hub.js';

const runtimes: ConfigRuntime[] = [];
afterEach(() => {
  for (const rt of runtimes.splice(0)) rt.dispose();
});

const APP: AppData = { ...SAMPLE_APP, size: { width: 100, height: 20 } };

/**
 * A frame. The layout's own Lua has 100 ms: a loaded machine (a garbage collection of this test
 * process counts as the render's time) can stop it in the shipped files; that render is drawn
 * again. These tests are about pieces, whose failures are theirs and never retried here.
 */
function render(rt: ConfigRuntime, app: AppData) {
  for (let tries = 1; ; tries++) {
    try {
      return rt.render(app);
    } catch (err) {
      const stalled = /^lua\/(core|default)\/[\w/.-]+:\d+: stopped after 100 ms/.test((err as Error).message);
      if (!stalled || tries === 3) throw err;
    }
  }
}
const improvement = (name: string, source: string): ConfigFile => ({
  name: `improvements/${name}.lua`,
  source,
  layer: 'improvement',
});

async function runtime(
  opts: { user?: Record<string, string>; improvements?: ConfigFile[]; health?: PieceHealth } = {},
) {
  const notices: string[] = [];
  const files = [...readConfigFiles({ home: tempHome(opts.user ?? {}) }), ...(opts.improvements ?? [])];
  const rt = await ConfigRuntime.build(
    files,
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
    undefined,
    { health: opts.health ?? new PieceHealth(), notice: (t) => notices.push(t) },
  );
  runtimes.push(rt);
  const frame = (app: AppData = APP) => treeText(render(rt, app), app.size.width, app.size.height);
  return { rt, notices, frame };
}

// The two pieces of the docs' example (docs/layout-pieces.md), as an agent pushes them.
const WAITING = `layout.piece("status.right", "waiting", function(app)
  local n = 0
  for _, a in ipairs(app.agents) do if a.state == "waiting" then n = n + 1 end end
  if n == 0 then return nil end
  return ui.span(n .. " waiting", { fg = "yellow", bold = true })
end)
layout.piece("agent_list.row", "branch", function(app, ctx)
  if ctx.agent.git_branch then return ui.span("⎇ " .. ctx.agent.git_branch, { fg = "magenta" }) end
end, { order = 10 })`;

const EVERY_SLOT = `layout.piece("header.left", "where", function(app) return "~/src/app" end)
layout.piece("header.right", "clock", function(app) return { ui.span("12:00", { bold = true }) } end)
layout.piece("status.left", "focused", function(app) return app.focused and ("on " .. app.focused.name) end)
layout.piece("panel.title", "cwd", function(app, ctx) return ctx.agent and ctx.agent.cwd end)
layout.piece("sidebar", "todo", function(app) return ui.list({ "write the docs", "push the piece" }, { selected = 1 }) end)`;

describe('slots in the default layout', () => {
  it('empty: the frame is the default one (slots take no space)', async () => {
    const { frame, rt } = await runtime();
    const text = frame();
    expect(text).toMatchSnapshot();
    expect(text).not.toContain('More');
    expect(rt.pieces?.placed().sort()).toEqual([
      'agent_list.row',
      'header.left',
      'header.right',
      'panel.title',
      'sidebar',
      'status.left',
      'status.right',
    ]);
  });

  it('filled: each slot shows its pieces in place, per agent where it is per agent', async () => {
    const { frame, notices } = await runtime({
      improvements: [improvement('waiting', WAITING), improvement('every', EVERY_SLOT)],
    });
    const text = frame();
    expect(notices).toEqual([]);
    expect(text).toMatchSnapshot();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ Botster Hub {2}100x20 {2}~\/src\/app +12:00$/);
    expect(text).toMatch(/◆ 1 claude waiting ⎇ main/);
    expect(text).toMatch(/● 2 sh running +│/); // no branch, no badge
    expect(text).toMatch(/claude — fixing the tests {2}\/home\/you\/src\/app/);
    expect(text).toMatch(/╭─ More ─+╮[\s\S]*write the docs[\s\S]*push the piece/);
    expect(lines[lines.length - 1]).toMatch(/NORMAL {3}Agents: 3 {2}on claude .*1 waiting {2}\?: help/);
  });

  it("an improvement's pieces see each frame's agents (only those that changed are handed over again)", async () => {
    const { frame } = await runtime({
      improvements: [
        improvement('waiting', WAITING),
        improvement(
          'titles',
          'layout.piece("status.left", "titles", function(app) local t = {} for _, a in ipairs(app.agents) do t[#t + 1] = a.name .. ":" .. (a.title ~= "" and a.title or "-") end return table.concat(t, ",") end)',
        ),
      ],
    });
    const bar = (app: AppData) =>
      frame({ ...app, size: { width: 200, height: 20 } })
        .split('\n')
        .pop()!;
    const agents = APP.agents;
    expect(bar(APP)).toMatch(/claude:fixing the tests,sh:-,aider:- .* 1 waiting/);
    const one = agents.map((a) => (a.id === '2' ? { ...a, state: 'waiting', title: 'asks' } : a));
    expect(bar({ ...APP, agents: one })).toMatch(/claude:fixing the tests,sh:asks,aider:- .* 2 waiting/);
    expect(bar({ ...APP, agents: one.slice(0, 2) })).toMatch(/claude:fixing the tests,sh:asks .* 2 waiting/);
    expect(bar({ ...APP, agents: [one[0], { ...one[1], state: 'running' }] })).toMatch(
      /claude:fixing the tests,sh:asks .* 1 waiting/,
    );
    expect(bar(APP)).toMatch(/claude:fixing the tests,sh:-,aider:- .* 1 waiting/);
  });

  it('pieces of several states share a slot by order; a later state replaces a piece of the same name', async () => {
    const { frame } = await runtime({
      user: {
        'user/pieces.lua':
          'layout.piece("status.right", "mine", function() return "MINE" end, { order = 5 })\nlayout.piece("status.right", "late", function() return "LATE" end, { order = 50 })',
      },
      improvements: [
        improvement(
          'a',
          'layout.piece("status.right", "first", function() return "FIRST" end, { order = -1 })',
        ),
        improvement(
          'b',
          'layout.piece("status.right", "late", function() return "REPLACED" end, { order = 50 })',
        ),
      ],
    });
    const bar = frame().split('\n').pop()!;
    expect(bar).toMatch(/FIRST MINE REPLACED {2}\?: help/);
    expect(bar).not.toContain('LATE');
  });

  it('a user\'s own layout places ui.slot("status.right") wherever it likes and gets the pieces; without slots it shows none', async () => {
    const layout = `function App:render()
  return ui.column({ ui.text("my layout"), ui.row({ ui.text("right here: "), ui.slot("status.right") }), ui.terminal(self.focused, { grow = 1 }) })
end`;
    const { frame, rt } = await runtime({
      user: { 'user/layout.lua': layout },
      improvements: [improvement('waiting', WAITING)],
    });
    expect(frame()).toMatch(/my layout\nright here: 1 waiting\n/);
    expect(rt.pieces?.placed()).toEqual(['status.right']);
    const bare = await runtime({
      user: { 'user/layout.lua': 'function App:render() return ui.text("bare") end' },
      improvements: [improvement('waiting', WAITING)],
    });
    expect(bare.frame()).toMatch(/^bare\n/);
    expect(bare.rt.pieces?.placed()).toEqual([]);
  });

  it('a slot in a widget position that was empty shows its pieces once it has some (the same renderer, as in the hub)', async () => {
    const layout =
      'function App:render() return ui.column({ ui.row({ height = 1, ui.text("mine "), ui.slot("status.right") }), ui.text("end") }) end';
    const empty = await runtime({ user: { 'user/layout.lua': layout } });
    const filled = await runtime({
      user: { 'user/layout.lua': layout },
      improvements: [improvement('w', 'layout.piece("status.right", "w", function() return "filled" end)')],
    });
    const renderer = new FrameRenderer(40, 3);
    try {
      const draw = (rt: ConfigRuntime) => {
        const c = new Compositor(40, 3, () => undefined);
        c.setDisplayList(renderer.render(render(rt, { ...APP, size: { width: 40, height: 3 } })));
        return c.compose().toText();
      };
      expect(draw(empty.rt)).toMatch(/^mine\nend/);
      expect(draw(filled.rt)).toMatch(/^mine filled\nend/);
    } finally {
      renderer.dispose();
    }
  });

  it("text is cut to the slot's width, a widget to the slot's rows", async () => {
    const { frame } = await runtime({
      improvements: [
        improvement(
          'big',
          `layout.piece("status.right", "long", function() return string.rep("x", 100) end)
layout.piece("sidebar", "tall", function() local t = {} for i = 1, 30 do t[i] = "row " .. i end return ui.list(t) end)`,
        ),
      ],
    });
    const text = frame({ ...APP, size: { width: 120, height: 40 } });
    expect(text).toContain(`${'x'.repeat(39)}…  ?: help`);
    expect(text).toContain('row 12');
    expect(text).not.toContain('row 13');
  });
});

describe('a piece that fails is left out of the frame; the rest draws', () => {
  const GOOD = improvement('good', 'layout.piece("status.right", "ok", function() return "still here" end)');

  it('one that throws: a notice naming its file:line, the frame drawn without it', async () => {
    const { frame, notices } = await runtime({
      improvements: [
        GOOD,
        improvement(
          'boom',
          'local x = nil\nlayout.piece("status.right", "boom", function(app)\n  return "n=" .. x.y\nend)',
        ),
      ],
    });
    const text = frame();
    expect(text).toContain('still here');
    expect(text).toContain('Agents: 3');
    expect(notices).toEqual([
      expect.stringMatching(
        /^improvements\/boom\.lua:3: attempt to index a nil value .*\(piece "boom" in status\.right, left out of the frame\)$/,
      ),
    ]);
  });

  it('one that runs past its budget is stopped there, named with its line; the frame draws', async () => {
    const { frame, notices } = await runtime({
      improvements: [
        GOOD,
        improvement('slow', 'layout.piece("status.right", "slow", function()\n  while true do end\nend)'),
      ],
    });
    const t0 = performance.now();
    const text = frame();
    expect(performance.now() - t0).toBeLessThan(2000); // stopped, not hung (the budget itself is bench material)
    expect(text).toContain('still here');
    expect(notices).toEqual([
      expect.stringMatching(
        /^improvements\/slow\.lua:2: stopped: ran past its 10 ms \(piece "slow" in status\.right, left out of the frame\)$/,
      ),
    ]);
  });

  it('one that returns what its slot cannot show: a notice saying what it returned, at the line that registered it', async () => {
    const { frame, notices } = await runtime({
      improvements: [
        GOOD,
        improvement(
          'bad',
          `layout.piece("status.right", "fn", function() return function() end end)
layout.piece("status.left", "column", function() return ui.column({ ui.text("x") }) end)
layout.piece("sidebar", "colour", function() return ui.text("x", { fg = "octarine" }) end)
layout.piece("agent_list.row", "table", function() return { nope = true } end)`,
        ),
      ],
    });
    const text = frame();
    expect(text).toContain('still here');
    expect(text).not.toContain('More');
    expect(notices.sort()).toEqual([
      expect.stringMatching(
        /^improvements\/bad\.lua:1: returned a function; status\.right takes text \(piece "fn"/,
      ),
      expect.stringMatching(/^improvements\/bad\.lua:2: returned a ui\.column; status\.left takes text/),
      expect.stringMatching(
        /^improvements\/bad\.lua:3: returned a widget that is not valid: piece\(\): fg must be a colour name/,
      ),
      expect.stringMatching(/^improvements\/bad\.lua:4: returned a table that is not text/),
    ]);
  });

  it('after 3 failures it is off (told once more), and stays off across a reload; a new version of its file runs again', async () => {
    const health = new PieceHealth();
    const FLAKY = `calls = 0
layout.piece("status.right", "flaky", function() calls = calls + 1; error("nope") end)
layout.piece("status.left", "count", function() return "calls=" .. calls end)`;
    const first = await runtime({ health, improvements: [improvement('flaky', FLAKY)] });
    let text = '';
    for (let i = 0; i < 5; i++) text = first.frame();
    expect(text).toContain('calls=3'); // rendered 5 times, called 3
    expect(first.notices).toEqual([
      expect.stringMatching(
        /^improvements\/flaky\.lua:2: nope \(piece "flaky" in status\.right, left out of the frame\)$/,
      ),
      expect.stringMatching(
        /^improvements\/flaky\.lua:2: nope \(piece "flaky" in status\.right, failed 3 times in a row: off until its file changes\)$/,
      ),
    ]);
    const reloaded = await runtime({ health, improvements: [improvement('flaky', FLAKY)] });
    reloaded.frame();
    expect(reloaded.frame()).toContain('calls=0');
    expect(reloaded.notices).toEqual([]);
    const fixed = await runtime({
      health,
      improvements: [improvement('flaky', FLAKY.replace('error("nope")', 'return "fixed"'))],
    });
    expect(fixed.frame()).toMatch(/fixed {2}\?: help/);
  });

  it('one that fails on every other frame is told about once and stays on (only failures in a row turn a piece off)', async () => {
    const { frame, notices } = await runtime({
      improvements: [
        improvement(
          'odd',
          'local n = 0\nlayout.piece("status.right", "odd", function()\n  n = n + 1\n  if n % 2 == 0 then error("even frame") end\n  return "frame " .. n\nend)',
        ),
      ],
    });
    const frames = Array.from({ length: 9 }, () => frame());
    expect(frames.filter((f) => /frame \d*[13579] {2}\?: help/.test(f)).length).toBeGreaterThanOrEqual(4); // drawn every other frame, to the end
    expect(frames[8]).toMatch(/frame \d+ {2}\?: help|Agents: 3 {2,}\?: help/);
    expect(notices).toEqual([
      expect.stringMatching(
        /^improvements\/odd\.lua:4: even frame \(piece "odd" in status\.right, left out of the frame\)$/,
      ),
    ]);
  });

  it('many runaways at once: past 50 ms of failures in a frame only pieces that drew before run; all end up off', async () => {
    const loops = Array.from(
      { length: 8 },
      (_, i) => `layout.piece("status.left", "loop${i}", function() while true do end end)`,
    ).join('\n');
    const { frame, notices } = await runtime({
      improvements: [
        improvement('ok', 'layout.piece("header.right", "ok", function() return "drew" end)'),
        improvement('loops', loops),
        improvement('late', 'layout.piece("status.right", "late", function() return "late one" end)'),
      ],
    });
    const first = frame();
    expect(first).toContain('drew'); // drawn before the runaways, proven from then on
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.length).toBeLessThanOrEqual(5); // each ran its 10 ms at least: the rest sat out
    let text = first;
    for (
      let i = 0;
      i < 30 &&
      !(text.includes('late one') && notices.filter((n) => n.includes('failed 3 times')).length === 8);
      i++
    )
      text = frame();
    expect(text).toContain('drew');
    expect(text).toContain('late one');
    expect(notices.filter((n) => n.includes('failed 3 times')).length).toBe(8);
  });

  it("the configuration's own pieces are held to the same rules", async () => {
    const { frame, notices } = await runtime({
      user: {
        'user/pieces.lua':
          'layout.piece("status.right", "mine", function() while true do end end)\nlayout.piece("status.left", "ok", function() return "fine" end)',
      },
    });
    const text = frame();
    expect(text).toContain('fine');
    expect(notices).toEqual([
      expect.stringMatching(
        /user\/pieces\.lua:1: stopped: ran past its 10 ms \(piece "mine" in status\.right/,
      ),
    ]);
  });
});

describe('layout.piece', () => {
  it('says what is wrong at the line that called it', async () => {
    const files = readConfigFiles({
      home: tempHome({ 'user/pieces.lua': '\nlayout.piece("status.right", "x", "not a function")' }),
    });
    await expect(
      ConfigRuntime.build(
        files,
        () => {},
        {},
        BUILTIN_COMMANDS.map((c) => c.id),
      ),
    ).rejects.toThrow(
      /user\/pieces\.lua:2: layout\.piece: the piece must be a function\(app, ctx\), got string/,
    );
  });

  it("the trial (a push's review, check --render): each piece's output on sample data and its size against the limit", async () => {
    const { rt } = await runtime({
      improvements: [
        improvement('waiting', WAITING),
        improvement(
          'wide',
          'layout.piece("header.right", "wide", function() return string.rep("=", 60) end)',
        ),
      ],
    });
    const trial = rt.pieces!.trial(SAMPLE_APP);
    expect(trial.map((t) => [t.slot, t.name, t.size, t.limit])).toEqual(
      expect.arrayContaining([
        ['status.right', 'waiting', 9, 40],
        ['agent_list.row', 'branch', 15, 20],
        ['header.right', 'wide', 60, 40],
      ]),
    );
    const branch = trial.find((t) => t.name === 'branch')!;
    expect(
      branch.outputs.map((o) => [o.agent, (o.text as Array<{ text: string }> | undefined)?.[0]?.text]),
    ).toEqual([
      ['1', '⎇ main'],
      ['2', undefined],
      ['3', '⎇ botster/aider'],
    ]);
  });
});
