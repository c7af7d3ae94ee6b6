import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempRepo, until, waitForFrame } from '../support/hub.js';
import { BIN, rawExchange } from '../support/cli-pty.js';
import { exec, fleetHubs, docsScript } from '../support/fleet.js';

// botster-tui new / wait / read / events / kill / focus / close / run against a real hub's socket
// (in-process hub, real PTYs, the CLI in child processes).

const hubWithSocket = fleetHubs();
const ASKER = `sh -c 'printf "Proceed? (y/n) "; read a; echo "answered $a"; exec cat'`;

describe('new, read, wait, send', () => {
  it('starts an agent, waits for its question, answers, reads it; --json everywhere', async () => {
    const h = await hubWithSocket([{ command: 'cat', name: 'first' }]);
    const sub = path.join(h.home, 'work dir');
    fs.mkdirSync(sub);
    const made = await exec(
      process.execPath,
      [
        BIN,
        'new',
        '--name',
        'asker',
        '--cwd',
        'work dir',
        '--no-focus',
        '--',
        'sh',
        '-c',
        'printf "Proceed? (y/n) "; read a; echo "answered $a"; exec cat',
      ],
      h.env,
      { cwd: h.home },
    );
    expect(made).toMatchObject({ status: 0, stdout: 'id:2\n' });
    expect(h.hub.agents.get('2')?.info.cwd).toBe(sub);
    expect(h.hub.focused?.info.name).toBe('first'); // --no-focus
    const w = await h.cli(['wait', 'asker', '--until', 'waiting', '--timeout', '20']);
    expect(w).toMatchObject({ status: 0, stdout: 'waiting: Proceed? (y/n)\n' });
    expect((await h.cli(['send', 'id:2', 'y', '--keys', 'enter'])).status).toBe(0);
    const out = await h.cli(['wait', '2', '--until', 'output:^answered (\\w)$', '--json', '--timeout', '20']);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({
      ok: true,
      agent: { id: '2', name: 'asker' },
      match: 'answered y',
    });
    expect((await h.cli(['read', 'asker'])).stdout).toBe('Proceed? (y/n) y\nanswered y\n');
    expect((await h.cli(['read', 'asker', '--lines', '1'])).stdout).toBe('answered y\n');
    const json = JSON.parse((await h.cli(['read', 'asker', '--json', '--scrollback'])).stdout);
    expect(json).toMatchObject({
      agent: { id: '2', name: 'asker' },
      lines: ['Proceed? (y/n) y', 'answered y'],
    });
    const j = JSON.parse((await h.cli(['new', '--json', '--', 'cat'])).stdout);
    expect(j.agent).toMatchObject({ number: 3, id: '3', command: 'cat' });
    expect(h.hub.focused?.info.id).toBe('3');
  }, 60000);

  it('read --ansi keeps colours; errors are one line with their exit codes', async () => {
    const h = await hubWithSocket([
      { command: `printf '\\033[31mred\\033[0m plain\\n'; exec cat`, name: 'col' },
    ]);
    await until('red printed', () => h.hub.agents.list()[0].terminal.rowText(0).includes('red'));
    expect((await h.cli(['read', 'col', '--ansi'])).stdout).toBe('\x1b[0;31mred\x1b[0m plain\n');
    const cases: Array<[string[], number, RegExp]> = [
      [['new', '--cwd', '/no/such/dir', '--', 'cat'], 2, /no folder \/no\/such\/dir/],
      [['new', '--profile', 'nope'], 2, /no profile "nope"/],
      [['new'], 2, /give the command/],
      [['read', 'ghost'], 6, /no agent "ghost"; the agents: 1 col/],
      [['wait', 'col', '--until', 'sleepy'], 2, /unknown state "sleepy"/],
      [['wait', 'col', '--until', 'output:(['], 2, /not a valid regular expression/],
      [['wait', 'col'], 2, /--until/],
      [['read', 'col', '--lines', '-1'], 2, /--lines/],
      [['close', 'col'], 1, /is running: stop it first \(x in the hub, botster-tui kill\)/],
      [['run', 'no.such.command'], 2, /no command "no.such.command" \(the palette, ctrl\+g :, lists them\)/],
    ];
    for (const [args, code, msg] of cases) {
      const r = await h.cli(args);
      expect({ args, status: r.status }).toEqual({ args, status: code });
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const none = await exec(process.execPath, [BIN, 'read', '1'], {
      BOTSTER_SOCKET: path.join(h.home, 'gone.sock'),
      BOTSTER_HOME: h.home,
    });
    expect(none.status).toBe(3);
  }, 60000);
});

describe('new --worktree', () => {
  it('starts the agent in a new git worktree on that branch (listed with it, recorded for --restore); a taken branch gets its own beside it; outside a repository nothing starts (exit 9)', async () => {
    const { repo } = tempRepo();
    const h = await hubWithSocket([{ command: 'cat', name: 'first' }]);
    const made = await h.cli([
      'new',
      '--name',
      'wt',
      '--cwd',
      repo,
      '--worktree',
      'feature/x',
      '--no-focus',
      '--json',
      '--',
      'sh',
      '-c',
      'echo "IN $(pwd) ON $(git branch --show-current)"; exec cat',
    ]);
    expect(made.status).toBe(0);
    const row = JSON.parse(made.stdout).agent;
    expect(row.cwd).not.toBe(repo);
    const out = await h.cli([
      'wait',
      'wt',
      '--until',
      'output:^IN (\\S+) ON feature/x$',
      '--timeout',
      '20',
      '--json',
    ]);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: true, match: `IN ${row.cwd} ON feature/x` });
    expect(fs.existsSync(path.join(row.cwd, '.git'))).toBe(true);
    await waitForFrame(h.hub, /wt[\s\S]*⎇ feature\/x/);
    expect(h.hub.sessionAgents().find((a) => a.name === 'wt')).toMatchObject({
      cwd: row.cwd,
      worktree: { path: row.cwd, branch: 'feature/x', repo: fs.realpathSync(repo) },
    });
    // The branch is taken: the next agent gets its own, beside it.
    const again = JSON.parse(
      (
        await h.cli([
          'new',
          '--name',
          'wt2',
          '--cwd',
          repo,
          '--worktree',
          'feature/x',
          '--no-focus',
          '--json',
          '--',
          'cat',
        ])
      ).stdout,
    ).agent;
    expect(h.hub.sessionAgents().find((a) => a.name === 'wt2')?.worktree).toMatchObject({
      branch: 'feature/x-2',
      path: again.cwd,
    });
    expect(again.cwd).not.toBe(row.cwd);
    // Outside a repository: nothing starts (exit 9), and the hub says why on screen too.
    const outside = await h.cli(['new', '--name', 'plain', '--cwd', h.home, '--worktree', 'y', '--', 'cat']);
    expect(outside).toMatchObject({
      status: 9,
      stdout: '',
      stderr: `botster-tui new: not started: cannot make its worktree: ${h.home} is not in a git repository\n`,
    });
    expect(h.hub.agents.list().map((a) => a.info.name)).toEqual(['first', 'wt', 'wt2']);
    expect(h.hub.state.notice?.text).toBe(`agent "plain" not started: ${h.home} is not in a git repository`);
  }, 60000);
});

