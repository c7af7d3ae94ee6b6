// lua/default/accounts.lua in the real configuration runtime: hub events in (a turn's end, usage),
// the requests it makes out (a notice, app:restart with the account's env and the CLI's resume),
// files.carry on real files. The hub around it: test/usage/accounts.test.ts (fake claude) and
// test/usage/accounts-real-claude.test.ts (the real one).
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { carryFile } from '../../src/lua/runtime/host-carry.js';
import { tempHome } from '../support/hub.js';

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

/** The question a turn's end asked (app:select from a hook: dialog_open), or undefined. */
const questionOf = (out: Array<Record<string, unknown>>) =>
  out.find((q) => q.type === 'dialog_open') as
    { dialog: number; title: string; items: Array<{ id: string }>; key: string } | undefined;

/** Its answer: the item labelled `label`. */
const answer = (
  r: ConfigRuntime,
  q: { dialog: number; items: Array<{ id: string }> },
  label: string,
  a: ReturnType<typeof claude>,
) =>
  r.resolveDialog(q.dialog, q.items.findIndex((i) => i.id === label) + 1, app(a)) as Array<
    Record<string, unknown>
  >;

const transcript = (text: string) => {
  fs.mkdirSync(path.join(dir('one'), 'projects', SLUG), { recursive: true });
  fs.rmSync(path.join(dir('one'), 'projects', SLUG, 'sess-1.jsonl'), { force: true });
  fs.rmSync(path.join(dir('two'), 'projects', SLUG, 'sess-1.jsonl'), { force: true });
  fs.writeFileSync(path.join(dir('one'), 'projects', SLUG, 'sess-1.jsonl'), text);
};

