import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-pty.js';
import { exec, fleetHubs } from '../support/fleet.js';
import { waitForFrame } from '../support/hub.js';
import { until } from '../support/wait.js';

// `botster-tui pipeline run` from inside an agent (BOTSTER_AGENT_ID set) goes through the user's
// policy, as `push` does: the real CLI in a child process, a real hub with its socket, the step's
// agent a scripted CLI (fake-cli.mjs) in a real PTY. The default policy asks the user (a question
// that takes none of their keys); a user policy may let it run at once, or refuse it.

const hubWithSocket = fleetHubs();
const FAKE = `node ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-cli.mjs'))}`;

const PIPELINE = `pipelines.define{ id = "greet", strategy = { kind = "single", step = {
  id = "hello", command = ${JSON.stringify(FAKE)}, prompt = "answer hello \${word}", check = "true",
} } }`;

const policy = (decision: string, reasoning: string) => `
function review(change)
  if change.kind == "pipeline" then
    return { decision = "${decision}", confidence = 1, reasoning = "${reasoning}: " .. change.pipeline.steps[1].command:match("fake%-cli") .. " " .. change.pipeline.runs[1], rule = "mine" }
  end
  return { decision = "autonomous", confidence = 1, reasoning = "improvements are fine" }
end`;

/** A hub with one agent ("asker"), a repository holding greet.lua, and the CLI run as that agent. */
async function inside(files: Record<string, string> = {}, waitMs = 0) {
  const h = await hubWithSocket([{ command: 'cat', name: 'asker' }], files, { collaborativeWaitMs: waitMs });
  const dir = path.join(h.home, 'my repo');
  fs.mkdirSync(dir);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  fs.writeFileSync(path.join(dir, 'greet.lua'), PIPELINE);
  const agent = h.hub.agents.list()[0];
  const run = (env: Record<string, string> = { BOTSTER_AGENT_ID: agent.id }) =>
    exec(
      process.execPath,
      [BIN, 'pipeline', 'run', 'greet.lua', '--var', 'word=you'],
      { ...h.env, ...env },
      { cwd: dir },
    );
  return { ...h, dir, agent, run };
}

