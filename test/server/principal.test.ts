import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs, lockSomePlugin } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';
import { readAgent } from '../../src/agents/agent-screen.js';
import type { Hub } from '../../src/app/hub.js';
import { runCommandOp } from '../../src/verbs/run.js';
import { readLock } from '../../src/plugins/lock.js';

// Who asks is the kernel's word (the control socket's peer and its ancestry), not the caller's
// environment: real agents of a real hub run the CLI, one of them with BOTSTER_AGENT_ID unset.

const hubs = fleetHubs();

const screen = (hub: Hub, name: string) => {
  const a = hub.agents.list().find((x) => x.info.name === name);
  return a ? readAgent(a).join('\n') : '';
};

describe('an agent is told by its process, not its environment', () => {
  it('with BOTSTER_AGENT_ID unset it still cannot answer improvements or grant plugins (it asks you)', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }]);
    lockSomePlugin(h.home);
    const s = script(h.home, 'agent', [
      'env -u BOTSTER_AGENT_ID botster-tui run improvements.accept',
      'env -u BOTSTER_AGENT_ID botster-tui plugin grant someplugin send',
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'sneaky' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out).toMatch(/agent \d+ cannot run improvement\.accept: only you answer improvements/);
    expect(out).toMatch(
      /asked you in the hub: grant someplugin send; nothing changes until you answer there/,
    );
    expect(out.match(/rc=(\d+)/g)).toEqual(['rc=1', 'rc=13']);
    expect(readLock(h.home).plugins.someplugin.granted).toEqual([]);
    await until('the question', () =>
      h.hub.state.questions.some((q) =>
        /agent sneaky \(id \d+\) asks to grant plugin someplugin send/.test(q.overlay.title),
      ),
    );
    // The same commands from the user's own process (the test's) are the user's.
    const mine = await h.cli(['run', 'improvements.accept']);
    expect(mine.stderr).not.toMatch(/only you answer/);
  }, 60000);

  it('typing into an agent it did not start asks the user once for the pair; its own it drives freely', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const go = path.join(h.home, 'go');
    const s = script(h.home, 'agent', [
      "env -u BOTSTER_AGENT_ID botster-tui send mine 'echo pwned' --keys enter",
      `wait ${go}`,
      "botster-tui send mine 'allowed now' --keys enter",
      'botster-tui new --name child -- cat',
      "botster-tui send child 'to my own child' --keys enter",
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'orchestrator' }, { focus: false });
    await until('the first send answered', () => /rc=\d/.test(read(s.out)), 30000);
    expect(read(s.out)).toMatch(/may not type into agent mine \(id:1\): it did not start it/);
    expect(read(s.out)).toMatch(/rc=1/);
    expect(screen(h.hub, 'mine')).not.toMatch(/pwned/);
    // The hub asked the user: a question that waits for them, answered by agent.allow_drive.
    await until('the question', () =>
      h.hub.state.questions.some((q) => /asks to type into agent mine/.test(q.overlay.title)),
    );
    const allow = await h.cli(['run', 'agent.allow_drive']);
    expect(allow.status).toBe(0);
    fs.writeFileSync(go, '');
    await until('the script ran', () => read(s.out).includes('done'), 30000);
    expect(read(s.out).match(/rc=(\d+)/g)).toEqual(['rc=1', 'rc=0', 'rc=0', 'rc=0']);
    await until('typed into mine', () => screen(h.hub, 'mine').includes('allowed now'));
    await until('typed into its own child', () => screen(h.hub, 'child').includes('to my own child'));
    expect(screen(h.hub, 'mine')).not.toMatch(/pwned/);
  }, 60000);
});