describe('accounts.lua', () => {
  it('past the watermark at the end of a turn: it asks you; "move" carries the transcript and restarts it on two with --resume', async () => {
    transcript('{"said":"hi"}\n');
    const r = await runtime(DEFINE);
    const out = turnEnds(r, claude('done', 96));
    // The figure is the agent's word: nothing moves before you answer.
    expect(out.some(isRestart)).toBe(false);
    expect(fs.existsSync(path.join(dir('two'), 'projects', SLUG, 'sess-1.jsonl'))).toBe(false);
    const q = questionOf(out)!;
    expect(q.title).toBe('c1 (id 1) says 5h at 96% on account one: move it to two?');
    expect(q.items.map((i) => i.id)).toEqual(['not now', 'stay', 'move']);
    const moved = answer(r, q, 'move', claude('done', 96));
    const restart = moved.find(isRestart);
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
    expect(JSON.stringify(moved)).toMatch(
      /c1: 5h at 96% on account one; now on account two, same conversation/,
    );
  });

  it('"stay" and "not now" move nothing; "not now" asks again at its next turn\'s end, "stay" not this window', async () => {
    transcript('{}\n');
    const r = await runtime(DEFINE);
    const q = questionOf(turnEnds(r, claude('done', 97)))!;
    expect(answer(r, q, 'not now', claude('done', 97)).some(isRestart)).toBe(false);
    const again = questionOf(turnEnds(r, claude('done', 97)))!;
    expect(again).toBeDefined();
    expect(answer(r, again, 'stay', claude('done', 97)).some(isRestart)).toBe(false);
    expect(questionOf(turnEnds(r, claude('done', 97)))).toBeUndefined();
    expect(fs.existsSync(path.join(dir('two'), 'projects', SLUG, 'sess-1.jsonl'))).toBe(false);
  });

  it('"move" once the agent changed (another account, running): not moved', async () => {
    transcript('{}\n');
    const r = await runtime(DEFINE);
    const q = questionOf(turnEnds(r, claude('done', 97)))!;
    const out = answer(r, q, 'move', claude('running', 97));
    expect(out.some(isRestart)).toBe(false);
    expect(JSON.stringify(out)).toMatch(/not moved to account two: it changed since you were asked/);
  });

  it('a transcript that is a link (to a key): "move" refuses, nothing copied, not restarted', async () => {
    transcript('');
    const key = path.join(base, 'id_ed25519');
    fs.writeFileSync(key, 'PRIVATE KEY\n');
    const t = path.join(dir('one'), 'projects', SLUG, 'sess-1.jsonl');
    fs.rmSync(t);
    fs.symlinkSync(key, t);
    const r = await runtime(DEFINE);
    const q = questionOf(turnEnds(r, claude('done', 97)))!;
    const out = answer(r, q, 'move', claude('done', 97));
    expect(out.some(isRestart)).toBe(false);
    expect(JSON.stringify(out)).toMatch(
      /not moved to account two: files\.carry: .+sess-1\.jsonl is a link \(not followed\)/,
    );
    expect(fs.existsSync(path.join(dir('two'), 'projects', SLUG, 'sess-1.jsonl'))).toBe(false);
  });

  it('a conversation id that is a path: refused', async () => {
    transcript('{}\n');
    const r = await runtime(DEFINE);
    const a = { ...claude('done', 97), session: '../../x' };
    const q = questionOf(turnEnds(r, a))!;
    const out = answer(r, q, 'move', a);
    expect(out.some(isRestart)).toBe(false);
    expect(JSON.stringify(out)).toMatch(/its conversation id .* is not one word/);
  });

  it('accounts.ask = false: it moves at once', async () => {
    transcript('{}\n');
    const r = await runtime(`${DEFINE}accounts.ask = false`);
    const out = turnEnds(r, claude('done', 96));
    expect(questionOf(out)).toBeUndefined();
    expect(out.some(isRestart)).toBe(true);
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
    const q = questionOf(turnEnds(r, claude('done', 97)))!;
    expect(q.title).toMatch(/move it to three\?$/);
    const restart = answer(r, q, 'move', claude('done', 97)).find(isRestart) as {
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

  // (what it copies was written by an agent: its config folder is its box's to write)
  const carried = () => {
    const root = fs.mkdtempSync(path.join(base, 'links-'));
    const from = path.join(root, 'a');
    const to = path.join(root, 'b');
    fs.mkdirSync(path.join(from, 'p'), { recursive: true });
    fs.mkdirSync(to);
    const key = path.join(root, 'id_ed25519');
    fs.writeFileSync(key, 'PRIVATE KEY\n');
    // (joined as is: path.join would take the ".." away)
    return {
      root,
      from,
      to,
      key,
      carry: (rel: string) => carryFile(`${from}/${rel}`, `${to}/${rel}`, { from, to }),
    };
  };

  it('never through a link: the file, a folder on its way, the folder of its stem, the destination', () => {
    const c = carried();
    fs.symlinkSync(c.key, path.join(c.from, 'p', 'id.jsonl'));
    expect(c.carry('p/id.jsonl').error).toMatch(/p\/id\.jsonl is a link \(not followed\)/);
    // a folder on the way is a link (to ~/.ssh, say)
    fs.symlinkSync(c.root, path.join(c.from, 'q'));
    expect(c.carry('q/id_ed25519').error).toMatch(/a\/q is a link \(not followed\)/);
    // the folder of its stem holds a link
    fs.writeFileSync(path.join(c.from, 'p', 's.jsonl'), 'x\n');
    fs.mkdirSync(path.join(c.from, 'p', 's'));
    fs.symlinkSync(c.key, path.join(c.from, 'p', 's', 'k'));
    expect(c.carry('p/s.jsonl').error).toMatch(/p\/s\/k is a link \(not followed\)/);
    // the destination's folder is a link (planted by an agent that ran on that account)
    fs.writeFileSync(path.join(c.from, 'p', 't.jsonl'), 'x\n');
    fs.symlinkSync(path.join(c.root, 'elsewhere'), path.join(c.to, 'p'));
    fs.mkdirSync(path.join(c.root, 'elsewhere'));
    expect(c.carry('p/t.jsonl').error).toMatch(/b\/p is a link \(not followed\)/);
    expect(fs.readdirSync(path.join(c.root, 'elsewhere'))).toEqual([]);
    // the destination itself is a link, even to nothing
    fs.rmSync(path.join(c.to, 'p'));
    fs.mkdirSync(path.join(c.to, 'p'));
    fs.symlinkSync(path.join(c.root, 'planted'), path.join(c.to, 'p', 't.jsonl'));
    expect(c.carry('p/t.jsonl').error).toMatch(/already there/);
    expect(fs.existsSync(path.join(c.root, 'planted'))).toBe(false);
    // nothing was copied anywhere
    expect(fs.readdirSync(path.join(c.to, 'p'))).toEqual(['t.jsonl']);
  });

  it('no "." or ".." parts, nothing outside its folder, regular files only', () => {
    const c = carried();
    fs.writeFileSync(path.join(c.from, 'p', 'id.jsonl'), 'x\n');
    expect(c.carry('p/../../id_ed25519').error).toMatch(/no "\.", "\.\." or "\/\/"/);
    expect(carryFile(c.key, path.join(c.to, 'k'), { from: c.from, to: c.to }).error).toMatch(
      /is not inside its folder/,
    );
    spawnSync('mkfifo', [path.join(c.from, 'p', 'f.jsonl')]);
    expect(c.carry('p/f.jsonl').error).toMatch(/not a regular file/);
    expect(c.carry('p/id.jsonl')).toEqual({ value: true });
  });
});