describe('a pipeline run an agent asks for goes through the policy', () => {
  it('default policy: the CLI waits while the hub asks the user a question that takes none of their keys; Enter alone is "not now"; pipeline.accept starts it and the CLI follows it to the end; pipeline.reject refuses the next (exit 1)', async () => {
    const h = await inside({}, 30000);
    const cli = h.run();
    // The question waits; nothing started; the user's keys still go to their agent.
    await until('the question waits', () => h.hub.state.questions.length === 1);
    expect(h.hub.pipelines.list()).toEqual([]);
    await waitForFrame(h.hub, /\? 1 question/);
    h.hub.input('typed by the user\r');
    await until('the agent got the keys', () =>
      /typed by the user[\s\S]*typed by the user/.test(h.hub.screen().toText()),
    );
    expect(h.hub.state.client.mode).toBe('insert');
    // Opened by the user: it says who asks, what it starts and runs. Enter alone is "not now".
    h.hub.input('\x07o');
    const dialog = await waitForFrame(h.hub, /agent asker \(id \d+\) asks to run pipeline greet/);
    expect(dialog).toMatch(/asker asks to run pipeline greet: 1 step/);
    expect(dialog).toMatch(/hello: node ".*fake-cli\.mjs"/);
    expect(dialog).toMatch(/check: true/);
    expect(dialog).toMatch(/type "run", then Enter/);
    h.hub.input('\r');
    await waitForFrame(h.hub, /pipeline greet from agent asker \(id \d+\) still waits: pipeline\.accept r1/);
    expect(h.hub.pipelines.list()).toEqual([]);
    // Back in normal mode (where Ctrl+g o left them): pipeline.accept from the palette is their answer.
    await waitForFrame(h.hub, / NORMAL /);
    h.hub.input(':pipeline.accept r1\r');
    const r = await cli;
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /policy: autonomous \(pipeline-run\): asker asks to run pipeline greet: .*\(accepted by the user\)/,
    );
    expect(r.stdout).toMatch(/^pipeline greet \(run p1\): done\n[\s\S]*\n\nhello you\n$/);

    const next = h.run();
    await until('the next question waits', () => h.hub.state.questions.length === 1);
    await waitForFrame(h.hub, / NORMAL /);
    h.hub.input(':pipeline.reject\r');
    const refused = await next;
    expect(refused).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(
        /pipeline greet refused \(rule pipeline-run\): .*\(rejected by the user\)\n$/,
      ),
    });
    expect(h.hub.pipelines.list()).toHaveLength(1);
  }, 60000);

  it('default policy: past its wait the CLI exits 12 ("waiting for the user"); the run starts when the user types "run" in the question; rejecting another refuses it', async () => {
    const h = await inside();
    const r = await h.run();
    expect(r.status).toBe(12);
    expect(r.stdout).toMatch(
      /^pipeline greet waits for the user \(request r1\): asker asks to run pipeline greet/,
    );
    expect(h.hub.pipelines.list()).toEqual([]);
    // The agent cannot answer for the user.
    const self = await h.cli(['run', 'pipeline.accept', 'r1'], { BOTSTER_AGENT_ID: h.agent.id });
    expect(self.status).not.toBe(0);
    expect(self.stderr).toMatch(/cannot run pipeline\.accept: only you answer an agent's pipeline run/);
    expect(h.hub.pipelines.list()).toEqual([]);
    await until('the question waits', () => h.hub.state.questions.length === 1);
    h.hub.input('\x07o');
    await waitForFrame(h.hub, /agent asker \(id \d+\) asks to run pipeline greet/);
    h.hub.input('run\r');
    await waitForFrame(h.hub, /pipeline greet runs \(run p1\)/);
    await until('the run ended', () => h.hub.pipelines.list()[0]?.status === 'done', 30000);
    expect(h.hub.pipelines.list()[0].result?.text).toBe('hello you');

    const again = await h.run();
    expect(again.status).toBe(12);
    await until('the question waits', () => h.hub.state.questions.length === 1);
    h.hub.input('o'); // (still in normal mode)
    await waitForFrame(h.hub, /agent asker \(id \d+\) asks to run pipeline greet/);
    h.hub.input('reject');
    h.hub.input('\r');
    await waitForFrame(h.hub, /pipeline greet rejected: it does not run/);
    expect(h.hub.pipelines.list()).toHaveLength(1);
  }, 60000);

  it('a user policy returning escalated refuses it with its reasoning (exit 1); nothing starts', async () => {
    const h = await inside({ 'user/policy.lua': policy('escalated', 'no pipelines from agents') });
    const r = await h.run();
    expect(r).toMatchObject({
      status: 1,
      stderr:
        'botster-tui pipeline: pipeline greet refused (rule mine): no pipelines from agents: fake-cli true\n',
    });
    expect(h.hub.pipelines.list()).toEqual([]);
    expect(h.hub.state.questions).toEqual([]);
  }, 60000);

  it('a user policy returning autonomous starts it at once; the CLI follows it to the end', async () => {
    const h = await inside({ 'user/policy.lua': policy('autonomous', 'fine by me') });
    const r = await h.run();
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^botster-tui pipeline: policy: autonomous \(mine\): fine by me: fake-cli true\n/,
    );
    expect(r.stdout).toMatch(/^pipeline greet \(run p1\): done\n[\s\S]*\n\nhello you\n$/);
    expect(h.hub.state.questions).toEqual([]);
  }, 60000);

  it("a user policy written before pipelines (it never mentions them) that lets everything else through does not let an agent's run start by itself: the user is asked", async () => {
    const old = `function review(change) return { decision = "autonomous", confidence = 1, reasoning = "anything else is fine" } end`;
    const h = await inside({ 'user/policy.lua': old });
    const r = await h.run();
    expect(r.status).toBe(12);
    expect(r.stdout).toMatch(
      /user\/policy\.lua let it \(anything else is fine\) but never mentions pipelines/,
    );
    expect(h.hub.pipelines.list()).toEqual([]);
  }, 60000);

  it('a step that names a profile (agent = "x") is reviewed as that profile and starts as it: the trial and the live file read it alike', async () => {
    const h = await inside({
      'user/profiles.lua': `profiles.define("faker", { command = ${JSON.stringify(FAKE)} })`,
      'user/policy.lua': `function review(change)
        local s = change.pipeline and change.pipeline.steps[1] or {}
        return { decision = "autonomous", confidence = 1, reasoning = "pipeline step as " .. (s.profile and ("profile " .. s.profile) or ("command " .. tostring(s.command))) }
      end`,
    });
    fs.writeFileSync(
      path.join(h.dir, 'greet.lua'),
      PIPELINE.replace(/command = "[^\n]*?",/, 'agent = "faker",'),
    );
    expect(fs.readFileSync(path.join(h.dir, 'greet.lua'), 'utf8')).toContain('agent = "faker"');
    const r = await h.run();
    expect(r.stderr).toMatch(/policy: autonomous: pipeline step as profile faker\n/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\n\nhello you\n$/);
  }, 60000);

  it('a policy that errors refuses it (fails closed); the user running it from their own terminal is not reviewed', async () => {
    const h = await inside({ 'user/policy.lua': 'function review(change) error("boom") end' });
    const r = await h.run();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/pipeline greet refused \(rule fail-closed\): user\/policy\.lua:1: boom/);
    expect(h.hub.pipelines.list()).toEqual([]);
    const mine = await h.run({});
    expect(mine.status).toBe(0);
    expect(mine.stderr).not.toMatch(/policy:/);
    expect(mine.stdout).toMatch(/\n\nhello you\n$/);
  }, 60000);

  it("the file is loaded on trial, not in the user's configuration: one that also binds keys is refused before the policy sees it", async () => {
    const h = await inside({ 'user/policy.lua': policy('autonomous', 'fine by me') });
    fs.writeFileSync(
      path.join(h.dir, 'greet.lua'),
      `${PIPELINE}\nkeys.bind("normal", "Z", function(app) app:notify("agent code") end)\n`,
    );
    const r = await h.run();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /greet\.lua: a pipeline file an agent runs may only define pipelines; it also binds normal "Z"/,
    );
    // A mistake in it is its FILE:line, as for a run of the user's.
    fs.writeFileSync(path.join(h.dir, 'greet.lua'), 'pipelines.define{ id = "bad" }\n');
    const bad = await h.run();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/greet\.lua:1: pipelines\.define: strategy must be a table/);
    expect(h.hub.inputCtl.bindingsFor('normal').some((b) => b.keys.join(' ') === 'Z')).toBe(false);
  }, 60000);

  it("only the user answers: an improvement (an agent's code) running pipeline.accept is refused", async () => {
    const h = await inside();
    expect((await h.run()).status).toBe(12);
    const sneaky = await h.hub.improvements.push({
      name: 'sneaky',
      source:
        'keys.bind("normal", "z", function(app) app:run("pipeline.accept") end, { desc = "yes to all" })',
      agent_id: h.agent.id,
    });
    expect(sneaky).toMatchObject({ decision: 'autonomous', live: true });
    h.hub.input('\x07z');
    await waitForFrame(h.hub, /improvement sneaky cannot run pipeline\.accept/);
    expect(h.hub.pipelines.list()).toEqual([]);
    expect(await h.hub.agentRuns.answer(false)).toBe('pipeline greet rejected: it does not run');
  }, 60000);
});
