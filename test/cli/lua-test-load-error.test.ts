import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-pty.js';
import { realHome } from '../support/homes.js';

// `botster-tui test` when the user's Lua does not load (the built CLI, a fresh HOME whose path has
// a space): the test fails at the user's own file and line (never the fixture's temporary copy),
// shows no golden diff and no "--update accepts it", and --update writes nothing.

const GOOD = `function App:render()
  return ui.column({ ui.header({ title = "My Hub" }), ui.terminal(self.focused) })
end
`;
// A bracket left open at line 2: the parser stops at line 4.
const SYNTAX = `function App:render()
  return ui.column({ ui.header({ title = "My Hub" },
    ui.terminal(self.focused),
  })
end
`;
// Loads, then fails as it renders: \`title\` is nil at line 3.
const RUNTIME = `local title
function App:render()
  return ui.column({ ui.header({ title = "My " .. title }), ui.terminal(self.focused) })
end
`;
// Fails as it loads (outside App:render), at line 2.
const TOP_LEVEL = `local cfg = nil
local width = cfg.width
function App:render() return ui.column({ ui.terminal(self.focused) }) end
`;
const TEST = `describe("my layout", function()
  it("at 100x30", function()
    expect(hub:frame{ size = "100x30" }):to_match_golden("layout-100x30")
  end)
end)
`;

function setUp() {
  const home = realHome('spaces', { 'user/layout.lua': GOOD, 'user/layout_test.lua': TEST });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: path.dirname(home) };
  delete env.BOTSTER_HOME;
  delete env.BOTSTER_SOCKET;
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'test', ...args], { cwd: home, env, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr, last: r.stdout.trimEnd().split('\n').at(-1) };
  };
  const golden = path.join(home, 'user/__golden__/layout-100x30.txt');
  const layout = (text: string) => fs.writeFileSync(path.join(home, 'user/layout.lua'), text);
  return { home, run, golden, layout };
}

/** The run failed at the user's file:line, with no diff, no --update hint and no temporary path. */
function expectToldAt(r: ReturnType<ReturnType<typeof setUp>['run']>, at: RegExp) {
  expect(r.code).toBe(1);
  expect(r.last).toBe('0 passed, 1 failed');
  expect(r.out).toContain('✕ user/layout_test.lua: my layout at 100x30');
  expect(r.out).toContain('user/layout_test.lua:3: hub:frame: the Lua this hub loads raised an error');
  expect(r.out).toMatch(at);
  expect(r.out).not.toContain('botster-test-'); // the fixture's copy
  expect(r.out).not.toContain('--update');
  expect(r.out).not.toContain('differs from golden');
}

describe('botster-tui test: a layout that does not load', () => {
  it('says so at the user’s file and line, and --update never takes the error frame', () => {
    const { run, golden, layout } = setUp();
    expect(run()).toMatchObject({ code: 0, last: '1 passed, 0 failed' });
    const good = fs.readFileSync(golden, 'utf8');
    expect(good).toContain('My Hub');

    layout(SYNTAX);
    expectToldAt(run(), /^ {4}user\/layout\.lua:4: .*near '\}'$/m);
    expectToldAt(run('--update'), /^ {4}user\/layout\.lua:4: .*near '\}'$/m);
    expect(fs.readFileSync(golden, 'utf8')).toBe(good);

    layout(RUNTIME);
    expectToldAt(run(), /^ {4}user\/layout\.lua:3: attempt to concatenate a nil value/m);
    expectToldAt(run('--update'), /^ {4}user\/layout\.lua:3: attempt to concatenate a nil value/m);
    expect(fs.readFileSync(golden, 'utf8')).toBe(good);

    layout(GOOD);
    expect(run()).toMatchObject({ code: 0, last: '1 passed, 0 failed' });
  }, 240_000);

  it('writes no new golden of a layout that fails as it loads, even with --update', () => {
    const { home, run, golden, layout } = setUp();
    layout(TOP_LEVEL);
    expectToldAt(run('--update'), /^ {4}user\/layout\.lua:2: attempt to index a nil value \(local 'cfg'\)$/m);
    expect(fs.existsSync(golden)).toBe(false);
    // Told at the user's file from elsewhere too (paths as the test file's: from the working directory).
    const r = spawnSync(process.execPath, [BIN, 'test', '--home', home], {
      cwd: path.dirname(home),
      encoding: 'utf8',
    });
    expect(r.stdout).toMatch(/^ {4}\.botster\/user\/layout\.lua:2: attempt to index a nil value/m);
    expect(r.status).toBe(1);
  }, 120_000);
});
