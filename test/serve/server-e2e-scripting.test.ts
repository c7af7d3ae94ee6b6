import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, waitDead } from '../support/process-alive.js';
import { tempHome, until } from '../support/hub.js';
import { BIN, quitWith, rawExchange, run, screen, waitScreen, stoppedAfterEach } from '../support/cli-pty.js';

// The hub server through the real CLI in real PTYs: quitting asks, and scripts (send, agents,
// snapshot --live) reach the running hub, from outside and from inside its agents.

const { running, homes } = stoppedAfterEach();

/** A home under a dot-folder, in a path with a space. */
const dotHome = (files: Record<string, string> = {}) => {
  const home = path.join(tempHome(), 'my work', '.botster');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(home, rel), text);
  }
  homes.push(home);
  return home;
};

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const e = { ...process.env, CI: 'true', ...env } as Record<string, string | undefined>;
  if (!('BOTSTER_SOCKET' in env)) delete e.BOTSTER_SOCKET;
  for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: e as NodeJS.ProcessEnv,
    timeout: 20000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  id: string;
  name: string;
  command: string;
  cwd: string;
  pid: number;
  status: string;
  exit_code: number | null;
  title: string;
}
const agents = (home: string): Row[] => JSON.parse(cli(['agents', '--json', '--home', home]).stdout) as Row[];

