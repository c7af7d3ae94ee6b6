import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { typeInto } from '../../src/agents/type-into.js';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import type { HubOptions } from '../../src/app/hub.js';
import type { PipelineRun } from '../../src/pipelines/run.js';
import { readAgent } from '../../src/agents/agent-screen.js';
import { tempHome } from '../support/homes.js';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';

// Pipelines driving real agents: each step's agent is a scripted CLI (fake-cli.mjs) in a real PTY,
// in a real git repository (a folder with a space), followed through the hub's own agent states.

// A hub with a control socket: the scripted CLI reports its turns there, as real CLIs' hooks do.
const withSocket = fleetHubs();
const hubs = { real: async (opts: Partial<HubOptions> = {}) => (await withSocket([], {}, opts)).hub };
const FAKE = `node ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-cli.mjs'))}`;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });

function repo(): string {
  const dir = path.join(tempHome(), 'my project');
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'README.md'), 'hello\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'start');
  return dir;
}

/** A pipeline file (Lua) in the repository; FAKE stands for the scripted CLI's command line. */
function file(dir: string, lua: string): { path: string; source: string } {
  const source = lua.replace(/FAKE/g, JSON.stringify(FAKE).slice(1, -1));
  const p = path.join(dir, '..', 'pipeline.lua');
  fs.writeFileSync(p, source);
  return { path: p, source };
}

async function run(
  hub: Hub,
  f: { path: string; source: string },
  cwd: string,
  vars = {},
): Promise<PipelineRun> {
  const { done } = await hub.pipelines.start({ file: f, cwd, vars });
  return done;
}

