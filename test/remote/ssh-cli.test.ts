import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../support/fleet.js';
import { BIN, killServer, ptyEnv, run, screen, waitScreen, type Running } from '../support/cli-pty.js';
import { tempHome } from '../support/hub.js';
import { until } from '../support/wait.js';
import { BIN_DIR, FAKE_SSH, FIXTURES, childEnv, descendants } from '../support/remote.js';

// `--ssh HOST` on the client commands, with BOTSTER_SSH pointed at a stand-in for ssh that runs the
// command here in another HOME: a second home acting as the remote machine. The client draws here.

const running: Running[] = [];
const remotes: string[] = [];
afterEach(() => {
  for (const r of running.splice(0)) {
    r.pty.kill('SIGKILL');
    r.pty.dispose();
    r.term.dispose();
  }
  for (const h of remotes.splice(0)) killServer(h, childEnv());
});

/** A remote machine (its user's HOME; the hub's default home is HOME/.botster there) and a local user. */
function machines(remotePath = `${BIN_DIR}:${process.env.PATH}`) {
  const remoteUser = tempHome();
  const remoteHome = path.join(remoteUser, '.botster');
  remotes.push(remoteHome);
  const vars = {
    BOTSTER_SSH: FAKE_SSH,
    FAKE_REMOTE_HOME: remoteUser,
    FAKE_REMOTE_PATH: remotePath,
    HOME: tempHome(),
  };
  const cli = (args: string[], extra: Record<string, string | undefined> = {}) =>
    exec(process.execPath, [BIN, ...args], { ...childEnv(vars), ...extra });
  const attach = (args: string[] = [], cols = 110, rows = 30) => {
    const r = run(['--ssh', 'devbox', ...args], cols, rows, {
      env: ptyEnv({ ...childEnv(vars), CI: undefined }),
    });
    r.home = null; // its server is the remote's (stopped with `remotes`)
    running.push(r);
    return r;
  };
  return { remoteHome, vars, cli, attach };
}

const ECHOER = 'echo ready; read x; echo "got $x"; exec sleep 60';