describe('app.quit (q) asks whether to detach or stop', () => {
  it('detach keeps the agent (same PID) and the server; stop leaves no process', async () => {
    const home = dotHome();
    const pidFile = path.join(home, '..', 'agent.pid');
    const a = run(['--home', home, '--agent', `sh -c 'echo $$ > "${pidFile}"; exec cat'`]);
    running.push(a);
    await waitScreen(a, /1 sh( › \S+)? (running|idle)/);
    const agentPid = Number(
      await until('the pid file', () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim()),
    );
    a.pty.write('\x07q');
    const asked = await waitScreen(a, /Quit: detach or stop the agents\?/);
    expect(asked).toMatch(/detach\s+Detach: the agents keep running/);
    expect(asked).toMatch(/stop\s+Stop the hub and its agents/);
    a.pty.write('\x1b'); // escape: back to the hub, nothing happens
    await until('the question closed', () => !/Quit: detach/.test(screen(a.term)));
    await quitWith(a, 'detach');
    expect((await a.exit).exitCode).toBe(0);
    expect(a.output()).toContain('detached; the agents keep running');
    const server = Number(JSON.parse(cli(['ls', '--json', '--home', home]).stdout).pid);
    expect(isAlive(agentPid) && isAlive(server)).toBe(true);
    expect(agents(home)).toEqual([expect.objectContaining({ pid: agentPid })]);

    const b = run(['attach', '--home', home]);
    running.push(b);
    await waitScreen(b, /1 sh( › \S+)? (running|idle)/);
    await quitWith(b, 'stop');
    expect((await b.exit).exitCode).toBe(0);
    expect(b.output()).toContain('the hub server stopped (app.quit)');
    expect(await waitDead([agentPid, server], 5000)).toEqual([]);
    expect(cli(['ls', '--home', home]).status).toBe(3);
  }, 60000);

  it('settings.on_quit = "stop" or "detach" acts at once, without the question', async () => {
    const stopHome = dotHome({ 'user/keybindings.lua': 'settings.on_quit = "stop"\n' });
    const a = run(['--home', stopHome, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    a.pty.write('\x07q');
    expect((await a.exit).exitCode).toBe(0);
    expect(a.output()).not.toContain('Quit: detach');
    expect(a.output()).toContain('the hub server stopped (app.quit)');
    await until('the server is gone', () => cli(['ls', '--home', stopHome]).status === 3);

    const detachHome = dotHome({ 'user/keybindings.lua': 'settings.on_quit = "detach"\n' });
    const b = run(['--home', detachHome, '--agent', 'cat']);
    running.push(b);
    await waitScreen(b, /1 cat (running|idle)/);
    b.pty.write('\x07q');
    expect((await b.exit).exitCode).toBe(0);
    expect(b.output()).not.toContain('Quit: detach');
    expect(b.output()).toContain('detached; the agents keep running');
    expect(agents(detachHome)).toEqual([
      expect.objectContaining({ name: 'cat', status: expect.stringMatching(/running|idle/) }),
    ]);
  }, 60000);
});

describe('scripts reach the running hub', () => {
  it('send types into an agent (by number, name or id:ID), --keys presses keys; agents --json lists them; the screen shows it', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat', '--agent', 'sh', '--agent', 'echo bye'], 120, 30);
    running.push(a);
    await waitScreen(a, /1 cat[\s\S]*2 sh[\s\S]*3 echo exited 0/);
    const rows = agents(home);
    expect(rows.map((r) => [r.id, r.name, r.command, r.status])).toEqual([
      ['1', 'cat', 'cat', expect.stringMatching(/running|idle/)],
      ['2', 'sh', 'sh', expect.stringMatching(/running|idle/)],
      ['3', 'echo', 'echo bye', 'exited'],
    ]);
    expect(rows[2].exit_code).toBe(0);
    expect(rows[0]).toMatchObject({ cwd: process.cwd(), pid: expect.any(Number), title: '' });
    expect(cli(['agents', '--home', home]).stdout).toMatch(
      /^ 1 {2}cat +(running|idle) +pid \d+ +cat {2}\(in .*\)\n 2 {2}sh/,
    );

    const sent = cli(['send', '1', 'typed', 'by', 'a', 'script', '--home', home]);
    expect(sent.status, sent.stderr).toBe(0);
    expect(sent.stdout + sent.stderr).toBe('');
    await waitScreen(a, /typed by a script/); // typed, no Enter: the line is not echoed back yet
    expect(cli(['send', 'cat', '--keys', 'enter', '--home', home]).status).toBe(0);
    await waitScreen(a, /typed by a script[\s\S]*typed by a script/); // cat echoed the line
    // The sh agent runs what is typed, Enter pressed with --keys; snapshot --live shows the screen.
    expect(cli(['send', 'id:2', 'echo $((6*7))-done', '--keys', 'enter', '--home', home]).status).toBe(0);
    await until('the shell ran it', () =>
      /\b42-done/.test(cli(['snapshot', '--live', '--keys', 'ctrl+g j', '--home', home]).stdout),
    );
    expect(cli(['send', '2', 'sleep 30', '--keys', 'enter', '--home', home]).status).toBe(0);
    expect(cli(['send', '2', '--keys', 'ctrl+c', '--home', home]).status).toBe(0);
    expect(cli(['send', 'sh', 'echo after-$((1+1))', '--keys', 'enter', '--home', home]).status).toBe(0);
    await until('ctrl+c stopped the sleep', () =>
      /after-2/.test(cli(['snapshot', '--live', '--home', home]).stdout),
    );

    const unknown = cli(['send', 'nobody', 'x', '--home', home]);
    expect(unknown.status).toBe(6);
    expect(unknown.stderr).toMatch(
      /no agent "nobody"; the agents: 1 cat \((running|idle)\), 2 sh \((running|idle)\), 3 echo \(exited\)/,
    );
    expect(cli(['send', '9', 'x', '--home', home]).status).toBe(6);
    const exited = cli(['send', 'echo', 'x', '--home', home]);
    expect(exited.status).toBe(6);
    expect(exited.stderr).toContain('agent echo (id:3) has exited');
    expect(cli(['send', '1', '--home', home]).status).toBe(2); // nothing to send
    const badKeys = cli(['send', '1', '--keys', 'ctrl+nope', '--home', home]);
    expect(badKeys.status).toBe(2);
    expect(badKeys.stderr).toContain('--keys: unknown key name "nope"');
  }, 60000);

  it('agents, ls and send name an agent by its number as the hub shows it, after one in the middle closed', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat', '--agent', 'echo gone', '--agent', 'sh'], 120, 30);
    running.push(a);
    await waitScreen(a, /1 cat[\s\S]*2 echo exited 0[\s\S]*3 sh/);
    expect(cli(['close', '2', '--home', home]).status).toBe(0);
    await waitScreen(a, /1 cat[\s\S]*3 sh/);
    // The screen says 3 for sh: so do the listings (not its place in the list, 2), and send 3 reaches it.
    expect(cli(['agents', '--home', home]).stdout).toMatch(/^ 1 {2}cat .*\n 3 {2}sh /);
    expect(cli(['ls', '--home', home]).stdout).toMatch(/\n {2}1 {2}cat .*\n {2}3 {2}sh /);
    expect(cli(['send', '3', 'echo via-$((2+3))', '--keys', 'enter', '--home', home]).status).toBe(0);
    await until('sh ran it (read 3 shows it)', () => /via-5/.test(cli(['read', '3', '--home', home]).stdout));
    expect(cli(['send', '2', 'x', '--home', home]).status).toBe(6);
  }, 60000);

  it('from inside an agent: agents, send, snapshot --live and ls work; attaching to the same hub is refused, its environment unset too', async () => {
    // Agent 2 types into agent 1, which it did not start: orchestration, opened by the setting
    // (without it the hub asks the user: test/server/principal.test.ts).
    const home = dotHome({ 'user/settings.lua': 'settings.agents_drive_others = true\n' });
    const out = path.join(home, '..', 'inside.txt');
    // botster-tui is on the agent's PATH (the hub's own copy); BOTSTER_SOCKET and BOTSTER_AGENT_ID are set.
    const script = [
      `botster-tui agents --json > "${out}.agents"`,
      'botster-tui send cat "from agent $BOTSTER_AGENT_ID" --keys enter',
      `botster-tui ls > "${out}.ls"; echo "ls=$?" >> "${out}"`,
      `botster-tui snapshot --live > "${out}.snap"; echo "snapshot=$?" >> "${out}"`,
      `botster-tui attach 2> "${out}.attach"; echo "attach=$?" >> "${out}"`,
      `botster-tui --home "$BOTSTER_HOME" 2>> "${out}.attach"; echo "plain=$?" >> "${out}"`,
      // The server asks the kernel: an environment unset changes nothing.
      `env -u BOTSTER_AGENT_ID -u BOTSTER_SOCKET botster-tui attach --home "$BOTSTER_HOME" 2> "${out}.forced"; echo "forced=$?" >> "${out}"`,
      'exec cat',
    ].join('; ');
    const a = run(
      ['--home', home, '--agent', 'cat', '--agent', `sh -c '${script.replace(/'/g, `'\\''`)}'`],
      120,
      30,
    );
    running.push(a);
    await waitScreen(a, /from agent 2[\s\S]*from agent 2/); // typed into cat, which echoed it
    await until('the script ran', () => fs.existsSync(out) && /forced=/.test(fs.readFileSync(out, 'utf8')));
    expect((JSON.parse(fs.readFileSync(`${out}.agents`, 'utf8')) as Row[]).map((r) => r.name)).toEqual([
      'cat',
      'sh',
    ]);
    expect(fs.readFileSync(`${out}.ls`, 'utf8')).toMatch(/hub server pid \d+/);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^ls=0\nsnapshot=0\nattach=2\nplain=2\nforced=[1-9]\d*\n$/);
    expect(fs.readFileSync(`${out}.snap`, 'utf8')).toMatch(/Botster Hub[\s\S]*from agent 2/);
    const said = fs.readFileSync(`${out}.attach`, 'utf8');
    expect(said).toContain('this terminal is agent 2 of the hub it would attach to');
    expect(said).not.toContain('unset BOTSTER_AGENT_ID');
    expect(said.split('\n').filter(Boolean)).toHaveLength(2);
    expect(fs.readFileSync(`${out}.forced`, 'utf8')).toMatch(
      /runs inside agent 2 of this hub \(the kernel says so\): an agent cannot attach/,
    );
    expect(JSON.parse(cli(['ls', '--json', '--home', home]).stdout).clients).toBe(1); // only our terminal
  }, 60000);

  it('with no server: send and agents say so, exit 3', () => {
    const home = dotHome();
    for (const args of [['agents'], ['agents', '--json'], ['send', '1', 'x']]) {
      const r = cli([...args, '--home', home]);
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(`no hub server is running for ${home}`);
      expect(r.stdout).toBe('');
    }
  });
});

describe('one server per home', () => {
  it('--restore while a server runs is refused (exit 4): the running agents and their record stay as they were', async () => {
    const home = dotHome();
    // A recorded session with an agent whose folder is gone: a restore would keep session.previous.json.
    const session = JSON.stringify({
      version: 2,
      saved: '2020-01-01T00:00:00.000Z',
      agents: [{ command: 'cat', cwd: '/nonexistent/folder' }, { command: 'sleep 99' }],
    });
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(home, 'session.json'), session);
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    const before = agents(home).map((r) => [r.id, r.pid]);
    // The running server keeps session.json in step with its agents (the old record is replaced).
    const recorded = () =>
      JSON.parse(fs.readFileSync(path.join(home, 'session.json'), 'utf8')) as {
        agents: unknown[];
        pid: number;
      };
    await until('the running server recorded its agent', () => recorded().agents.length === 1);
    const record = recorded();
    const b = run(['--home', home, '--restore']);
    running.push(b);
    expect((await b.exit).exitCode).toBe(4);
    expect(b.output()).toContain(
      `a hub server already runs for ${home} with 1 agent, so --restore was not applied and nothing changed: botster-tui attach shows its agents`,
    );
    expect(b.output()).not.toContain('\x1b[?1049h'); // it never took the terminal
    expect(recorded()).toMatchObject({ pid: record.pid, agents: record.agents });
    expect(JSON.stringify(recorded())).not.toContain('sleep 99');
    expect(fs.existsSync(path.join(home, 'session.previous.json'))).toBe(false);
    expect(agents(home).map((r) => [r.id, r.pid])).toEqual(before);
  }, 60000);

  it('a home others may write to is refused before any agent starts, with how to fix it', async () => {
    const home = dotHome();
    fs.mkdirSync(home, { recursive: true });
    fs.chmodSync(home, 0o775);
    const fg = cli(['server', '--home', home, '--agent', 'cat']);
    expect(fg.status).toBe(1);
    expect(fg.stderr).toContain(
      `refusing to put the hub's socket in ${home}: other users may write to it (mode 775)`,
    );
    expect(fg.stderr).toContain(`chmod go-w '${home}'`);
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    expect((await a.exit).exitCode).toBe(1);
    expect(a.output().replace(/\s+/g, ' ')).toContain(
      'the hub server could not start: control socket: refusing to put the hub',
    );
    expect(fs.existsSync(path.join(home, 'hub.sock'))).toBe(false);
    fs.chmodSync(home, 0o755); // readable by others is fine: the socket itself is 0600
    const b = run(['--home', home, '--agent', 'cat']);
    running.push(b);
    await waitScreen(b, /1 cat (running|idle)/);
  }, 60000);

  it('a request for another home is refused (kill-server included); the hub serves its own home through a symlink', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    const other = path.join(tempHome(), '.botster');
    const socket = path.join(home, 'hub.sock');
    // An inherited BOTSTER_SOCKET that leads to this hub while BOTSTER_HOME names another home.
    for (const args of [['kill-server'], ['agents'], ['send', '1', 'x'], ['snapshot', '--live'], ['ls']]) {
      const r = cli(args, { BOTSTER_SOCKET: socket, BOTSTER_HOME: other });
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toContain(`this hub server serves the home ${home}, not ${other}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(agents(home)).toHaveLength(1); // still running
    const link = path.join(tempHome(), 'link');
    fs.symlinkSync(path.dirname(home), link);
    expect(cli(['agents', '--home', path.join(link, '.botster')]).status).toBe(0);
    expect(
      cli(['agents'], { BOTSTER_SOCKET: socket, BOTSTER_HOME: path.join(link, '.botster') }).status,
    ).toBe(0);
    const b = run(['attach', '--home', path.join(link, '.botster')]); // the same home, spelled through the link
    running.push(b);
    await waitScreen(b, /1 cat (running|idle)/);
  }, 60000);
});

describe('the control socket of a real server is safe', () => {
  /** Writes bytes, half-closes, and returns every reply line until the server closes. */
  const raw = async (socket: string, bytes: string | Buffer) =>
    (await rawExchange(socket, bytes, { end: true, ms: 15000 }))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('oversized, malformed, hostile and other-version requests get an error reply; the hub serves on', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    const socket = path.join(home, 'hub.sock');
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);

    const [big] = await raw(
      socket,
      '{"op":"send","agent":"1","text":"' + 'x'.repeat(2 * 1024 * 1024) + '"}\n',
    );
    expect(big).toMatchObject({
      ok: false,
      v: 1,
      error: expect.stringMatching(/request too large \(over 1048576 bytes\)/),
    });
    const replies = await raw(
      socket,
      [
        'not json',
        '[1]',
        '{"op":"send","v":2,"agent":"1","text":"x"}',
        '{"op":"send","agent":{"x":1},"text":"x"}',
        '{"op":"send","agent":"1","text":42}',
        '{"op":"send","agent":"1","keys":"ctrl+nope"}',
        '{"op":"send","agent":"1"}',
        '{"op":"agents","home":42}',
        '{"op":"__proto__"}',
        '{"op":"snapshot","keys":["x"]}',
      ].join('\n') + '\n',
    );
    expect(replies.map((r) => [r.ok, r.v])).toEqual(Array.from({ length: 10 }, () => [false, 1]));
    expect(replies.map((r) => String(r.error))).toEqual([
      'request is not valid JSON',
      'request must be a JSON object',
      expect.stringMatching(/speaks control protocol 1 and this botster-tui speaks 2\. Restart the server/),
      'name an agent: its number as listed, its name, or id:ID',
      'send: text must be a string',
      expect.stringMatching(/unknown key name "nope"/),
      'send: give text to type, keys to press, or both',
      expect.stringMatching(/serves the home .*, not 42/),
      expect.stringMatching(/unknown op "__proto__"/),
      expect.stringMatching(/keys must be a string/),
    ]);
    // Nothing reached the agent, and the hub answers as before.
    expect(screen(a.term)).not.toMatch(/xxxx/);
    expect(cli(['send', '1', 'still fine', '--keys', 'enter', '--home', home]).status).toBe(0);
    await waitScreen(a, /still fine[\s\S]*still fine/);
    expect(agents(home)).toHaveLength(1);
  }, 60000);
});
