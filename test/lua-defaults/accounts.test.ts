// lua/default/accounts.lua in the real configuration runtime: hub events in (a turn's end, usage),
// the requests it makes out (a notice, app:restart with the account's env and the CLI's resume),
// files.carry on real files. The hub around it: test/usage/accounts.test.ts (fake claude) and
// test/usage/accounts-real-claude.test.ts (the real one).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { carryFile } from '../../src/lua/runtime/host-carry.js';
import { tempHome } from '../app/helpers.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

const base = tempHome();
const dir = (n: string) => path.join(base, `claude ${n}`);
const CWD = '/tmp/my app';
const SLUG = CWD.replace(/[^a-zA-Z0-9]/g, '-');
const DEFINE = `accounts.define("one", { cli = "claude", env = { CLAUDE_CONFIG_DIR = ${JSON.stringify(dir('one'))} } })
accounts.define("two", { cli = "claude", env = { CLAUDE_CONFIG_DIR = ${JSON.stringify(dir('two'))} } })
`;

const claude = (state: string, pct: number, account = 'one') => ({
  id: '1',
  name: 'c1',
  program: 'claude',
  command: 'claude',
  cwd: CWD,
  state,
  status: state === 'done' ? 'idle' : state,
  exit_code: null,
  title: '',
  account,
  session: 'sess-1',
  usage: { limits: { five_hour: { used_pct: pct, resets_at: 4102444800 } }, source: 'statusline' },
});
const app = (a: ReturnType<typeof claude>): AppData =>
  ({
    agents: [a],
    focused_id: '1',
    selected: 1,
    mode: 'insert',
    size: { width: 80, height: 24 },
    error: null,
    notice: null,
    shell: '/bin/sh',
  }) as unknown as AppData;

async function runtime(user: string): Promise<ConfigRuntime> {
  rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome({ 'user/accounts.lua': user }) }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt;
}

const turnEnds = (r: ConfigRuntime, a: ReturnType<typeof claude>) =>
  r
    .dispatch('agent_state_changed', { agent: a, from: 'running', to: a.state }, null, () => {}, app(a))
    .requests.flatMap((q) => q.requests) as Array<Record<string, unknown>>;

/** The restart verb app:restart asks for (its answer waited for). */
const isRestart = (q: Record<string, unknown>) => q.type === 'verb' && q.name === 'restart';

describe('accounts.lua', () => {
  it('past the watermark at the end of a turn: the transcript carried, restarted on two with --resume', async () => {
    fs.mkdirSync(path.join(dir('one'), 'projects', SLUG), { recursive: true });
    fs.writeFileSync(path.join(dir('one'), 'projects', SLUG, 'sess-1.jsonl'), '{"said":"hi"}\n');
    const r = await runtime(DEFINE);
    const out = turnEnds(r, claude('done', 96));
    const restart = out.find(isRestart);
    expect(restart).toEqual({
      type: 'verb',
      name: 'restart',
      args: {
        agent: 'id:1',
        command: 'claude',
        args: ['--resume', 'sess-1'],
        cwd: CWD,
        env: { BOTSTER_ACCOUNT: 'two', CLAUDE_CONFIG_DIR: dir('two') },
      },
      dialog: expect.any(Number),
      tell: true,
      as: 'app:restart',
    });
    expect(fs.readFileSync(path.join(dir('two'), 'projects', SLUG, 'sess-1.jsonl'), 'utf8')).toBe(
      '{"said":"hi"}\n',
    );
    expect(JSON.stringify(out)).toMatch(
      /c1: 5h at 96% on account one; now on account two, same conversation/,
    );
  });

  it('never mid-turn, never while it asks, never under the watermark (at a turn end or on news of its usage)', async () => {
    const r = await runtime(DEFINE);
    for (const a of [claude('running', 99), claude('waiting', 99), claude('idle', 94)]) {
      expect(turnEnds(r, a).some((q) => isRestart(q))).toBe(false);
      const usage = r
        .dispatch(
          'agent_usage_changed',
          { agent: { id: a.id, name: a.name }, usage: a.usage, from: null },
          null,
          () => {},
          app(a),
        )
        .requests.flatMap((q) => q.requests) as Array<Record<string, unknown>>;
      expect(usage.some((q) => isRestart(q))).toBe(false);
    }
  });

  it('settings.account_switch_at = false: never', async () => {
    const r = await runtime(`${DEFINE}settings.account_switch_at = false`);
    expect(turnEnds(r, claude('done', 99)).some((q) => isRestart(q))).toBe(false);
  });

  it('before_account_switch chooses: ev.to', async () => {
    fs.mkdirSync(path.join(dir('one'), 'projects', SLUG), { recursive: true });
    fs.writeFileSync(path.join(dir('one'), 'projects', SLUG, 'sess-1.jsonl'), '{}\n');
    const r = await runtime(
      `${DEFINE}accounts.define("three", { cli = "claude", env = { CLAUDE_CONFIG_DIR = ${JSON.stringify(dir('three'))} } })
hooks.on("before_account_switch", function(ev) ev.to = ev.choices[#ev.choices]; return ev end)`,
    );
    const restart = turnEnds(r, claude('done', 97)).find(isRestart) as {
      args: { env: Record<string, string> };
    };
    expect(restart.args.env.BOTSTER_ACCOUNT).toBe('three');
  });

  it('bad definitions are errors at your line', async () => {
    await expect(runtime('accounts.define("x", { cli = "claude" })')).rejects.toThrow(
      /user\/accounts\.lua:1: accounts\.define: x: env must set the CLI's config folder/,
    );
    await expect(
      runtime('\naccounts.define("x", { cli = "claude", env = { A = "1" }, envs = {} })'),
    ).rejects.toThrow(/user\/accounts\.lua:2: accounts\.define: x: unknown field "envs"/);
    await expect(runtime('settings.account_switch_at = 120')).rejects.toThrow(
      /accounts\.lua:1: .*account_switch_at.*percent/,
    );
  });
});

describe('files.carry (carryFile)', () => {
  it('copies a file and the folder of its stem, makes the folder, never overwrites', () => {
    const from = path.join(base, 'carry from', 'p', 'id.jsonl');
    fs.mkdirSync(path.join(path.dirname(from), 'id', 'subagents'), { recursive: true });
    fs.writeFileSync(from, 'a\n');
    fs.writeFileSync(path.join(path.dirname(from), 'id', 'subagents', 's.jsonl'), 's\n');
    const to = path.join(base, 'carry to', 'p', 'id.jsonl');
    expect(carryFile(from, to)).toEqual({ value: true });
    expect(fs.readFileSync(to, 'utf8')).toBe('a\n');
    expect(fs.readFileSync(path.join(path.dirname(to), 'id', 'subagents', 's.jsonl'), 'utf8')).toBe('s\n');
    fs.writeFileSync(from, 'changed\n');
    expect(carryFile(from, to).error).toMatch(/already there/);
    expect(fs.readFileSync(to, 'utf8')).toBe('a\n');
    expect(carryFile(path.join(base, 'none.jsonl'), to).error).toMatch(/ENOENT/);
    expect(carryFile('relative.jsonl', to).error).toMatch(/not an absolute path/);
  });
});