describe('restart', () => {
  it('starts an agent again in its place: same number and name, a new process; a missing one is 6', async () => {
    const h = await hubWithSocket([{ command: 'cat', name: 'c' }]);
    const before = h.hub.agents.get('1')!.info.pid;
    const r = await h.cli(['restart', 'c']);
    expect(r.status).toBe(0);
    const now = h.hub.agents.get('1')!;
    expect(now.info.name).toBe('c');
    expect(now.info.pid).not.toBe(before);
    expect(r.stdout).toBe(`id:1 pid:${now.info.pid}\n`);
    const json = JSON.parse((await h.cli(['restart', '1', '--json'])).stdout);
    expect(json.agent).toMatchObject({ id: '1', name: 'c', pid: h.hub.agents.get('1')!.info.pid });
    expect(json.agent.pid).not.toBe(now.info.pid);
    expect((await h.cli(['restart', 'nobody'])).status).toBe(6);
    expect((await h.cli(['restart'])).status).toBe(2);
  }, 60000);
});

describe('wait', () => {
  it('times out (7), sees an exit while waiting (8), is answered at once when already there', async () => {
    const h = await hubWithSocket([
      { command: 'cat', name: 'c' },
      { command: ASKER, name: 'asker' },
    ]);
    await h.cli(['wait', 'asker', '--until', 'waiting', '--timeout', '20']);
    const t0 = Date.now();
    const again = await h.cli(['wait', 'asker', '--until', 'waiting,done']);
    expect(again.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    const late = await h.cli(['wait', 'asker', '--until', 'exited', '--timeout', '0.3']);
    expect(late.status).toBe(7);
    expect(late.stderr).toMatch(/timed out after 0.3 s .* it is waiting \(Proceed\? \(y\/n\)\)/);
    const waiting = h.cli(['wait', 'c', '--until', 'waiting']);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.cli(['kill', 'c'])).status).toBe(0);
    const r = await waiting;
    expect(r.status).toBe(8);
    expect(r.stderr).toMatch(/agent c \(id:1\) exited \(killed by SIGHUP\) while waiting for waiting/);
    expect((await h.cli(['wait', 'c', '--until', 'exited'])).stdout).toMatch(/^exited/);
    expect((await h.cli(['wait', 'c', '--until', 'idle'])).status).toBe(8);
    expect((await h.cli(['kill', 'c'])).status).toBe(6);
    expect((await h.cli(['close', 'c', '--json'])).stdout).toMatch(/"agent":\{"id":"1","name":"c"\}/);
    expect(h.hub.agents.list().map((a) => a.info.name)).toEqual(['asker']);
    expect((await h.cli(['focus', 'asker'])).status).toBe(0);
    expect(h.hub.focused?.info.name).toBe('asker');
  }, 60000);
});

