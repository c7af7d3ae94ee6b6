import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { controlHandler } from '../../src/server/control.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { startHub, tempHome, tempRepo, waitForFrame } from '../support/hub.js';
import { FROM_MACHINE, agentRecord } from '../../src/hub/agent-record.js';
import { until } from '../support/wait.js';
import { killServer } from '../support/cli-pty.js';
import { BIN_DIR, FAKE_SSH, descendants, pipeDialer, remoteHomes } from '../support/remote.js';

// settings.machines: an in-process hub here lists the agents of another home's hub (started by the
// link through a stand-in for ssh, as on another machine) beside its own.

const remoteHome = remoteHomes();
let hub: Hub | null = null;
const saved: Record<string, string | undefined> = {};
function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (!(k in saved)) saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}
let log = '';
beforeEach(() => {
  log = path.join(tempHome(), 'ssh.log');
  setEnv({
    BOTSTER_SSH: FAKE_SSH,
    FAKE_REMOTE_HOME: tempHome(),
    FAKE_REMOTE_PATH: `${BIN_DIR}:${process.env.PATH}`,
    FAKE_SSH_LOG: log,
    SHELL: '/bin/sh',
    CI: 'true',
    BOTSTER_SOCKET: undefined,
    BOTSTER_AGENT_ID: undefined,
  });
});
afterEach(async () => {
  await hub?.dispose();
  hub = null;
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    delete saved[k];
  }
});

const settings = (machines: string) => ({ 'user/settings.lua': `settings.machines = ${machines}\n` });
const remoteOf = (h: Hub, name: string) =>
  h.agents.list().find((a) => a.machine === 'gpu' && a.info.name === name);
const dials = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').length : 0);

