import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-pty.js';
import { exec, fleetHubs } from '../support/fleet.js';
import { tempHome } from '../support/homes.js';
import { addFolderPlugin } from '../support/folder-plugin.js';

// Merge kinds are the user's Lua (pipelines.merge_kind in ~/.botster/user/*.lua): one of their own,
// one that replaces a shipped kind, one that errors, each run by `botster-tui pipeline run` against
// a real hub, its steps scripted CLIs (fake-cli.mjs) in real PTYs and real git worktrees.

const hubWithSocket = fleetHubs();
const FAKE = JSON.stringify(
  `node ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-cli.mjs'))}`,
);

// "longest": the step with the longest answer is kept (with finish, its worktree merged).
const LONGEST = `pipelines.merge_kind("longest", function(run, ctx)
  local best
  for _, r in ipairs(run.results) do
    if r.state == "done" and (not best or #(r.answer or "") > #(best.answer or "")) then best = r end
  end
  if not best then return ctx.fail("nobody answered") end
  ctx.keep(best)
end)
`;
// A shipped kind replaced: concatenate joins the answers on one line.
const JOINED = `pipelines.merge_kind("concatenate", function(run, ctx)
  local answers = {}
  for _, r in ipairs(run.results) do answers[#answers + 1] = r.answer or "" end
  ctx.done(table.concat(answers, " | "))
end)
`;
const BROKEN = `pipelines.merge_kind("broken", function(run, ctx)
  local n = run.nothing.here
end)
pipelines.merge_kind("idle", function(run, ctx) end)
`;

function repo(home: string): string {
  const dir = path.join(home, 'my repo');
  fs.mkdirSync(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'README.md'), 'hello\n');
  git('add', '-A');
  git('commit', '-qm', 'start');
  return dir;
}

const parallel = (id: string, merge: string) =>
  `pipelines.define{ id = "${id}", strategy = { kind = "parallel", merge = ${merge}, branches = {
    { id = "short", command = ${FAKE}, prompt = "write s.txt short; answer brief" },
    { id = "long", command = ${FAKE}, prompt = "write l.txt long; answer a much longer answer" },
  } } }`;

describe('merge kinds of your own', () => {
  it('a kind in user/*.lua keeps the longest answer and merges its worktree; a shipped kind is replaced by name', async () => {
    const h = await hubWithSocket([], { 'user/longest.lua': LONGEST, 'user/joined.lua': JOINED });
    const dir = repo(h.home);
    const run = (file: string, lua: string) => {
      fs.writeFileSync(path.join(dir, file), lua);
      return exec(process.execPath, [BIN, 'pipeline', 'run', file], h.env, { cwd: dir });
    };

    const r = await run('longest.lua', parallel('pick', '{ kind = "longest", finish = true }'));
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pipeline pick \(run p1\): done\n/);
    expect(r.stdout).toContain('kept: long (merged into its base)');
    expect(r.stdout).toMatch(/\n\nwrote l\.txt\na much longer answer\n$/);
    expect(fs.readFileSync(path.join(dir, 'l.txt'), 'utf8')).toBe('long\n');
    expect(fs.existsSync(path.join(dir, 's.txt'))).toBe(false);

    const j = await run(
      'joined.lua',
      `pipelines.define{ id = "two", strategy = { kind = "sequential", steps = {
        { id = "a", command = ${FAKE}, prompt = "answer one" },
        { id = "b", command = ${FAKE}, prompt = "answer two" },
      } } }`,
    );
    expect(j.status).toBe(0);
    // (sequential: the last step is the only result)
    expect(j.stdout).toMatch(/\n\ntwo\n$/);
    const both = await run('both.lua', parallel('both', '"concatenate"'));
    expect(both.status).toBe(0);
    expect(both.stdout).toMatch(/\n\nwrote s\.txt\nbrief \| wrote l\.txt\na much longer answer\n$/);

    // An unknown kind is refused where it is written, naming the kinds there are (yours too).
    const bad = await run('bad.lua', parallel('bad', '"longst"'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /bad\.lua:1: pipelines\.define: strategy\.merge must be a merge kind \(choose, concatenate, longest, pick_best, summarize\), got longst/,
    );
  }, 90000);

  it('a kind that errors, or decides nothing, fails the run with its file:line', async () => {
    const h = await hubWithSocket([], { 'user/broken.lua': BROKEN });
    const dir = repo(h.home);
    const single = (id: string, kind: string) =>
      `pipelines.define{ id = "${id}", strategy = { kind = "single", merge = "${kind}", step = { command = ${FAKE}, prompt = "answer hi" } } }`;
    fs.writeFileSync(path.join(dir, 'broken.lua'), single('oops', 'broken'));
    const r = await exec(process.execPath, [BIN, 'pipeline', 'run', 'broken.lua'], h.env, { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^pipeline oops \(run p1\): failed: \S*user\/broken\.lua:2: attempt to index a nil value \(field 'nothing'\)\n/,
    );
    fs.writeFileSync(path.join(dir, 'idle.lua'), single('idle', 'idle'));
    const idle = await exec(process.execPath, [BIN, 'pipeline', 'run', 'idle.lua'], h.env, { cwd: dir });
    expect(idle.status).toBe(1);
    expect(idle.stdout).toMatch(
      /^pipeline idle \(run p2\): failed: \S*user\/broken\.lua:4: merge kind idle decided nothing \(ctx\.done/,
    );
  }, 60000);

  it("a plugin's pipeline merges with your kinds (checked as it starts); a plugin cannot add a kind", async () => {
    const h = await hubWithSocket([], { 'user/longest.lua': LONGEST }, { cols: 120, rows: 40 });
    const add = (name: string, lua: string) => addFolderPlugin(h.home, name, lua, ['pipelines']);
    const two = (id: string, kind: string) =>
      `pipelines.define{ id = "${id}", strategy = { kind = "parallel", merge = "${kind}", branches = {
        { id = "a", command = ${FAKE}, prompt = "answer hi", worktree = false },
        { id = "b", command = ${FAKE}, prompt = "answer hello there", worktree = false },
      } } }`;
    await add('mine', two('mine-two', 'longest'));
    await add('typo', two('typo-two', 'longst'));
    await expect(add('kinds', 'pipelines.merge_kind("x", function(run, ctx) end)')).rejects.toThrow(
      /merge kinds are your configuration's/,
    );
    await h.hub.config.reload([]);
    const cwd = tempHome();
    const run = await (await h.hub.pipelines.start({ id: 'mine-two', cwd })).done;
    expect(run).toMatchObject({ status: 'done', result: { chosen: 'b', text: 'hello there' } });
    await expect(h.hub.pipelines.start({ id: 'typo-two', cwd })).rejects.toThrow(
      'plugin typo: pipeline typo-two: strategy.merge must be a merge kind (choose, concatenate, longest, pick_best, summarize), got longst',
    );
  }, 60000);
});