describe('botster-tui --ssh HOST', () => {
  it('attaches as to a local hub: frames, keys, resize, OSC 52 copy to this terminal, detach', async () => {
    const m = machines();
    const r = m.attach();
    // The remote server started (plain botster-tui --ssh does) and draws here.
    // The header names the machine the hub runs on, as it was named here.
    await waitScreen(r, /Botster Hub @ devbox\s+110x30/, 30000);
    expect(fs.existsSync(path.join(m.remoteHome, 'hub.sock'))).toBe(true);
    const made = await m.cli(['new', '--ssh', 'devbox', '--name', 'echoer', '--', ECHOER]);
    expect(made).toMatchObject({ status: 0, stdout: 'id:2\n' });
    expect(
      (await m.cli(['wait', '--ssh', 'devbox', 'echoer', '--until', 'output:^ready$', '--timeout', '20']))
        .status,
    ).toBe(0);
    await waitScreen(r, /echoer/);
    // Typed here, into the focused remote agent (insert mode).
    await waitScreen(r, / INSERT /);
    r.pty.write('from afar\r');
    expect(
      (
        await m.cli([
          'wait',
          '--ssh',
          'devbox',
          'echoer',
          '--until',
          'output:^got from afar$',
          '--timeout',
          '20',
        ])
      ).status,
    ).toBe(0);
    await waitScreen(r, /got from afar/);
    r.pty.resize(120, 34);
    await waitScreen(r, /Botster Hub @ devbox\s+120x34/);
    // Copy mode: the lines go to this terminal's clipboard as OSC 52.
    r.pty.write('\x07');
    await waitScreen(r, / NORMAL /);
    r.pty.write('y');
    await until(`copy mode:\n${screen(r.term)}`, () => /select: j\/k move/.test(screen(r.term)), 10000);
    r.pty.write('y');
    await until(
      'an OSC 52 copy reached this terminal',
      () => /\x1b\]52;c;[A-Za-z0-9+/=]+\x07/.test(r.output()),
      10000,
    );
    const b64 = /\x1b\]52;c;([A-Za-z0-9+/=]+)\x07/.exec(r.output())![1];
    expect(Buffer.from(b64, 'base64').toString('utf8')).toContain('got from afar');
    // d detaches; the remote agents keep running.
    await waitScreen(r, /copied 1 line/);
    r.pty.write('d');
    expect((await r.exit).exitCode).toBe(0);
    expect(r.output()).toContain('detached; the agents keep running (botster-tui --ssh devbox to come back)');
    const agents = JSON.parse((await m.cli(['agents', '--ssh', 'devbox', '--json'])).stdout) as Array<{
      name: string;
      state: string;
    }>;
    expect(agents.find((a) => a.name === 'echoer')?.state).not.toBe('exited');
  }, 120000);

  it('a dropped link is a detach that says how to come back; the agents there keep running', async () => {
    const m = machines();
    const r = m.attach(['--agent', ECHOER]);
    await waitScreen(r, /Botster Hub/, 30000);
    await waitScreen(r, /2 echo/); // started there, asked for by this client
    // The link's far end goes away (as when the network drops and ssh exits). (It names itself botster-tui; the server it started, botster-tui server.)
    const proxy = await until('the proxy runs', () =>
      descendants(r.pty.pid).find((p) => p.cmd === 'botster-tui'),
    );
    process.kill(proxy.pid, 'SIGKILL');
    expect((await r.exit).exitCode).toBe(1);
    expect(r.output()).toContain(
      'the connection to devbox was lost; its agents keep running there (botster-tui --ssh devbox comes back)',
    );
    const ls = await m.cli(['ls', '--ssh', 'devbox']);
    expect(ls.status).toBe(0);
    expect(ls.stdout).toMatch(/devbox: hub server pid \d+/);
    expect(ls.stdout).toContain(ECHOER.slice(0, 10));
  }, 90000);

  it('every client command: ls, agents, send, new, wait, read, events, push, snapshot --live, kill-server', async () => {
    const m = machines();
    const home = ['--ssh', 'devbox', '--home', m.remoteHome];
    // No hub there yet: said plainly, exit 3 (only plain botster-tui starts one).
    const none = await m.cli(['agents', ...home]);
    expect(none).toMatchObject({ status: 3 });
    expect(none.stderr.trim()).toBe(
      `botster-tui: no hub server is running on devbox:${m.remoteHome} (start one with botster-tui --ssh devbox --home ${m.remoteHome})`,
    );
    // A server there, started as its user would (the proxy starts it).
    const proxy = spawn(process.execPath, [BIN, 'proxy', '--home', m.remoteHome], {
      env: childEnv(),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    await new Promise((res) => proxy.stdout.once('data', res));
    proxy.stdin.end();

    expect(await m.cli(['new', ...home, '--name', 'echoer', '--', ECHOER])).toMatchObject({
      status: 0,
      stdout: 'id:2\n',
    });
    const events = spawn(process.execPath, [BIN, 'events', ...home, '--json'], { env: childEnv(m.vars) });
    let evOut = '';
    events.stdout.on('data', (d) => (evOut += d));
    expect(
      (await m.cli(['wait', ...home, 'echoer', '--until', 'output:^ready$', '--timeout', '20'])).status,
    ).toBe(0);
    expect((await m.cli(['send', ...home, 'echoer', 'hello', '--keys', 'enter'])).status).toBe(0);
    expect(
      (await m.cli(['wait', ...home, 'echoer', '--until', 'output:^got hello$', '--timeout', '20'])).status,
    ).toBe(0);
    expect((await m.cli(['read', ...home, 'echoer'])).stdout).toBe('ready\nhello\ngot hello\n');
    const rows = JSON.parse((await m.cli(['agents', ...home, '--json'])).stdout) as Array<{ name: string }>;
    expect(rows.map((a) => a.name)).toContain('echoer');
    const ls = await m.cli(['ls', ...home]);
    expect(ls.stdout).toContain(`devbox:${m.remoteHome}: hub server pid`);
    // events: a new agent's start reaches the subscriber here.
    expect((await m.cli(['new', ...home, '--name', 'second', '--', 'sleep 60'])).status).toBe(0);
    await until('the started event came over the link', () => evOut.includes('"name":"second"'), 20000);
    events.kill('SIGINT');
    const file = path.join(tempHome(), 'tiny.lua');
    fs.writeFileSync(file, 'commands.register("tiny.hello", function(app) app:notify("hi") end)\n');
    const pushed = await m.cli(['push', ...home, file]);
    expect(pushed.stderr).toBe('');
    expect(JSON.parse(pushed.stdout).decision).toBeDefined();
    const snap = await m.cli(['snapshot', '--live', ...home]);
    expect(snap).toMatchObject({ status: 0 });
    expect(snap.stdout).toContain('echoer');
    const killed = await m.cli(['kill-server', ...home]);
    expect(killed).toMatchObject({ status: 0 });
    await until(
      'the remote server is gone',
      () => !fs.existsSync(path.join(m.remoteHome, 'hub.sock')),
      20000,
    );
  }, 150000);

  it('failures are one clear line: no botster-tui there, another version, an unreachable host', async () => {
    const nodeDir = path.dirname(process.execPath);
    const bare = machines(`${nodeDir}:/usr/bin:/bin`);
    const missing = await bare.cli(['agents', '--ssh', 'devbox']);
    expect(missing.status).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(
      /^botster-tui: botster-tui is not found on devbox \(the remote shell said: ".*botster-tui.*not found"\): install it there, or name it with --remote-command PATH/,
    );
    // --remote-command names it where it is.
    const named = await bare.cli([
      'ls',
      '--ssh',
      'devbox',
      '--remote-command',
      path.join(BIN_DIR, 'botster-tui'),
    ]);
    expect(named).toMatchObject({ status: 3 });
    expect(named.stderr).toMatch(/no hub server is running for devbox/);

    const other = await bare.cli([
      'agents',
      '--ssh',
      'devbox',
      '--remote-command',
      path.join(FIXTURES, 'other-version'),
    ]);
    expect(other.status).not.toBe(0);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toMatch(
      /devbox runs botster-tui 9\.0\.0 \(attach protocol 99, control 99\) and this is botster-tui [\d.]+ \(attach protocol 1, control 1\): they cannot talk\. Install the same version on both machines/,
    );

    const down = await bare.cli(['agents', '--ssh', 'devbox'], { FAKE_SSH_UNREACHABLE: 'devbox' });
    expect(down.stderr.trim()).toBe(
      'botster-tui: cannot reach devbox over ssh: ssh: connect to host devbox port 22: Connection refused',
    );
    // attach says the same before it touches the terminal.
    const r = bare.attach(['--remote-command', path.join(FIXTURES, 'other-version')]);
    expect((await r.exit).exitCode).toBe(1);
    expect(r.output()).toMatch(/devbox runs botster-tui 9\.0\.0/);
    expect(r.output()).not.toContain('\x1b[?1049h'); // the terminal was never taken
  }, 90000);

  it('--ssh is refused where it means nothing', async () => {
    const m = machines();
    for (const [args, msg] of [
      [['check', 'x.lua', '--ssh', 'devbox'], /--ssh is for the commands that talk to a hub/],
      [['snapshot', '--ssh', 'devbox'], /snapshot --ssh needs --live/],
      [['--ssh', ''], /--ssh needs a host/],
      [['--ssh', 'devbox', '--layout', 'x.lua'], /--layout, --scrollback and --restore are the server's/],
    ] as Array<[string[], RegExp]>) {
      const r = await m.cli(args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(msg);
    }
  }, 60000);
});