describe('settings.machines', () => {
  it("lists the other hub's agents by machine; a shown one takes keys; states and notices come here; new --machine starts one there", async () => {
    const r = remoteHome();
    hub = await startHub({
      home: tempHome(settings(`{ { name = "gpu", ssh = "gpu-host", home = "${r}" } }`)),
      agents: [{ command: 'cat', name: 'here' }],
      cols: 120,
      rows: 36,
    });
    const h = hub;
    const ask = controlHandler(h.control);
    await until('the link is up', () => h.machines.list()[0]?.state === 'connected', 30000);
    expect(fs.readFileSync(log, 'utf8')).toContain(`botster-tui proxy --home ${r}`);
    // The agent its hub started with (its $SHELL) is listed here, under its machine.
    const first = await until(
      'a remote agent is listed',
      () => h.agents.list().find((a) => a.machine === 'gpu'),
      20000,
    );
    expect(h.appData().agents.find((a) => a.id === first.info.id)).toMatchObject({ machine: 'gpu' });
    expect(h.appData().agents.find((a) => a.name === 'here')).not.toHaveProperty('machine');
    expect(h.appData().machines).toEqual([{ name: 'gpu', state: 'connected', agents: 1 }]);
    await waitForFrame(h, /this machine[\s\S]*here[\s\S]*gpu[\s\S]*sh/);

    // new --machine: started there, listed (and focused) here, its screen here once shown.
    const made = (await ask(
      {
        op: 'new',
        machine: 'gpu',
        command: 'sh',
        args: ['-c', 'echo ready; read x; echo "got $x"; exec sleep 60'],
        name: 'echoer',
      },
      { signal: new AbortController().signal },
    )) as { agent: { name: string; machine: string } };
    expect(made.agent).toMatchObject({ name: 'echoer', machine: 'gpu' });
    await waitForFrame(h, /ready/);
    expect(h.focused?.info.name).toBe('echoer');
    h.input('over the link\r');
    await waitForFrame(h, /got over the link/);
    const there = await controlRequest(pipeDialer(r, ['--no-start']), { op: 'read', agent: 'echoer' });
    expect(there.lines).toEqual(['ready', 'over the link', 'got over the link']);
    // read and wait output: on a remote agent go to its hub.
    const read = (await ask({ op: 'read', agent: 'echoer' }, { signal: new AbortController().signal })) as {
      agent: { id: string };
      lines: string[];
    };
    expect(read).toMatchObject({
      agent: { id: remoteOf(h, 'echoer')!.info.id },
      lines: ['ready', 'over the link', 'got over the link'],
    });

    // Renamed there to the name of an agent here: listed here under a name of its own.
    const echoer = remoteOf(h, 'echoer')!;
    await controlRequest(pipeDialer(r, ['--no-start']), { op: 'rename', agent: 'echoer', name: 'here' });
    await until('renamed here, made free', () => h.state.facts.agents[echoer.id]?.name === 'here-2', 20000);
    expect(echoer.info.name).toBe('here-2');
    expect(h.agents.list().filter((a) => a.info.name === 'here')).toHaveLength(1);

    // Its waiting state is ours: the notice names it with its machine.
    await ask(
      {
        op: 'new',
        machine: 'gpu',
        command: 'sh',
        args: ['-c', 'sleep 0.5; printf "Proceed? (y/n) "; read a; exec sleep 60'],
        name: 'asker',
        focus: false,
      },
      { signal: new AbortController().signal },
    );
    const asker = await until('asker listed', () => remoteOf(h, 'asker'), 20000);
    await until('asker waits here too', () => h.state.agentStates[asker.info.id]?.state === 'waiting', 20000);
    await until(
      'the notice names it with its machine',
      () => h.state.notice?.text === `agent asker on gpu (id ${asker.id}) asks: "Proceed? (y/n)"`,
      10000,
    );
    await waitForFrame(h, /agent asker on gpu \(id \d+\) asks: "Proceed\? \(y\/n\)"/);

    // Next waiting includes it.
    await h.runCommand('agent.next_waiting');
    await until('next waiting focuses the remote agent', () => h.focused?.info.name === 'asker', 5000);
  }, 120000);

  it("a remote agent carries every field of its record: its worktree, branch, repository and profile, as its own hub's agents --json says", async () => {
    const r = remoteHome();
    fs.mkdirSync(path.join(r, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(r, 'user/profiles.lua'),
      `profiles.define("sleeper", { command = "sh", args = { "-c", "exec sleep 60" } })\n`,
    );
    const { repo } = tempRepo();
    fs.mkdirSync(path.join(repo, '.botster'));
    hub = await startHub({
      home: tempHome(settings(`{ { name = "gpu", ssh = "gpu-host", home = "${r}" } }`)),
      agents: [{ command: 'cat', name: 'here' }],
    });
    const h = hub;
    const ask = controlHandler(h.control);
    await until('the link is up', () => h.machines.list()[0]?.state === 'connected', 30000);
    // Started by its own hub (with a profile, in a new worktree of a repository): we only hear of it.
    const there = (...req: Array<Record<string, unknown>>) =>
      controlRequest(pipeDialer(r, ['--no-start']), Object.assign({}, ...req) as never);
    const made = await there({
      op: 'new',
      profile: 'sleeper',
      cwd: repo,
      worktree: 'feat-remote',
      name: 'wt',
    });
    expect(made.ok).toBe(true);
    const rowThere = async () =>
      ((await there({ op: 'agents' })).agents as Array<Record<string, unknown>>).find(
        (a) => a.name === 'wt',
      )!;
    const remote = await until(
      'its own hub knows its worktree, repository, profile and git branch',
      async () => {
        const row = await rowThere();
        return row.worktree && row.repo && row.profile && row.git_branch ? row : undefined;
      },
      30000,
    );
    expect(remote).toMatchObject({ branch: 'feat-remote', profile: 'sleeper', git_branch: 'feat-remote' });
    // Its CLI's hooks report its conversation to its own hub (as Claude's do, with a state: the row
    // comes here with a state that changed).
    expect(
      await there({ op: 'report', agent: 'wt', state: 'waiting', reason: 'asks', session: 'conv-there-1' }),
    ).toMatchObject({ ok: true });
    // Every field of the record (FROM_MACHINE names them all), in self.agents, in the record hooks
    // get, and in agents --json here, as there (but for our id and the machine it is on).
    const local = await until('listed here', () => remoteOf(h, 'wt'), 20000);
    const fields = Object.keys(FROM_MACHINE).filter(
      (k) => FROM_MACHINE[k as keyof typeof FROM_MACHINE] !== 'ours',
    );
    const same = (seen: Record<string, unknown> | undefined, want: Record<string, unknown>) =>
      !!seen && fields.every((k) => JSON.stringify(seen[k]) === JSON.stringify(want[k]));
    // (Its state goes on changing there, idle once quiet: compared with what its hub says now.)
    const settled = await until(
      'self.agents has every field',
      async () => {
        const now = await rowThere();
        return same(h.appData().agents.find((a) => a.id === local.info.id) as never, now) ? now : undefined;
      },
      20000,
    );
    const here = (await ask({ op: 'agents' }, { signal: new AbortController().signal })) as {
      agents: Array<Record<string, unknown>>;
    };
    const row = here.agents.find((a) => a.id === local.info.id)!;
    const record = agentRecord(h.state, local.info.id)! as unknown as Record<string, unknown>;
    for (const k of fields) {
      expect(row[k], `agents --json here: ${k}`).toEqual(settled[k]);
      expect(record[k], `the hook record: ${k}`).toEqual(settled[k]);
    }
    expect(row).toMatchObject({ machine: 'gpu', session: 'conv-there-1' });
    // A field that changes alone (a new conversation reported in the state it is in: no state
    // change, no hook event) comes here too.
    const before = await rowThere();
    expect(
      await there({ op: 'report', agent: 'wt', state: before.state as string, session: 'conv-there-2' }),
    ).toMatchObject({ ok: true });
    await until(
      'the new conversation shows here',
      () => agentRecord(h.state, local.info.id)?.session === 'conv-there-2',
      10000,
    );
  }, 120000);

  it("only what a panel shows crosses the link: a hidden agent's output does not, a shown one's does", async () => {
    const r = remoteHome();
    hub = await startHub({
      home: tempHome(settings(`{ { name = "gpu", ssh = "gpu", home = "${r}" } }`)),
      agents: [{ command: 'cat', name: 'here' }],
    });
    const h = hub;
    const ask = controlHandler(h.control);
    await until('the link is up', () => h.machines.list()[0]?.state === 'connected', 30000);
    await ask(
      {
        op: 'new',
        machine: 'gpu',
        command: 'sh',
        args: ['-c', 'i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.02; done'],
        name: 'ticker',
        focus: false,
      },
      { signal: new AbortController().signal },
    );
    const ticker = await until('ticker listed', () => remoteOf(h, 'ticker'), 20000);
    await h.whenIdle();
    const bytes = () => h.machines.list()[0].bytes_in;
    const measure = async () => {
      const from = bytes();
      await new Promise((res) => setTimeout(res, 1500));
      return bytes() - from;
    };
    const hidden = await measure();
    h.dispatch({ type: 'focus', id: ticker.info.id });
    await waitForFrame(h, /tick \d+/);
    const shown = await measure();
    // ~75 lines printed in each window: hidden, no screen crosses (a state change at most); shown, the rows do.
    expect(hidden).toBeLessThan(2048);
    expect(shown).toBeGreaterThan(4096);
    await ask({ op: 'kill', agent: `id:${ticker.info.id}` }, { signal: new AbortController().signal });
    await until('killed there, exited here', () => ticker.isExited, 20000);
  }, 90000);

  it('a dropped link leaves its agents running there; the machine shows unreachable, then comes back', async () => {
    const r = remoteHome();
    hub = await startHub({
      home: tempHome(settings(`{ { name = "gpu", ssh = "gpu", home = "${r}" } }`)),
      agents: [{ command: 'cat', name: 'here' }],
    });
    const h = hub;
    await until('the link is up', () => h.machines.list()[0]?.state === 'connected', 30000);
    await controlHandler(h.control)(
      { op: 'new', machine: 'gpu', command: 'sleep 120', name: 'sleeper' },
      { signal: new AbortController().signal },
    );
    const sleeper = await until('listed', () => remoteOf(h, 'sleeper'), 20000);
    const before = dials();
    // (This test's: an earlier test's proxy may still be on its way out.)
    const proxy = await until("the link's proxy", () => {
      const all = descendants(process.pid);
      const sh = all.find((p) => p.cmd.includes(`proxy --home ${r}`));
      return sh && all.find((p) => p.ppid === sh.pid && p.cmd === 'botster-tui');
    });
    process.kill(proxy.pid, 'SIGKILL');
    // (Unreachable for a second or so: the log keeps what a poll could miss on a busy machine.)
    await until(
      'dialled again and connected',
      () => dials() > before && h.machines.list()[0].state === 'connected',
      20000,
    );
    expect(fs.readFileSync(h.log.path, 'utf8')).toContain(
      'machine gpu: unreachable: the connection was lost',
    );
    expect(remoteOf(h, 'sleeper')).toBe(sleeper); // still listed, the same agent
    // A lost link (the machine may have gone away) starts the hub there again if none runs,
    // bringing back the agents the last one ran.
    expect(fs.readFileSync(log, 'utf8').trim().split('\n').slice(before)).toEqual([
      `botster-tui proxy --home ${r} --size 120x40 --restore`,
    ]);
    expect(sleeper.isExited).toBe(false);
    const rows = (await controlRequest(pipeDialer(r, ['--no-start']), { op: 'agents' })).agents as Array<{
      name: string;
      state: string;
    }>;
    expect(rows.find((a) => a.name === 'sleeper')?.state).not.toBe('exited');
    // Its hub stopped there on purpose (kill-server): its last words say so, and it stays stopped.
    const stopped = dials();
    expect(killServer(r, process.env).status).toBe(0);
    await until(
      'unreachable: stopped there',
      () => h.machines.list()[0].error === 'its hub was stopped there',
      20000,
    );
    await until('tried again', () => dials() > stopped + 1, 20000);
    expect(new Set(fs.readFileSync(log, 'utf8').trim().split('\n').slice(stopped))).toEqual(
      new Set([`botster-tui proxy --home ${r} --no-start`]),
    );
    await until('says there is none', () =>
      /no hub server is running on gpu \(its hub was stopped there/.test(h.machines.list()[0].error ?? ''),
    );
  }, 90000);

  it('an unreachable machine is listed with its ssh error and tried again, later each time; the hub goes on', async () => {
    setEnv({ FAKE_SSH_UNREACHABLE: 'down' });
    hub = await startHub({
      home: tempHome(settings('{ "down" }')),
      agents: [{ command: 'echo local works; cat', name: 'here' }],
    });
    const h = hub;
    await waitForFrame(h, /local works/);
    await until('unreachable', () => h.machines.list()[0]?.state === 'unreachable', 10000);
    expect(h.machines.list()[0]).toMatchObject({
      name: 'down',
      error: 'cannot reach down over ssh: ssh: connect to host down port 22: Connection refused',
    });
    await waitForFrame(h, /down unreachable: cann/); // (the list is narrow: the rest is cut)
    await until('tried again (1 s, then 2 s later)', () => dials() >= 3, 10000);
    // Starting an agent there says why not, on screen and to the caller.
    await expect(
      controlHandler(h.control)(
        { op: 'new', machine: 'down', command: 'cat' },
        { signal: new AbortController().signal },
      ),
    ).rejects.toThrow(
      /not started: agent "cat" not started on down: down cannot be reached: cannot reach down over ssh/,
    );
    await expect(
      controlHandler(h.control)(
        { op: 'new', machine: 'nowhere', command: 'cat' },
        { signal: new AbortController().signal },
      ),
    ).rejects.toThrow(/no machine "nowhere" \(the machines: down\)/);
  }, 60000);
});