describe("an agent's `run` is judged as the agent, request by request", () => {
  it('cannot answer its own drive question, stop or type into a sibling, or enable a plugin; you can', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const mine = () => h.hub.agents.list().find((a) => a.info.name === 'mine')!;
    const state = (st: 'waiting' | 'idle') =>
      h.hub.hubStore.dispatch({
        type: 'agent_state',
        id: mine().id,
        verdict: { state: st, reason: null, source: 'report' },
        shown: false,
      });
    // Idle: agent.kill stops it without asking first.
    state('idle');
    const go = path.join(h.home, 'go');
    const s = script(h.home, 'agent', [
      "botster-tui send mine 'first' --keys enter",
      'botster-tui run agent.allow_drive',
      'botster-tui run agent.kill --agent mine --yes',
      `wait ${go}`,
      'botster-tui run agent.answer yes --agent mine',
      'botster-tui run plugin.enable someplugin',
    ]);
    const sneaky = await h.hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'sneaky' },
      { focus: false },
    );
    await until('the kill answered', () => read(s.out).match(/rc=/g)?.length === 3, 30000);
    // The sibling now waits for an answer (as a CLI's permission prompt would): agent.answer would type into it.
    state('waiting');
    fs.writeFileSync(go, '');
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out.match(/rc=(\d+)/g)).toEqual(['rc=1', 'rc=1', 'rc=1', 'rc=1', 'rc=1']);
    // Its own drive question stays the user's: the pair was not let through.
    expect(out).toMatch(/agent \d+ cannot answer for agents: only you can/);
    expect(h.hub.drive.may(sneaky!.id, mine().id)).toBe(false);
    expect(out).toMatch(/may not stop agent mine \(id:1\): it did not start it/);
    expect(mine().isExited).toBe(false);
    expect(out).toMatch(/may not type into agent mine \(id:1\): it did not start it/);
    expect(screen(h.hub, 'mine')).not.toMatch(/^y$/m);
    expect(out).toMatch(/agent \d+ cannot change plugins: only you can/);
    // The socket's answer says it was refused (not that the command failed).
    await expect(
      runCommandOp(
        h.hub.control,
        { op: 'run', command: 'agent.allow_drive' },
        { kind: 'agent', id: sneaky!.id },
      ),
    ).rejects.toMatchObject({ fields: { reason: 'refused' } });
    // The user's own `run`, from outside the hub, still acts.
    const answer = await h.cli(['run', 'agent.answer', 'yes', '--agent', 'mine']);
    expect(answer.stderr).toBe('');
    await until('y typed into mine', () => /^y$/m.test(screen(h.hub, 'mine')));
    state('idle');
    const kill = await h.cli(['run', 'agent.kill', '--agent', 'mine', '--yes']);
    expect(kill.status).toBe(0);
    await until('mine stopped', () => mine().isExited, 30000);
  }, 60000);
});

describe('a caller the hub cannot tell is not the user', () => {
  it('a process that writes a request and exits at once cannot answer a drive question', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const mine = () => h.hub.agents.list().find((a) => a.info.name === 'mine')!;
    // Connects, writes what only the user may ask, and is gone before the hub can look it up.
    const quick = path.join(h.home, 'quick.js');
    fs.writeFileSync(
      quick,
      `const s = require('net').connect(process.env.BOTSTER_SOCKET, () => {
        s.write(JSON.stringify({ op: 'run', command: 'agent.allow_drive' }) + '\\n');
        process.exit(0);
      });`,
    );
    const s = script(h.home, 'agent', [
      "botster-tui send mine 'first' --keys enter",
      `env -u BOTSTER_AGENT_ID ${process.execPath} ${quick}`,
    ]);
    const sneaky = await h.hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'sneaky' },
      { focus: false },
    );
    await until('the script ran', () => read(s.out).includes('done'), 30000);
    const said = await until(
      'the request was answered',
      () => /cannot answer for agents|may now type into/.exec(h.hub.state.notice?.text ?? '')?.[0],
      30000,
    );
    expect(said).toBe('cannot answer for agents');
    expect(h.hub.drive.may(sneaky!.id, mine().id)).toBe(false);
  }, 60000);
});