describe('events', () => {
  it('streams to two subscribers while a third never reads; the hub stopping ends them with exit 3', async () => {
    const h = await hubWithSocket([{ command: 'cat', name: 'c' }]);
    const follow = (args: string[]) => {
      const child = spawn(process.execPath, [BIN, 'events', ...args], {
        env: { ...process.env, ...h.env, CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const exit = new Promise<number | null>((r) => child.on('close', r));
      return { child, out: () => out, err: () => err, exit };
    };
    const a = follow(['--json']);
    const b = follow(['--agent', 'c']);
    // A subscriber that never reads: the hub must go on.
    const stuck = net.createConnection(h.socket, () => stuck.write('{"op":"events"}\n'));
    stuck.pause();
    await until(
      'subscribed',
      () => (h.server as unknown as { streamEnders: Set<unknown> }).streamEnders.size === 3,
    );
    expect((await h.cli(['new', '--name', 'asker', '--', ASKER])).status).toBe(0);
    await until('asker asks', () => /"to":"waiting"/.test(a.out()));
    expect((await h.cli(['rename', 'c', 'cee'])).status).toBe(0);
    await until('renamed, in both streams', () => /cee \(id:1\) renamed \(was c\)/.test(b.out()));
    expect((await h.cli(['kill', 'cee'])).status).toBe(0);
    // Each subscriber has its own stream: wait for the exit in both before reading either.
    await until(
      'c exited, in both streams',
      () => /cee \(id:1\) exited/.test(b.out()) && /"event":"exited"/.test(a.out()),
    );
    const lines = a
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: 'started',
          agent: expect.objectContaining({ id: '2', name: 'asker' }),
        }),
        expect.objectContaining({
          event: 'state_changed',
          agent: { id: '2', name: 'asker' },
          to: 'waiting',
          reason: 'Proceed? (y/n)',
        }),
        expect.objectContaining({ event: 'renamed', agent: { id: '1', name: 'cee' }, from: 'c' }),
        expect.objectContaining({ event: 'exited', agent: { id: '1', name: 'cee' }, signal: 'SIGHUP' }),
      ]),
    );
    expect(b.out()).not.toMatch(/asker/); // --agent c only
    await h.server.close();
    expect(await a.exit).toBe(3);
    expect(await b.exit).toBe(3);
    expect(b.err()).toMatch(/the hub server stopped/);
    expect(a.out().trim().split('\n').at(-1)).toMatch(/"event":"hub_stopped"/);
    stuck.destroy();
  }, 60000);

  it('ctrl+c ends it with exit 0', async () => {
    const h = await hubWithSocket([{ command: 'cat', name: 'c' }]);
    const child = spawn(process.execPath, [BIN, 'events'], {
      env: { ...process.env, ...h.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await until(
      'subscribed',
      () => (h.server as unknown as { streamEnders: Set<unknown> }).streamEnders.size === 1,
    );
    child.kill('SIGINT');
    expect(await new Promise((r) => child.on('close', r))).toBe(0);
  }, 30000);
});

describe('run', () => {
  it('a dialog takes its first choice with --yes, else is cancelled and refused', async () => {
    const h = await hubWithSocket(
      [
        { command: 'cat', name: 'c' },
        { command: 'cat', name: 'd' },
      ],
      {
        'user/hooks.lua': `commands.register("t.ask", function(app)
        app:select({ { label = "alpha" }, { label = "beta" } }, { title = "Pick one" }, function(choice, app)
          app:notify("chose " .. (choice and choice.label or "nothing"), "info")
        end)
      end)`,
      },
    );
    const no = await h.cli(['run', 't.ask']);
    expect(no.status).toBe(1);
    expect(no.stderr).toMatch(
      /t\.ask: cancelled: it asks "Pick one" \(alpha, beta\); --yes takes the first choice \(alpha\)/,
    );
    expect(h.hub.state.client.overlay).toBeNull();
    const yes = await h.cli(['run', 't.ask', '--yes', '--agent', 'd', '--json']);
    expect(yes.status).toBe(0);
    expect(JSON.parse(yes.stdout)).toMatchObject({
      command: 't.ask',
      chosen: ['alpha'],
      notice: 'chose alpha',
    });
    expect(h.hub.focused?.info.name).toBe('d');
    // From inside an agent (the kernel says so, not its environment): test/server/principal.test.ts.
  }, 60000);
});

describe('the control socket refuses hostile requests for the new ops', () => {
  it('answers each with an error line and keeps serving', async () => {
    const h = await hubWithSocket([{ command: 'cat', name: 'c' }]);
    const bad = [
      { op: 'new' },
      { op: 'new', command: 'cat', profile: 'p' },
      { op: 'new', command: 'cat', args: [1, 2] },
      { op: 'new', command: 'cat', cwd: 'relative' },
      { op: 'new', command: 'x\u0000y' },
      { op: 'wait', agent: 'c', until: 'output:' + 'a'.repeat(2000) },
      { op: 'wait', agent: 'c', until: 5 },
      { op: 'wait', agent: 'c', until: 'idle', timeout_ms: 'soon' },
      { op: 'wait', agent: { id: 1 }, until: 'idle' },
      { op: 'read', agent: 'c', lines: 1.5 },
      { op: 'read', agent: 'c', ansi: 'yes' },
      { op: 'events', agent: 'nobody' },
      { op: 'kill', agent: null },
      { op: 'focus', agent: ['1'] },
      { op: 'close', agent: '99' },
      { op: 'run', command: {} },
      { op: 'run', command: 'app.quit', arg: 5 },
      { op: 'run', command: 'app.quit', yes: 'y' },
    ];
    const text = bad.map((r, i) => JSON.stringify({ id: i, ...r })).join('\n') + '\n';
    const replies = (await rawExchange(h.socket, text, { end: true }))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(replies).toHaveLength(bad.length);
    replies.forEach((r, i) =>
      expect({ i, ok: r.ok, error: typeof r.error }).toEqual({ i, ok: false, error: 'string' }),
    );
    expect(h.hub.agents.list()).toHaveLength(1);
    expect((await h.cli(['read', 'c', '--json'])).status).toBe(0);
  }, 30000);
});

describe('the scripting example of docs/scripting.md', () => {
  it('runs as written against the hub', async () => {
    const h = await hubWithSocket([]);
    const script = path.join(h.home, 'example.sh');
    fs.writeFileSync(script, docsScript());
    const r = await exec('/bin/sh', [script], h.env);
    expect(r).toMatchObject({ stdout: 'waiting: Proceed? (y/n)\nanswered y\n', stderr: '', status: 0 });
    expect(h.hub.agents.list().map((a) => a.info.name)).toEqual(['helper']);
  }, 60000);
});