describe('pipelines with scripted CLIs in real PTYs', () => {
  it('parallel best-of-three in worktrees: the passing check with the smallest change is kept and merged, the others discarded', async () => {
    const dir = repo();
    const hub = await hubs.real({ cols: 120, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "best", strategy = { kind = "parallel", merge = { kind = "pick_best", finish = true }, branches = {
        { id = "small", command = "FAKE", prompt = "write f.txt \${task}; commit small; answer small is done", check = "test -f f.txt" },
        { id = "big", command = "FAKE", prompt = "write f.txt \${task}; write g.txt more; commit big; answer big is done", check = "test -f f.txt" },
        { id = "none", command = "FAKE", prompt = "answer I did nothing", check = "test -f f.txt" },
      } } }`,
    );
    const r = await run(hub, f, dir, { task: 'one' });
    expect(r.status).toBe('done');
    expect(r.result).toMatchObject({ chosen: 'small', merged: true });
    expect(r.result?.text).toBe('wrote f.txt\ncommitted\nsmall is done');
    expect(r.steps.small).toMatchObject({ state: 'done', check: { code: 0 }, diff: { files: 1, added: 1 } });
    expect(r.steps.big).toMatchObject({ state: 'done', check: { code: 0 }, diff: { files: 2, added: 2 } });
    expect(r.steps.none).toMatchObject({ state: 'done', check: { code: 1 }, answer: 'I did nothing' });
    // small's work is in main; the branches of the others are gone.
    expect(fs.readFileSync(path.join(dir, 'f.txt'), 'utf8')).toBe('one\n');
    expect(fs.existsSync(path.join(dir, 'g.txt'))).toBe(false);
    await until('the worktrees are removed', () => !git(dir, 'branch').includes('pipeline/'));
    // Its file says how it ended.
    const kept = JSON.parse(fs.readFileSync(path.join(hub.opts.home, 'pipelines', `${r.id}.json`), 'utf8'));
    expect(kept.status).toBe('done');
  }, 60000);

  it('a chain: the outline fans out one agent per item, a review gets every result; concatenate and the step events', async () => {
    const dir = repo();
    const events: Array<Record<string, unknown>> = [];
    const hub = await hubs.real({ cols: 120, rows: 40 });
    hub.events.taps.add((event, payload) => {
      if (event === 'pipeline_step_done') events.push(payload);
    });
    const f = file(
      dir,
      `pipelines.define{ id = "fan", max_agents = 2, strategy = { kind = "chain", steps = {
        { id = "outline", command = "FAKE", prompt = "answer - alpha; answer - beta; answer - gamma" },
        { id = "impl", command = "FAKE", parallel_on = "outline", prompt = "answer did \${item}" },
        { id = "review", command = "FAKE", depends_on = { "impl" }, prompt = "answer reviewed \${impl.result}" },
      } } }`,
    );
    const r = await run(hub, f, dir);
    expect(r.status).toBe('done');
    expect(r.order).toEqual(['outline', 'impl[1]', 'impl[2]', 'impl[3]', 'review']);
    expect(['impl[1]', 'impl[2]', 'impl[3]'].map((k) => r.steps[k].answer)).toEqual([
      'did alpha',
      'did beta',
      'did gamma',
    ]);
    expect(r.result?.text).toMatch(/^reviewed ## impl\[1\]: alpha/);
    expect(events.map((e) => `${String(e.key)}:${String(e.state)}`).sort()).toEqual(
      ['impl[1]:done', 'impl[2]:done', 'impl[3]:done', 'outline:done', 'review:done'].sort(),
    );
  }, 60000);

  it('context sources in a prompt, the streaming handler, summarize (another agent gets the results), and pick_best by a Lua criterion', async () => {
    const dir = repo();
    const chunks: Array<Record<string, unknown>> = [];
    const hub = await hubs.real({ cols: 120, rows: 40 });
    hub.events.taps.add((event, payload) => {
      if (event === 'pipeline_chunk') chunks.push(payload);
    });
    const f = file(
      dir,
      `pipelines.define{ id = "ctx",
        context = { sources = { { text = "from-text" }, { file = "README.md" }, { command = "echo from-command" } } },
        streaming = function(chunk, ev) log.info("streamed " .. ev.step .. ": " .. chunk) end,
        strategy = { kind = "single", step = { id = "x", command = "FAKE", worktree = false, prompt = "answer saw \${context}" } } }
      pipelines.define{ id = "sum", strategy = { kind = "parallel", branches = {
          { id = "a", command = "FAKE", worktree = false, prompt = "answer alpha" },
          { id = "b", command = "FAKE", worktree = false, prompt = "answer beta" },
        }, merge = { kind = "summarize", step = { id = "sum", command = "FAKE", prompt = "answer summary: \${results}" } } } }
      pipelines.define{ id = "crit", strategy = { kind = "parallel", branches = {
          { id = "first", command = "FAKE", worktree = false, prompt = "answer not me" },
          { id = "second", command = "FAKE", worktree = false, prompt = "answer pick me" },
        }, merge = { kind = "pick_best", criterion = function(results)
          for i, r in ipairs(results) do if r.answer == "pick me" then return i end end
        end } } }`,
    );
    const start = async (id: string) => (await hub.pipelines.start({ file: f, id, cwd: dir })).done;
    const ctx = await start('ctx');
    expect(ctx.status).toBe('done');
    // The context the prompt placed: the text, the file and the command's output, in that order.
    expect(ctx.steps.x.answer).toMatch(/from-text[\s\S]*README\.md[\s\S]*hello[\s\S]*from-command/);
    // Its new lines as they come: the hooks' pipeline_chunk, and the streaming handler (it logs them).
    expect(chunks.some((c) => c.step === 'x' && /hello/.test(String(c.chunk)))).toBe(true);
    const log = () => fs.readFileSync(path.join(hub.opts.home, 'logs', 'hub.log'), 'utf8');
    await until('the streaming handler logged its lines', () => /streamed x: [\s\S]*hello/.test(log()));
    const sum = await start('sum');
    expect(sum.status).toBe('done');
    expect(sum.result?.text).toMatch(/^summary: [\s\S]*alpha[\s\S]*beta/);
    const picked = await start('crit');
    expect(picked).toMatchObject({ status: 'done', result: { chosen: 'second', text: 'pick me' } });
  }, 60000);

  it('a question pauses its step until the user answers; a step whose agent exits or hangs fails with why, and the merge decides with the rest', async () => {
    const dir = repo();
    const hub = await hubs.real({ cols: 120, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "rough", strategy = { kind = "parallel", merge = "concatenate", branches = {
        { id = "asker", command = "FAKE", worktree = false, prompt = "ask Overwrite config?; answer asked" },
        { id = "quitter", command = "FAKE", worktree = false, prompt = "exit 3" },
        { id = "hanger", command = "FAKE", worktree = false, prompt = "hang", timeout = 3 },
      } } }`,
    );
    const { run: started, done } = await hub.pipelines.start({ file: f, cwd: dir });
    await until('the asker waits for the user', () => started.steps.asker?.state === 'waiting', 20000);
    expect(started.steps.asker.reason).toMatch(/Overwrite config/);
    typeInto(hub, hub.agents.get(started.steps.asker.agent!.id)!, 'y', 'enter');
    const r = await done;
    expect(r.steps.asker).toMatchObject({ state: 'done' });
    expect(r.steps.asker.answer).toMatch(/you said y\s+asked/);
    expect(r.steps.quitter).toMatchObject({ state: 'failed' });
    expect(r.steps.quitter.reason).toMatch(/its agent exited/);
    expect(r.steps.hanger).toMatchObject({ state: 'failed', reason: 'no answer within 3 s (its timeout)' });
    expect(r.status).toBe('failed');
    expect(r.result?.text).toContain('asked');
  }, 60000);

  it('a broken file is its file:line; a variable left unset and an unknown strategy are said before anything starts', async () => {
    const dir = repo();
    const hub = await hubs.real();
    await expect(
      hub.pipelines.start({ file: file(dir, 'pipelines.define{ id = "x",\n  strategy = 3 }'), cwd: dir }),
    ).rejects.toThrow(/pipeline\.lua:1: pipelines\.define: strategy must be a table/);
    await expect(
      hub.pipelines.start({ file: file(dir, 'pipelines.define{ id = "x"\n  strategy = {} }'), cwd: dir }),
    ).rejects.toThrow(/pipeline\.lua:2: .*expected/);
    const needsTask = file(
      dir,
      `pipelines.define{ id = "t", strategy = { kind = "single", step = { command = "FAKE", prompt = "do \${task}" } } }`,
    );
    await expect(hub.pipelines.start({ file: needsTask, cwd: dir })).rejects.toThrow(
      'pipeline t: ${task} is not set (--var task=...)',
    );
    expect(hub.agents.list()).toEqual([]);
  }, 30000);

  it("a CLI that leaves its edits uncommitted (as most do): the kept step's are committed and merged", async () => {
    const dir = repo();
    const hub = await hubs.real({ cols: 120, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "loose", strategy = { kind = "parallel", merge = { kind = "pick_best", finish = true }, branches = {
        { id = "short", command = "FAKE", prompt = "write notes.txt short; answer short", check = "test -f notes.txt" },
        { id = "long", command = "FAKE", prompt = "write notes.txt long; write more.txt more; answer long", check = "test -f notes.txt" },
      } } }`,
    );
    const r = await run(hub, f, dir);
    expect(r).toMatchObject({ status: 'done', result: { chosen: 'short', merged: true } });
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('short\n');
    expect(git(dir, 'log', '-1', '--format=%s', 'HEAD^2')).toBe(`pipeline ${r.id}: short\n`);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  }, 60000);

  it('an enter the CLI missed (busy as it started) is pressed again while the prompt still sits in its input', async () => {
    const dir = repo();
    const hub = await hubs.real({ cols: 120, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "deaf", strategy = { kind = "single", step = { command = "env CLI_DEAF_ENTERS=1 FAKE", prompt = "answer heard you" } } }`,
    );
    const r = await run(hub, f, dir);
    expect(r).toMatchObject({ status: 'done', result: { text: 'heard you' } });
  }, 30000);

  it('a CLI known only from its screen that answers at once (idle before and after: no state changes) ends its turn once its answer stands', async () => {
    const dir = repo();
    // A shell-script "CLI": a prompt, one line read, a file written, an answer, the prompt again.
    const cli = path.join(dir, '..', 'mini cli');
    fs.writeFileSync(
      cli,
      `#!/bin/bash\necho "mini cli $1"\nwhile printf '> ' && IFS= read -r line; do\n  echo "$1" > "out-$1.txt"\n  echo "answered by $1"\ndone\n`,
      { mode: 0o755 },
    );
    const hub = await hubs.real({ cols: 120, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "quick", strategy = { kind = "parallel", merge = "concatenate", branches = {
        { id = "a", command = ${JSON.stringify(JSON.stringify(cli))} .. " a", prompt = "go", timeout = 30 },
        { id = "b", command = ${JSON.stringify(JSON.stringify(cli))} .. " b", prompt = "go", timeout = 30 },
      } } }`,
    );
    const r = await run(hub, f, dir);
    expect(['a', 'b'].map((k) => [r.steps[k].state, r.steps[k].answer])).toEqual([
      ['done', 'answered by a'],
      ['done', 'answered by b'],
    ]);
    expect(r.steps.a.diff).toMatchObject({ files: 1, added: 1 });
  }, 60000);

  it('a full-screen CLI (its box pinned at the bottom, as Claude Code 2.1.331 draws): the answer is read above its box, without the notice pinned over it, also when its report of done overtakes that frame', async () => {
    const dir = repo();
    const hub = await hubs.real({ cols: 120, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "full", strategy = { kind = "parallel", merge = "concatenate", branches = {
        { id = "one", command = "env CLI_FULLSCREEN=1 FAKE", worktree = false, prompt = "write one.txt x; answer one is done" },
        { id = "two", command = "env CLI_FULLSCREEN=1 FAKE", worktree = false, prompt = "answer two is done" },
        { id = "late", command = "env CLI_FULLSCREEN=1 CLI_FRAME_LATE_MS=400 FAKE", worktree = false, prompt = "answer late is done" },
      } } }`,
    );
    const r = await run(hub, f, dir);
    expect(r.status).toBe('done');
    expect(r.steps.one.answer).toBe('wrote one.txt\none is done');
    expect(r.steps.two.answer).toBe('two is done');
    // Its report of done came 400 ms before the frame with its answer: read once that came.
    expect(r.steps.late.answer).toBe('late is done');
  }, 60000);

  it('a dialog the CLI draws just after it said it is ready gets neither the prompt nor an enter: the step waits for the user, then its prompt goes in', async () => {
    const dir = repo();
    const hub = await hubs.real({ cols: 120, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "offer", strategy = { kind = "parallel", merge = "concatenate", branches = {
        { id = "lines", command = "env CLI_OFFER=1 FAKE", worktree = false, prompt = "answer after the offer" },
        { id = "full", command = "env CLI_OFFER=1 CLI_FULLSCREEN=1 FAKE", worktree = false, prompt = "answer after the offer" },
      } } }`,
    );
    const { run: started, done } = await hub.pipelines.start({ file: f, cwd: dir });
    for (const key of ['lines', 'full']) {
      await until(`${key} waits for the user`, () => started.steps[key]?.state === 'waiting', 20000);
      expect(started.steps[key].reason).toMatch(/Switch on the new mode\?/);
      // The user answers it: No (the hub chose nothing: Yes is preselected).
      typeInto(hub, hub.agents.get(started.steps[key].agent!.id)!, '\x1b[B');
      typeInto(hub, hub.agents.get(started.steps[key].agent!.id)!, '', 'enter');
    }
    const r = await done;
    expect(r.status).toBe('done');
    for (const key of ['lines', 'full']) {
      expect(r.steps[key]).toMatchObject({ state: 'done', answer: 'after the offer' });
      const screen = readAgent(hub.agents.get(r.steps[key].agent!.id)!, { scrollback: true }).join('\n');
      expect(screen).toContain('offer: no');
    }
  }, 60000);

  it('the shipped examples define their pipelines', async () => {
    const hub = await hubs.real();
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../lua/examples/pipelines');
    const ids = [];
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      ids.push(...(await hub.lua.pipelineLoad({ path: p, source: fs.readFileSync(p, 'utf8') })));
    }
    expect(ids.sort()).toEqual(['best-of-three', 'fan-out', 'plan-implement-review']);
  });

  it('a merge "choose" waits and asks, opening nothing by itself; opened, the candidates\' diffs are side by side, and Enter on the second merges its work and discards the others', async () => {
    const dir = repo();
    const hub = await hubs.real({ cols: 150, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "pick", strategy = { kind = "parallel", merge = { kind = "choose", finish = true }, branches = {
        { id = "one", command = "FAKE", prompt = "write idea.txt first idea; answer one is done" },
        { id = "two", command = "FAKE", prompt = "write idea.txt second idea; write notes.txt from two; answer two is done" },
        { id = "three", command = "FAKE", prompt = "write idea.txt third idea; answer three is done" },
      } } }`,
    );
    const { run: started, done } = await hub.pipelines.start({ file: f, cwd: dir });
    await until('the run waits for a choice', () => started.status === 'choosing', 30000);
    // It asks (a question and its badge); it takes no key from the agent the user is in.
    const asking = await until('the question', () => {
      const t = hub.screen().toText();
      return /\? 1 question/.test(t) && t;
    });
    expect(asking).toContain('INSERT');
    expect(hub.state.client.compare ?? null).toBeNull();
    expect(hub.state.client.overlay).toBeNull();
    expect(hub.appData().pipelines?.[0]).toMatchObject({
      status: 'choosing',
      choices: ['one', 'two', 'three'],
    });
    // The user opens it (ctrl+g o) and picks "compare": the candidates side by side.
    hub.input('\x07o');
    await until('the question open', () => /keep whose work\?/.test(hub.screen().toText()));
    expect(hub.screen().toText()).toMatch(/two\s+pick-two/);
    hub.input('\r');
    const side = await until('the candidates side by side', () => {
      const t = hub.screen().toText();
      return /third idea/.test(t) && /second idea/.test(t) && /first idea/.test(t) && t;
    });
    expect(hub.currentMode).toBe('choose');
    expect(side).toContain('Pipeline p1 (pick) waits for your choice  ·  3 candidates');
    // Each column's title: the step, its change, its CLI; each column shows its own diff.
    expect(side).toMatch(
      /▶ one · \+1 −0 · fake-cli[\s\S]*two · \+2 −0 · fake-cli[\s\S]*three · \+1 −0 · fake-cli/,
    );
    expect(side).toMatch(/^┃\+first idea\s+┃│@@ -0,0 \+1,1 @@\s+││\+third idea\s+│$/m);
    expect(side).toMatch(/^┃\s+┃│\+second idea\s+││\s+│$/m);
    // Escape closes it without choosing (the run waits on); the palette's pipeline.choose opens it again.
    hub.input('\x1b');
    await until('the panel closed', () => !hub.state.client.compare && hub.currentMode === 'normal');
    expect(started.status).toBe('choosing');
    await hub.runCommand('pipeline.choose');
    await until('open again', () => hub.currentMode === 'choose' && /▶ one/.test(hub.screen().toText()));
    // Right: the second; Enter keeps it.
    hub.input('\x1b[C');
    await until('the second selected', () => /▶ two/.test(hub.screen().toText()));
    hub.input('\r');
    const r = await done;
    expect(r).toMatchObject({
      status: 'done',
      result: { chosen: 'two', merged: true, text: 'wrote idea.txt\nwrote notes.txt\ntwo is done' },
    });
    expect(fs.readFileSync(path.join(dir, 'idea.txt'), 'utf8')).toBe('second idea\n');
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('from two\n');
    await until("the others' branches are gone", () => !git(dir, 'branch').includes('pipeline/'));
    expect(hub.state.client.compare ?? null).toBeNull();
    expect(hub.currentMode).toBe('normal');
  }, 60000);

  it("the panel under the agent list shows the run step by step; p opens a step's agent; a failed step is retried from the palette; pause holds the queue", async () => {
    const dir = repo();
    const hub = await hubs.real({ cols: 140, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "shown", max_agents = 1, strategy = { kind = "sequential", steps = {
        { id = "flaky", command = "FAKE", prompt = "answer trying", check = "test -f marker || { touch marker; exit 1; }" },
        { id = "after", command = "FAKE", prompt = "answer after \${flaky.result}" },
      } } }`,
    );
    // Step one's check fails the first time: the run fails, "after" cannot start.
    const first = await run(hub, f, dir);
    expect(first.status).toBe('failed');
    expect(first.steps.flaky).toMatchObject({ state: 'done', check: { code: 1 } });
    const frame = await until('the panel', () => {
      const t = hub.screen().toText();
      return /Pipeline p1 · shown · failed/.test(t) && t;
    });
    expect(frame).toMatch(/✓ flaky shown-flaky done\s+check ✕/);
    expect(frame).toMatch(/✕ after\s+failed: flaky did not finish/);
    // p: the steps' agents; choosing one focuses it.
    hub.input('\x07p');
    await until('the step list', () => /open a step's agent/.test(hub.screen().toText()));
    hub.input('\r');
    await until('the agent focused', () => hub.focused?.info.name === 'shown-flaky');
    // The palette's pipeline.retry lists the steps that did not finish well: flaky (its check) first.
    await hub.runCommand('pipeline.retry');
    await until('the failed steps', () => /run a step again/.test(hub.screen().toText()));
    expect(hub.screen().toText()).toMatch(/flaky[\s\S]*after/);
    hub.input('\r');
    // flaky runs again (its check passes now), then after, with flaky's new answer.
    const again = await until(
      'the run ended well',
      () => {
        const r = hub.pipelines.get('p1');
        return r?.status === 'done' && r;
      },
      30000,
    );
    expect(again.status).toBe('done');
    expect(again.steps.flaky).toMatchObject({ state: 'done', check: { code: 0 } });
    expect(again.steps.after).toMatchObject({ state: 'done', answer: 'after trying' });
    expect(
      await until('the panel says so', () => /Pipeline p1 · shown · done/.test(hub.screen().toText())),
    ).toBe(true);
  }, 60000);

  it('a hub that restarts in the middle goes on where it was: finished steps stay, the step at work starts again in its worktree (still the Lua that started it)', async () => {
    const dir = repo();
    const first = await withSocket([], {}, { cols: 120, rows: 40 });
    const f = file(
      dir,
      `pipelines.define{ id = "long", strategy = { kind = "sequential", steps = {
        { id = "one", command = "FAKE", prompt = "answer first" },
        { id = "two", command = "FAKE", worktree = true, prompt = "write two.txt x; sleep 1500; commit two; answer second" },
      } } }`,
    );
    // Started by a plugin's Lua: its steps' agents are the plugin's, after the restart too.
    const { run } = await first.hub.pipelines.start({ file: f, cwd: dir, by: { lua: 'plugin tester' } });
    await until(
      'step two at work',
      () => run.steps.two?.worktree && fs.existsSync(path.join(run.steps.two.worktree.path, 'two.txt')),
      20000,
    );
    const wt = run.steps.two.worktree!.path;
    await first.hub.dispose();
    const saved = JSON.parse(
      fs.readFileSync(path.join(first.home, 'pipelines', 'p1.json'), 'utf8'),
    ) as PipelineRun;
    expect(saved.status).toBe('running');
    expect(saved.steps.two.state).toBe('working');
    expect(saved.started_by_lua).toBe('plugin tester');

    const again = await withSocket([], {}, { home: first.home, cols: 120, rows: 40 });
    expect(await again.hub.pipelines.resumeRuns()).toEqual(['p1']);
    const redone = await until(
      'step two at work again',
      () => {
        const s = again.hub.pipelines.get('p1')?.steps.two;
        return s?.state === 'working' && s.agent?.id;
      },
      20000,
    );
    expect(again.hub.drive.luaAncestry(redone)).toBe('plugin tester');
    const r = await until(
      'the run ended',
      () => {
        const x = again.hub.pipelines.get('p1');
        return x && x.status !== 'running' && x;
      },
      30000,
    );
    expect(r.status).toBe('done');
    expect(r.steps.one).toMatchObject({ answer: 'first', started_at: saved.steps.one.started_at });
    expect(r.steps.two).toMatchObject({ state: 'done', worktree: { path: wt }, diff: { files: 1 } });
    expect(r.result?.text).toContain('second');
    // Nothing to go on with a second time.
    expect(await again.hub.pipelines.resumeRuns()).toEqual([]);
  }, 60000);
});