describe('an agent steers only the pipeline runs it started', () => {
  it('cannot cancel or pause your run, by the pipeline op or a command; you can; its own it cancels', async () => {
    // Your policy lets an agent's pipeline run at once.
    const policy = `function review(change)
  if change.kind == "pipeline" then return { decision = "autonomous", confidence = 1, reasoning = "pipelines are fine" } end
  return { decision = "escalated", confidence = 1, reasoning = "no" }
end`;
    const h = await hubs([{ command: 'cat', name: 'mine' }], { 'user/policy.lua': policy });
    const file = path.join(h.home, 'long.lua');
    const source = `pipelines.define{ id = "long", strategy = { kind = "single", step = {
      id = "hold", command = "cat", prompt = "hold on",
    } } }`;
    fs.writeFileSync(file, source);
    const { run } = await h.hub.pipelines.start({ file: { path: file, source }, cwd: h.home });
    const status = () => h.hub.pipelines.get(run.id)!;
    const go = path.join(h.home, 'go');
    const s = script(h.home, 'agent', [
      `botster-tui pipeline cancel ${run.id}`,
      `botster-tui pipeline pause ${run.id}`,
      'botster-tui run pipeline.cancel --yes',
      `wait ${go}`,
      `botster-tui pipeline cancel $(cat ${go})`,
    ]);
    const sneaky = await h.hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'sneaky' },
      { focus: false },
    );
    await until('three answered', () => read(s.out).match(/rc=/g)?.length === 3, 30000);
    // A run the agent asked for (your policy let it): its own to steer.
    const own = await h.hub.agentRuns.ask({
      agentId: sneaky!.id,
      file: { path: file, source },
      vars: {},
      cwd: h.home,
    });
    if (!('started' in own)) throw new Error(`not started: ${JSON.stringify(own)}`);
    fs.writeFileSync(go, own.started.run.id);
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out.match(/rc=(\d+)/g)).toEqual(['rc=1', 'rc=1', 'rc=1', 'rc=0']);
    expect(h.hub.pipelines.get(own.started.run.id)!.status).toBe('cancelled');
    expect(out.match(/agent \d+ may not steer pipeline run \S+: you started it/g)).toHaveLength(3);
    expect(status().status).toBe('running');
    expect(status().paused).toBeFalsy();
    const cancel = await h.cli(['pipeline', 'cancel', run.id]);
    expect(cancel.stderr).toBe('');
    await until('cancelled', () => status().status === 'cancelled', 30000);
  }, 60000);
});

describe('settings.agents_drive_others opens every pair but your own shells', () => {
  it('an agent types into a sibling CLI unasked, never into the shell you started', async () => {
    const h = await hubs(
      [
        { command: 'sh', name: 'myshell' },
        { command: 'cat', name: 'worker' },
      ],
      { 'user/hooks.lua': 'settings.agents_drive_others = true' },
      { collaborativeWaitMs: 300 },
    );
    const s = script(h.home, 'agent', [
      "botster-tui send worker 'orchestrated' --keys enter",
      "botster-tui send myshell 'echo pwned' --keys enter",
      'botster-tui new --name child -- sh',
      "botster-tui send child 'echo mine' --keys enter",
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'orchestrator' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out.match(/rc=(\d+)/g)).toEqual(['rc=0', 'rc=1', 'rc=0', 'rc=0']);
    await until('typed into worker', () => screen(h.hub, 'worker').includes('orchestrated'));
    expect(out).toMatch(/may not type into agent myshell \(id:1\): it did not start it/);
    expect(screen(h.hub, 'myshell')).not.toMatch(/pwned/);
    // A shell an agent started is that agent's to drive.
    await until('typed into its own shell', () => /^mine$/m.test(screen(h.hub, 'child')));
  }, 60000);
});

describe("an agent's keys are judged as the agent", () => {
  it('snapshot --live --keys cannot answer its own drive question through the palette', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const mine = () => h.hub.agents.list().find((a) => a.info.name === 'mine')!;
    const s = script(h.home, 'agent', [
      'botster-tui send mine first',
      // Its own screen focused (one it may press keys on), then the palette: agent.allow_drive.
      'botster-tui focus sneaky',
      'botster-tui snapshot --live --keys "ctrl+g : a l l o w d r i v e enter"',
    ]);
    const sneaky = await h.hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'sneaky' },
      { focus: false },
    );
    await until('the script ran', () => read(s.out).includes('done'), 30000);
    const said = await until(
      'the palette ran it',
      () => /cannot answer for agents|may now type into/.exec(h.hub.state.notice?.text ?? '')?.[0],
      30000,
    );
    expect(said).toBe('cannot answer for agents');
    expect(h.hub.drive.may(sneaky!.id, mine().id)).toBe(false);
    // Your own keys still answer it.
    h.hub.input('\x07:allowdrive\r');
    await until('you let it', () => h.hub.drive.may(sneaky!.id, mine().id), 30000);
  }, 60000);
});

describe("what an agent's run starts is its own", () => {
  it('run agent.spawn starts an agent the agent then types into without asking', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const s = script(h.home, 'agent', [
      "botster-tui run agent.spawn 'cat -u'",
      "botster-tui send 3 'to my own' --keys enter",
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'sneaky' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out.match(/rc=(\d+)/g)).toEqual(['rc=0', 'rc=0']);
    const own = () => h.hub.agents.get('3');
    await until(
      'typed into its own',
      () => own() !== undefined && readAgent(own()!).join('\n').includes('to my own'),
    );
  }, 60000);
});
