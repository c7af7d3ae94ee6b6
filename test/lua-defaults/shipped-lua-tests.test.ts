import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-pty.js';
import { tempHome } from '../support/homes.js';

// The shipped layout and widgets have Lua tests of their own (lua/tests/*_test.lua, golden frames in
// lua/tests/__golden__/): npm test runs them with the built CLI, as a user runs theirs. A change to
// what they draw fails here with the lines that changed; `botster-tui test lua/tests --update`
// accepts it.

const ROOT = path.resolve(path.dirname(BIN), '..');

describe('lua/tests: the shipped layout and widgets, by botster-tui test', () => {
  it('every test passes against its golden frames', () => {
    const r = spawnSync(process.execPath, [BIN, 'test', 'lua/tests', '--home', tempHome()], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const last = r.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(last, r.stdout + r.stderr).toMatch(/^([1-9]\d*) passed, 0 failed$/);
    expect(r.stdout).not.toContain('wrote golden'); // every golden frame is committed
    expect(r.status).toBe(0);
  }, 180_000);
});
