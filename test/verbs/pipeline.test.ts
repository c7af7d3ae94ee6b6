import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-pty.js';
import { exec, fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';
import { addFolderPlugin } from '../support/folder-plugin.js';

// `botster-tui pipeline run|ls|show` against a real hub's socket: the CLI in a child process, the
// steps' agents scripted CLIs (fake-cli.mjs) in real PTYs, run from a repository with a space.

const hubWithSocket = fleetHubs();
const FAKE = `node ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pipelines', 'fake-cli.mjs'))}`;

describe('botster-tui pipeline', () => {
  it('run FILE --var waits for the end and prints each step and the result; ls lists it; errors have their codes', async () => {
    const h = await hubWithSocket();
    const dir = path.join(h.home, 'my repo');
    fs.mkdirSync(dir);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    const file = path.join(dir, 'two.lua');
    fs.writeFileSync(
      file,
      `pipelines.define{ id = "two", strategy = { kind = "sequential", steps = {
        { id = "first", command = ${JSON.stringify(FAKE)}, prompt = "answer first \${word}" },
        { id = "second", command = ${JSON.stringify(FAKE)}, prompt = "answer second after \${first.result}" },
      } } }`,
    );
    const r = await exec(
      process.execPath,
      [BIN, 'pipeline', 'run', 'two.lua', '--var', 'word=hello'],
      h.env,
      { cwd: dir },
    );
    expect(r.status).toBe(0);
    // Each step's moves as they happen, on stderr (stdout is the result).
    expect(r.stderr).toMatch(/^botster-tui pipeline: p1 first: (queued|starting)\n/);
    expect(r.stderr).toMatch(/p1 first \(two-first\): done\n[\s\S]*p1 second \(two-second\): done\n$/);
    expect(r.stdout).toMatch(
      /^pipeline two \(run p1\): done\n {2}first +two-first +done .*\n {2}second +two-second +done .*\n\nsecond after first hello\n$/,
    );
    const ls = await exec(process.execPath, [BIN, 'pipeline', 'ls', '--json'], h.env);
    expect(JSON.parse(ls.stdout)).toMatchObject([{ id: 'p1', pipeline: 'two', status: 'done' }]);
    const show = await exec(process.execPath, [BIN, 'pipeline', 'show', 'p1', '--json'], h.env);
    expect(JSON.parse(show.stdout)).toMatchObject({ steps: { first: { answer: 'first hello' } } });

    // A variable left out, a broken file: said, with their exit codes (an agent inside the hub:
    // agent-pipelines.test.ts).
    const unset = await exec(process.execPath, [BIN, 'pipeline', 'run', file], h.env);
    expect(unset).toMatchObject({
      status: 1,
      stderr: 'botster-tui pipeline: pipeline two: ${word} is not set (--var word=...)\n',
    });
    fs.writeFileSync(path.join(dir, 'bad.lua'), 'pipelines.define{ id = "bad" }\n');
    const bad = await exec(process.execPath, [BIN, 'pipeline', 'run', path.join(dir, 'bad.lua')], h.env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/bad\.lua:1: pipelines\.define: strategy must be a table/);
    const usage = await exec(process.execPath, [BIN, 'pipeline', 'run', file, '--var', 'word'], h.env);
    expect(usage).toMatchObject({
      status: 2,
      stderr: 'botster-tui pipeline: --var word: expected NAME=VALUE\n',
    });
  }, 60000);

  // Exit 11 alone told nothing: the run waits, and the user must learn how to choose.
  it("a run that waits for a choice exits 11 and says how to choose: the hub's keys and the command", async () => {
    const h = await hubWithSocket();
    const dir = path.join(h.home, 'repo');
    fs.mkdirSync(dir);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'README.md'), 'hello\n');
    execFileSync('git', ['add', '-A'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'start'], {
      cwd: dir,
    });
    fs.writeFileSync(
      path.join(dir, 'pick.lua'),
      `pipelines.define{ id = "pick", strategy = { kind = "parallel", merge = { kind = "choose" }, branches = {
        { id = "one", command = ${JSON.stringify(FAKE)}, prompt = "write idea.txt first; answer one" },
        { id = "two", command = ${JSON.stringify(FAKE)}, prompt = "write idea.txt second; answer two" },
      } } }`,
    );
    const r = await exec(process.execPath, [BIN, 'pipeline', 'run', 'pick.lua'], h.env, { cwd: dir });
    expect(r.status).toBe(11);
    expect(r.stdout).toMatch(/^pipeline pick \(run p1\): choosing/);
    expect(r.stderr).toContain("run p1 waits for you to keep one step's work:");
    expect(r.stderr).toMatch(
      /in the hub: Ctrl\+g o opens its question, or pipeline\.choose in the palette \(Ctrl\+g :\)/,
    );
    expect(r.stderr).toContain('or here:    botster-tui pipeline choose p1 STEP   (STEP: one, two)');
  }, 60000);

  it("Lua's pipelines.run, cancel, pause, retry, choose are this verb: its answer returned, its rule, a plugin's run held as the plugin's", async () => {
    const lua = (id: string) =>
      `pipelines.define{ id = "${id}", strategy = { kind = "sequential", steps = {
  { id = "one", command = "FAKE", prompt = "answer first \${word}" },
} } }
`.replace(/FAKE/g, JSON.stringify(FAKE).slice(1, -1));
    const { hub, home, cli } = await hubWithSocket([], {
      'user/init.lua': `${lua('mine')}
commands.register("t.pipe", function(app)
  local a = pipelines.run("mine", { word = "hi" })
  app:notify(("ran %s %s"):format(tostring(a.ok), tostring(a.run and a.run.id)))
end)
commands.register("t.steer", function(app)
  local c = pipelines.cancel("nope")
  local p = pipelines.pause("nope", false)
  app:notify(("steer %s %s / %s"):format(tostring(c.ok), tostring(c.error), tostring(p.ok)))
end)
commands.register("t.cb", function(app)
  pipelines.retry("nope", "one", function(a) app:notify("cb " .. tostring(a.error)) end)
end)
`,
    });
    const ran = await cli(['run', 't.pipe', '--json']);
    expect(ran.stderr).toBe('');
    const id = /ran true (\S+)/.exec(String(JSON.parse(ran.stdout).notice))?.[1];
    expect(id).toBeDefined();
    const run = hub.pipelines.get(id!);
    expect(run?.pipeline).toBe('mine');
    await until('the run ends', () => hub.pipelines.get(id!)?.status === 'done', 30000);
    expect(hub.pipelines.get(id!)?.result?.text).toBe('first hi');

    // No such run: the verb's error, returned (and said on screen: the call may drop it).
    const steer = await cli(['run', 't.steer', '--json']);
    expect(steer.stdout + steer.stderr).toMatch(/steer false no pipeline run nope.* \/ false/);
    await cli(['run', 't.cb']);
    await until('the callback read the answer', () =>
      /cb no pipeline run nope/.test(hub.state.notice?.text ?? ''),
    );

    // A plugin granted `pipelines` starts its own run from its Lua: its agents are the plugin's.
    await addFolderPlugin(
      home,
      'piper',
      `${lua('theirs')}
commands.register("piper.go", function(app)
  local a = pipelines.run("theirs", { word = "yo" })
  app:notify("piper " .. tostring(a.ok) .. " " .. tostring(a.run and a.run.id))
end)
`,
      ['pipelines', 'commands'],
    );
    await hub.config.reload([]);
    const theirs = await cli(['run', 'piper.go', '--json']);
    const pid = /piper true (\S+)/.exec(String(JSON.parse(theirs.stdout).notice))?.[1];
    expect(pid).toBeDefined();
    await until('their run ends', () => hub.pipelines.get(pid!)?.status === 'done', 30000);
    const r = hub.pipelines.get(pid!)!;
    const agents = r.order.map((k) => r.steps[k]!.agent?.id);
    expect(agents.map((a) => (a ? hub.drive.luaAncestry(a) : 'none'))).toEqual(['plugin piper']);
  }, 90000);
});
