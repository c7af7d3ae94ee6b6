import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-pty.js';
import { realHome } from '../support/homes.js';

// `botster-tui test` as a user runs it (the built CLI, a fresh HOME whose path has a space, no
// --home): their layout_test.lua pins ~/.botster/user/layout.lua at two sizes; a changed layout
// fails with a diff and exit 1; --update accepts it; each run ends with `N passed, N failed`.

const LAYOUT = (title: string) => `function App:render()
  return ui.column({
    ui.header({ title = "${title}", subtitle = #self.agents .. " agents" }),
    ui.row({ grow = 1,
      ui.panel({ width = "30%", title = "Agents" }, ui.agent_list(self.agents, { selected = self.selected })),
      ui.panel({ grow = 1, title = self.focused and self.focused.name or "" }, ui.terminal(self.focused)),
    }),
    ui.status_bar({ left = self.mode, right = self.hint }),
  })
end
`;

const TEST = `describe("my layout", function()
  it("at 100x30", function()
    expect(hub:frame{ size = "100x30" }):to_match_golden("layout-100x30")
  end)
  it("at 60x20 after ctrl+g j", function()
    local frame = hub:frame{ size = "60x20", keys = "ctrl+g j",
      agents = { { name = "claude", screen = "thinking...", state = "running" },
                 { name = "tests", screen = "12 passed", state = "exited", exit_code = 0 } } }
    expect(frame):to_contain("12 passed") -- j: the next agent is shown
    expect(frame):to_match_golden("layout-60x20")
  end)
end)
`;

describe('botster-tui test: a user pins their layout with golden frames', () => {
  it('writes, passes, fails with a diff on a change, accepts it with --update', () => {
    const home = realHome('spaces', { 'user/layout.lua': LAYOUT('My Hub'), 'user/layout_test.lua': TEST });
    // (no BOTSTER_HOME or BOTSTER_SOCKET this process may have: the home is ~/.botster)
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: path.dirname(home) };
    delete env.BOTSTER_HOME;
    delete env.BOTSTER_SOCKET;
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, 'test', ...args], { cwd: home, env, encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr, last: r.stdout.trimEnd().split('\n').at(-1) };
    };
    const golden = (name: string) =>
      fs.readFileSync(path.join(home, 'user/__golden__', `${name}.txt`), 'utf8');

    const first = run();
    expect(first.err).toBe('');
    expect(first.last).toBe('2 passed, 0 failed');
    expect(first.code).toBe(0);
    expect(golden('layout-100x30')).toContain(' My Hub  2 agents');
    expect(golden('layout-100x30')).not.toContain('_test.lua'); // a test is never loaded as configuration
    const small = golden('layout-60x20').split('\n');
    expect(small).toHaveLength(21); // 20 rows and the file's last newline
    expect(small[0]).toContain('My Hub');
    expect(golden('layout-60x20')).toContain('12 passed');
    expect(golden('layout-60x20')).toContain('normal'); // ctrl+g: the hub's keys

    expect(run()).toMatchObject({ code: 0, last: '2 passed, 0 failed' });

    fs.writeFileSync(path.join(home, 'user/layout.lua'), LAYOUT('Our Hub'));
    const changed = run();
    expect(changed.code).toBe(1);
    expect(changed.last).toBe('0 passed, 2 failed');
    expect(changed.out).toContain('user/layout_test.lua:3: the frame differs from golden "layout-100x30"');
    expect(changed.out).toContain('user/layout_test.lua:10: the frame differs from golden "layout-60x20"');
    expect(changed.out).toMatch(/line 1:\n\s+- +My Hub  2 agents\n\s+\+ +Our Hub  2 agents/);
    expect(golden('layout-100x30')).toContain('My Hub'); // a failure never rewrites the golden

    expect(run('--update')).toMatchObject({ code: 0, last: '2 passed, 0 failed' });
    expect(golden('layout-100x30')).toContain(' Our Hub  2 agents');
    expect(run()).toMatchObject({ code: 0, last: '2 passed, 0 failed' });
  }, 180_000);

  it('reports a Lua error in a test as file:line: message, and counts it failed', () => {
    const home = realHome('spaces', {
      'user/broken_test.lua':
        'it("adds", function()\n  local t = nil\n  return t.x\nend)\nit("ok", function() expect(1 + 1):to_be(2) end)\n',
    });
    const r = spawnSync(process.execPath, [BIN, 'test', '--home', home], { cwd: home, encoding: 'utf8' });
    expect(r.stdout).toMatch(
      /✕ user\/broken_test\.lua: adds\n\s+user\/broken_test\.lua:3: attempt to index a nil value/,
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed');
    expect(r.status).toBe(1);
  }, 60_000);
});
