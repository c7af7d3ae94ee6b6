import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { controlHandler } from '../../src/server/control.js';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { NOTIFY_ARGV, hookCommand } from '../../src/agents/hook-snippets.js';
import { sleep, tempHome, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';
import { cliSpawn, cliExec } from '../support/cli.js';
import { exec } from '../support/fleet.js';

// `botster-tui report` through a hub's control socket (an in-process hub with its socket, the
// real CLI in child processes), from inside agents as their CLIs' hooks run it.

const hubs = useHub();
const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Hubbed {
  hub: Hub;
  home: string;
  socket: string;
  /** The environment of agent `n` (1-based), as the hub gives it. */
  env: (n: number) => Record<string, string>;
}

async function hubWithSocket(agents: Array<{ command: string; name?: string }>): Promise<Hubbed> {
  const home = tempHome();
  const socket = path.join(home, 'hub.sock');
  installAgentBin(home);
  const hub = await hubs.real({ home, agents, env: { BOTSTER_SOCKET: socket } });
  const server = new ControlServer({ path: socket, handler: controlHandler(hub.control) });
  await server.listen();
  servers.push(server);
  const env = (n: number) => ({
    BOTSTER_HOME: home,
    BOTSTER_SOCKET: socket,
    BOTSTER_AGENT_ID: hub.agents.list()[n - 1].info.id,
  });
  return { hub, home, socket, env };
}

const cli = (args: string[], env: Record<string, string | undefined> = {}, stdin?: string) =>
  cliExec(args, env, stdin === undefined ? {} : { input: stdin });

interface Row {
  id: string;
  name: string;
  state: string;
  reason: string | null;
  state_source: string | null;
  session: string | null;
}
async function rows(h: Hubbed): Promise<Row[]> {
  const r = await cli(['agents', '--json'], { BOTSTER_SOCKET: h.socket, BOTSTER_HOME: h.home });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}

describe('botster-tui report', () => {
  it('from inside an agent (its own env) sets its state, reason, source and session', async () => {
    const h = await hubWithSocket([
      // (This hub's socket listens after its agents start; a hub server's listens first.)
      {
        command: `sh -c 'while [ ! -S "$BOTSTER_SOCKET" ]; do sleep 0.05; done; "$BOTSTER_HOME/bin/botster-tui" report --state waiting --reason "run rm -rf build?" --session S-1; echo "rc=$?"; exec cat'`,
        name: 'asker',
      },
    ]);
    await waitForFrame(h.hub, /rc=0/, 15000);
    const [row] = await rows(h);
    expect(row).toMatchObject({
      name: 'asker',
      state: 'waiting',
      reason: 'run rm -rf build?',
      state_source: 'report',
      session: 'S-1',
    });
    // --json prints the hub's answer; nothing is printed without it (hooks' stdout is read by their CLI).
    const quiet = await cli(['report', '--state', 'running'], h.env(1));
    expect(quiet).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const json = await cli(['report', '--state', 'idle', '--json'], h.env(1));
    expect(JSON.parse(json.stdout)).toEqual({
      agent: { id: row.id, name: 'asker' },
      state: 'idle',
      reason: null,
      session: 'S-1',
    });
  }, 30000);

  it('a report holds against quietness; an agent without one is taken as finished when quiet', async () => {
    const h = await hubWithSocket([
      { command: 'cat', name: 'reported' },
      { command: 'cat', name: 'plain' },
    ]);
    expect(
      (
        await cli(['report', 'reported', '--state', 'waiting', '--reason', 'Allow Bash?'], {
          BOTSTER_SOCKET: h.socket,
          BOTSTER_HOME: h.home,
        })
      ).status,
    ).toBe(0);
    // Output, then quiet for longer than the quiet check waits (1.5 s).
    // Typed to (a turn begins), as the keys of a client would.
    for (const a of h.hub.agents.list()) {
      h.hub.dispatch({ type: 'typed', id: a.info.id });
      a.write('hello\r');
    }
    // (Not on screen: quiet after that output reads as a finished turn, done.)
    await until(
      'the plain agent quiet',
      () => h.hub.state.agentStates[h.hub.agents.list()[1].info.id]?.state === 'done',
      8000,
    );
    await sleep(500);
    const [reported, plain] = await rows(h);
    expect(reported).toMatchObject({ state: 'waiting', reason: 'Allow Bash?', state_source: 'report' });
    expect(plain).toMatchObject({ state: 'done', state_source: 'quiet' });
  }, 30000);

  it('a bad or missing state exits 2 with one clear line; nothing changes', async () => {
    const h = await hubWithSocket([{ command: 'cat' }]);
    const bad = await cli(['report', '--state', 'busy'], h.env(1));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'botster-tui report: --state must be one of running, waiting, idle, done, got "busy"\n',
    );
    const none = await cli(['report'], h.env(1));
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('botster-tui report: give --state running|waiting|idle|done\n');
    expect((await rows(h))[0].state_source).not.toBe('report');
    // The hub checks too (a request not made by this CLI).
    const unknown = await cli(['report', 'nope', '--state', 'idle'], h.env(1));
    expect(unknown.status).toBe(6);
    expect(unknown.stderr).toMatch(/no agent "nope"; the agents: 1 cat/);
  }, 30000);

  it('no hub: exit 3; outside a hub agent: exit 6; --if-in-hub: 0 and silent; never hangs', async () => {
    const gone = path.join(tempHome(), 'hub.sock');
    const noHub = await cli(['report', '--state', 'idle'], {
      BOTSTER_AGENT_ID: '1',
      BOTSTER_SOCKET: gone,
      BOTSTER_HOME: path.dirname(gone),
    });
    expect(noHub.status).toBe(3);
    expect(noHub.stderr.trim().split('\n')).toEqual([
      `botster-tui report: no hub server is running for ${path.dirname(gone)}`,
    ]);
    const outside = await cli(['report', '--state', 'idle'], { HOME: tempHome() });
    expect(outside.status).toBe(6);
    expect(outside.stderr).toMatch(/^botster-tui report: not inside a hub agent \(no BOTSTER_AGENT_ID\)/);
    for (const env of [
      { BOTSTER_AGENT_ID: '1', BOTSTER_SOCKET: gone, BOTSTER_HOME: path.dirname(gone) },
      { HOME: tempHome() },
    ]) {
      expect(
        await cli(['report', '--state', 'idle', '--if-in-hub', '--stdin'], env, '{"hook_event_name":"Stop"}'),
      ).toEqual({ status: 0, stdout: '', stderr: '' });
    }
    // A hook's stdin that never closes: given up after about a second.
    const h = await hubWithSocket([{ command: 'cat' }]);
    const started = Date.now();
    const e: Record<string, string> = { ...h.env(1) };
    const child = cliSpawn(['report', '--state', 'running', '--stdin'], {
      env: { ...process.env, ...e },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);
    expect((await rows(h))[0]).toMatchObject({ state: 'running', state_source: 'report' });
  }, 40000);

  it("Codex's notify (the installed argv, its JSON as the last argument): a finished turn is done; an approval is waiting", async () => {
    const h = await hubWithSocket([
      { command: 'cat', name: 'shown' },
      { command: 'cat', name: 'codex' },
    ]);
    const turn = JSON.stringify({
      type: 'agent-turn-complete',
      'thread-id': 'th-42',
      'turn-id': '7',
      cwd: '/x',
      'input-messages': ['fix it'],
      'last-assistant-message': 'Fixed the build.\nDetails follow.',
    });
    const [file, ...args] = NOTIFY_ARGV;
    const r = await exec(file, [...args, turn], h.env(2));
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    // Agent 2 is not on screen: its finished turn is done until a client shows it.
    expect((await rows(h))[1]).toMatchObject({
      name: 'codex',
      state: 'done',
      reason: 'Fixed the build.',
      state_source: 'report',
      session: 'th-42',
    });
    // Codex 0.169.0 also notifies for the hidden thread that names the task (its own thread-id,
    // a JSON title as the answer): not the agent's turn nor its session.
    const title = JSON.stringify({
      type: 'agent-turn-complete',
      'thread-id': 'th-title',
      'turn-id': '8',
      cwd: '/x',
      client: 'codex-tui',
      'input-messages': ['Generate a concise, single-line task title.\n\nUser prompt:\nfix it'],
      'last-assistant-message': '{"title":"Fix the build"}',
    });
    expect(await exec(file, [...args, title], h.env(2))).toEqual({ status: 0, stdout: '', stderr: '' });
    expect((await rows(h))[1]).toMatchObject({ state: 'done', reason: 'Fixed the build.', session: 'th-42' });
    const approval = JSON.stringify({
      type: 'approval-requested',
      'thread-id': 'th-42',
      command: ['rm', '-rf', 'build'],
    });
    expect((await exec(file, [...args, approval], h.env(2))).status).toBe(0);
    expect((await rows(h))[1]).toMatchObject({ state: 'waiting', reason: 'rm -rf build' });
    // Outside a hub agent the argv does nothing, without starting node.
    expect(await exec(file, [...args, turn], { HOME: tempHome() })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
  }, 30000);

  it("Claude Code's hooks (the installed commands, the event's JSON on stdin): Notification is waiting with its message", async () => {
    const h = await hubWithSocket([{ command: 'cat', name: 'claude' }]);
    const base = { session_id: 'c0ffee', transcript_path: '/t.jsonl', cwd: '/x', permission_mode: 'default' };
    const hook = (state: string, event: Record<string, unknown>) =>
      exec('/bin/sh', ['-c', hookCommand(state)], h.env(1), { stdin: JSON.stringify({ ...base, ...event }) });
    const asked = await hook('waiting', {
      hook_event_name: 'Notification',
      message: 'Claude needs your permission to use Bash',
      notification_type: 'permission_prompt',
    });
    expect(asked).toEqual({ status: 0, stdout: '', stderr: '' });
    expect((await rows(h))[0]).toMatchObject({
      state: 'waiting',
      reason: 'Claude needs your permission to use Bash',
      state_source: 'report',
      session: 'c0ffee',
    });
    await hook('running', {
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'make test', description: 'Run tests' },
    });
    expect((await rows(h))[0]).toMatchObject({ state: 'running', reason: 'Bash: make test' });
    // "Claude is waiting for your input" after a minute at its prompt asks nothing.
    await hook('waiting', {
      hook_event_name: 'Notification',
      message: 'Claude is waiting for your input',
      notification_type: 'idle_prompt',
    });
    expect((await rows(h))[0]).toMatchObject({ state: 'idle', reason: null });
    // Outside a hub agent the command does nothing.
    expect(await exec('/bin/sh', ['-c', hookCommand('done')], { HOME: tempHome() }, { stdin: '{}' })).toEqual(
      {
        status: 0,
        stdout: '',
        stderr: '',
      },
    );
    expect(fs.existsSync(path.join(h.home, 'bin', 'botster-tui'))).toBe(true);
  }, 30000);
});
