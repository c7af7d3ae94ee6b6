// clis.define's `versions` (lua/core/clis.lua): the rules of the releases a CLI drew differently,
// picked by the running binary's release (agent.cli_version, read by src/status/cli-version.ts).
// The shipped case: OpenCode's 0.x Go TUI drew "Generating..." rows for a message in progress;
// 1.x draws none, and the same row over its input box is an answer's text.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { screenOf, repoRoot, shippedRuntime } from '../support/status.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

async function runtime(files: Record<string, string> = {}): Promise<ConfigRuntime> {
  rt = (await shippedRuntime(files)).rt;
  return rt;
}

const agent = (program: string, cliVersion?: string) => ({
  id: '1',
  name: program,
  program,
  command: program,
  ...(cliVersion ? { cli_version: cliVersion } : {}),
});

const MINE = `clis.define({
  name = "mytool", programs = { "mytool" },
  detect = function(screen) return "idle", nil, "newest" end,
  versions = {
    { below = "1.0.0", detect = function(screen) return "running", nil, "old row" end },
    { from = "1.0.0", below = "1.2", detect = function(screen) return "waiting", "asks", "mid" end },
  },
})`;

describe('clis.define versions', () => {
  it('the entry covering the running release decides; the top-level detect for newer and unknown releases', async () => {
    const r = await runtime({ 'user/mytool.lua': MINE });
    const read = (v?: string) => r.detectStatus(agent('mytool', v), screenOf('x'));
    expect(read('0.9.3')).toMatchObject({ state: 'running', rule: 'old row (below 1.0.0)' });
    expect(read('1.1.9')).toMatchObject({ state: 'waiting', rule: 'mid (1.0.0 to below 1.2)' });
    expect(read('1.2.0')).toMatchObject({ state: 'idle', rule: 'newest' });
    expect(read()).toMatchObject({ state: 'idle', rule: 'newest' });
    expect(r.export().clis?.find((c) => c.name === 'mytool')?.versioned).toBe(true);
  });

  it("a later definition with a detect of its own replaces the older releases' rules too; one without keeps them", async () => {
    const keep = await runtime({
      'user/mytool.lua': MINE,
      'user/zz.lua': 'clis.define({ name = "mytool", title = "Mine" })',
    });
    expect(keep.detectStatus(agent('mytool', '0.5.0'), screenOf('x'))?.state).toBe('running');
    keep.dispose();
    rt = null;
    const mine = await runtime({
      'user/mytool.lua': MINE,
      'user/zz.lua': 'clis.define({ name = "mytool", detect = function() return "idle", nil, "mine" end })',
    });
    expect(mine.detectStatus(agent('mytool', '0.5.0'), screenOf('x'))).toMatchObject({ rule: 'mine' });
    expect(mine.export().clis?.find((c) => c.name === 'mytool')?.versioned).toBeUndefined();
  });

  it.each([
    ['versions = {}', 'versions must be a list'],
    ['versions = { { detect = function() end } }', 'versions\\[1\\] needs from or below'],
    ['versions = { { below = "x", detect = function() end } }', 'versions\\[1\\].below must be a release'],
    ['versions = { { below = "1.0" } }', 'versions\\[1\\].detect must be a function'],
    ['versions = { { below = "1.0", detect = function() end, answers = {} } }', 'unknown field "answers"'],
    [
      'sandbox = { writes = {} }',
      'sandbox: unknown field "writes" \\(write, env, seed, secrets, vars, network\\)',
    ],
    ['sandbox = { secrets = { "rel/x" } }', 'sandbox.secrets\\[1\\] must be an absolute path'],
    [
      'sandbox = { vars = { "*" } }',
      "sandbox.vars\\[1\\] must be a variable's name or a prefix ending in \\*",
    ],
    ['sandbox = { write = { "rel/x" } }', 'sandbox.write\\[1\\] must be an absolute path'],
    ['sandbox = { seed = { ["x.json"] = "~/x.json" } }', 'sandbox.seed: "x.json" = "~/x.json": both must be'],
  ])('%s is a file:line error', async (field, message) => {
    const source = `-- mine\nclis.define({ name = "x", detect = function() end, ${field} })`;
    await expect(runtime({ 'user/x.lua': source })).rejects.toThrow(
      new RegExp(`user/x\\.lua:2: .*${message}`),
    );
  });

  it('OpenCode: a "Generating..." row over the input box is work in 0.x and an answer\'s text in 1.x', async () => {
    const cases = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'corpus/real-screens/opencode.json'), 'utf8'),
    ) as Array<{ name: string; screen: string; version?: string }>;
    const quote = cases.find((c) => c.version === '1.18.33' && c.name.includes("quote a log's"))!;
    const r = await runtime();
    const read = (v?: string) =>
      r.detectStatus(agent('opencode', v), screenOf(quote.screen, { quiet: 5, state: 'idle' }));
    expect(read('1.18.33')?.state).toBe('idle');
    // The same screen under the 0.x rules: their working row (this is why they are 0.x's only).
    expect(read('0.5.29')).toMatchObject({ state: 'running', rule: 'message in progress (below 1.0.0)' });
  });
});
