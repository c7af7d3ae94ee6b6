import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, waitDead } from '../support/process-alive.js';
import { tempHome, until } from '../support/hub.js';
import {
  BIN,
  TTY_PATHS,
  killServer,
  onPath,
  ptyEnv,
  rawExchange,
  run,
  screen,
  waitScreen,
  stoppedAfterEach,
} from '../support/cli-pty.js';
import { MAX_SERVER_MESSAGE, MSG, MessageReader, PROTOCOL, encode } from '../../src/wire/protocol.js';

// The hub as a server per home that outlives its terminals, driven through the real CLI in real PTYs.

const { running, homes, dotHome } = stoppedAfterEach();

function cli(args: string[]) {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 20000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Ls {
  running: boolean;
  pid: number;
  clients: number;
  attached: Array<{ direct: boolean }>;
  agents: Array<{ name: string; pid: number; status: string; command: string }>;
}
const ls = (home: string): Ls => JSON.parse(cli(['ls', '--json', '--home', home]).stdout) as Ls;

/** An agent that counts on its own (tick N every 0.2 s) and echoes what is typed (cat). */
const counter = (pidFile: string) =>
  `sh -c 'echo $$ > ${pidFile}; (i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done) & exec cat'`;
const lastTick = (text: string) => Math.max(0, ...[...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));

describe.each(TTY_PATHS)('the hub server outlives its terminal (keys and frames: %s)', (_, way) => {
  onPath(way.env);

  it('detach with d, the agent runs on (same PID, counter advancing), attach shows its screen now; ls lists it', async () => {
    const home = dotHome();
    const pidFile = path.join(home, '..', 'agent.pid');
    const first = run(['--home', home, '--agent', counter(pidFile)]);
    running.push(first);
    await waitScreen(first, /tick 2/);
    first.pty.write('typed before detach\r');
    await waitScreen(first, /typed before detach[\s\S]*typed before detach/);
    const agentPid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(ls(home).attached.map((c) => c.direct)).toEqual([way.direct]);
    first.pty.write('\x07d'); // ctrl+g, then d: client.detach
    expect((await first.exit).exitCode).toBe(0);
    expect(first.output()).toContain('detached; the agents keep running');
    const out = first.output();
    expect(out.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(out.lastIndexOf('\x1b[?1049h')); // the terminal is restored
    expect(out.slice(out.lastIndexOf('\x1b[?1049l'))).not.toContain('\x1b[?2026h'); // and no frame came after that
    await first.term.flush();
    const before = lastTick(first.output());

    const listed = ls(home);
    expect(listed).toMatchObject({ running: true, clients: 0 });
    expect(listed.agents).toEqual([
      expect.objectContaining({ pid: agentPid, status: expect.stringMatching(/running|idle/) }),
    ]);
    expect(cli(['ls', '--home', home]).stdout).toMatch(
      /hub server pid \d+ .*0 clients attached, 1 agent\n\s+1\s+sh\s+/,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(isAlive(agentPid)).toBe(true);

    const again = run(['attach', '--home', home]);
    running.push(again);
    const shown = await waitScreen(again, /typed before detach[\s\S]*INSERT/); // the whole frame, status bar included
    expect(lastTick(shown)).toBeGreaterThan(before + 2); // it kept counting while nobody watched
    // The same view, typing to the agent again: the detach went through the hub's keys (ctrl+g d),
    // and what is typed first after coming back must reach the agent, not run a hub key.
    expect(shown).toContain('INSERT');
    again.pty.write('typed after attach\r');
    await waitScreen(again, /typed after attach[\s\S]*typed after attach/);
    expect(Number(fs.readFileSync(pidFile, 'utf8'))).toBe(agentPid);
  }, 60000);

  it('the terminal going away (SIGHUP) or kill -9 of a client detaches; the agents and the server do not notice', async () => {
    const home = dotHome();
    const pidFile = path.join(home, '..', 'agent.pid');
    const a = run(['--home', home, '--agent', counter(pidFile)]);
    running.push(a);
    await waitScreen(a, /tick 1/);
    const server = ls(home).pid;
    const agentPid = Number(fs.readFileSync(pidFile, 'utf8'));
    process.kill(a.pty.pid, 'SIGHUP');
    await a.exit;
    await until('no client attached', () => ls(home).clients === 0);
    const b = run(['attach', '--home', home]);
    running.push(b);
    await waitScreen(b, /tick \d+/);
    expect(ls(home).clients).toBe(1);
    process.kill(b.pty.pid, 'SIGKILL');
    await b.exit;
    await until('no client attached', () => ls(home).clients === 0);
    expect(isAlive(server) && isAlive(agentPid)).toBe(true);
    const c = run(['attach', '--home', home]);
    running.push(c);
    const t1 = lastTick(await waitScreen(c, /tick \d+/));
    await until('ticks on', () => lastTick(screen(c.term)) > t1);
  }, 60000);

  it('--agent on a running server starts that agent in it; a second server for the home refuses (exit 4)', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    const b = run(['--home', home, '--agent', 'sleep 60']);
    running.push(b);
    await waitScreen(b, /1 cat [\s\S]*2 sleep/);
    await waitScreen(a, /1 cat [\s\S]*2 sleep/); // both clients see the same hub
    expect(ls(home).agents.map((x) => x.command)).toEqual(['cat', 'sleep 60']);
    const second = cli(['server', '--home', home]);
    expect(second.status).toBe(4);
    expect(ls(home).agents).toHaveLength(2);
  }, 60000);

  it('kill-server: agents get SIGHUP, the client is told and restores the terminal, session.json is written, no process is left', async () => {
    const home = dotHome();
    const pidFile = path.join(home, '..', 'agent.pid');
    const trapped = path.join(home, '..', 'trapped.pid');
    const a = run([
      '--home',
      home,
      '--agent',
      counter(pidFile),
      '--agent',
      `sh -c 'trap "" HUP; echo $$ > ${trapped}; sleep 100; sleep 100'`,
    ]);
    running.push(a);
    await waitScreen(a, /tick 1/);
    // (made empty, then written: read once its line is whole)
    await until(
      'pid files',
      () => fs.existsSync(trapped) && /^\d+\n$/.test(fs.readFileSync(trapped, 'utf8')),
    );
    const pids = [
      ls(home).pid,
      Number(fs.readFileSync(pidFile, 'utf8')),
      Number(fs.readFileSync(trapped, 'utf8')),
    ];
    const killed = cli(['kill-server', '--home', home]);
    expect(killed.status, killed.stderr).toBe(0);
    expect(killed.stdout).toContain('stopped the hub server');
    expect((await a.exit).exitCode).toBe(0);
    expect(a.output()).toContain('the hub server stopped (kill-server)');
    expect(a.output().lastIndexOf('\x1b[?1049l')).toBeGreaterThan(a.output().lastIndexOf('\x1b[?1049h'));
    expect(await waitDead(pids, 5000)).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'session.json'), 'utf8')).agents).toHaveLength(2);
    expect(cli(['ls', '--home', home]).status).toBe(3);
    expect(cli(['kill-server', '--home', home]).status).toBe(3);
  }, 60000);

  it('SIGTERM to the server is a clean stop; kill -9 of a server without keepers: agents get SIGHUP, the client says so and restores the terminal', async () => {
    const home = dotHome();
    const pidFile = path.join(home, '..', 'agent.pid');
    const a = run(['--home', home, '--agent', counter(pidFile)]);
    running.push(a);
    await waitScreen(a, /tick 1/);
    let server = ls(home).pid;
    process.kill(server, 'SIGTERM');
    expect((await a.exit).exitCode).toBe(0);
    expect(a.output()).toContain('the hub server stopped (SIGTERM)');
    expect(await waitDead([server, Number(fs.readFileSync(pidFile, 'utf8'))], 5000)).toEqual([]);
    expect(fs.existsSync(path.join(home, 'session.json'))).toBe(true);

    fs.rmSync(pidFile);
    // (Without keepers: with them the agent lives on, test/keeper/.)
    const b = run(['--home', home, '--agent', counter(pidFile)], 100, 30, {
      env: ptyEnv({ BOTSTER_KEEPER: 'off' }),
    });
    running.push(b);
    await waitScreen(b, /tick 1/);
    server = ls(home).pid;
    process.kill(server, 'SIGKILL');
    expect((await b.exit).exitCode).toBe(1);
    expect(b.output()).toContain('lost the hub server');
    expect(b.output().lastIndexOf('\x1b[?1049l')).toBeGreaterThan(b.output().lastIndexOf('\x1b[?1049h'));
    expect(await waitDead([Number(fs.readFileSync(pidFile, 'utf8'))], 5000)).toEqual([]);
    // A new server takes the stale socket over. (The dead hub's agents are on offer to resume:
    // they keep their numbers, so its own agent takes the one after theirs.)
    const c = run(['--home', home, '--agent', 'cat']);
    running.push(c);
    await waitScreen(c, /3 cat (running|idle)[\s\S]*last hub stopped without you: 2 agents/);
  }, 60000);
});

describe('the attach protocol is safe', () => {
  const raw = (socket: string, bytes: Buffer, end = false) =>
    rawExchange(socket, bytes, { end, encoding: 'latin1' });

  it('hostile messages get an error reply and never crash the server; another version or home is told what to do', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    const socket = path.join(home, 'hub.sock');
    const version = (ls(home) as unknown as { version: string }).version;
    const hello = (p: object) =>
      encode(MSG.HELLO, { protocol: PROTOCOL, version, home, cols: 80, rows: 24, ...p });
    const huge = Buffer.alloc(5);
    huge.writeUInt32BE(0x00ffffff, 0);
    expect(await raw(socket, huge)).toMatch(/over the limit/);
    expect(await raw(socket, Buffer.from([0, 0, 0, 0]))).toMatch(/empty message/);
    expect(await raw(socket, encode(MSG.INPUT, 'ls\r'))).toMatch(/first message must be HELLO/);
    expect(await raw(socket, encode(MSG.HELLO, 'not json'))).toMatch(/HELLO needs/);
    expect(await raw(socket, hello({ version: '0.0.1', protocol: 99 }))).toMatch(
      /runs botster-tui [\d.]+ \(protocol 1\) and this is botster-tui 0\.0\.1 \(protocol 99\).*kill-server --home/,
    );
    expect(await raw(socket, hello({ home: '/somewhere/else' }))).toMatch(
      /serves the home .* not \/somewhere\/else/,
    );
    expect(await raw(socket, Buffer.concat([hello({}), encode(77, 'x')]))).toMatch(/unknown message type 77/);
    expect(
      await raw(socket, Buffer.concat([hello({}), encode(MSG.RESIZE, { cols: -1, rows: 'x' })])),
    ).toMatch(/RESIZE needs/);
    expect(await raw(socket, Buffer.from('{"op":"bogus"}\n'), true)).toMatch(/unknown op \\"bogus\\"/);
    // Still serving: the client is live and the control socket answers.
    a.pty.write('still here\r');
    await waitScreen(a, /still here[\s\S]*still here/);
    expect(ls(home).clients).toBe(1);
  }, 60000);
});

describe("the server opens a client's terminal only when the claim holds", () => {
  /** A raw client: its messages by type, and the frames it got over the socket (OUTPUT). */
  function rawClient(socket: string) {
    const sock = net.createConnection(socket);
    const reader = new MessageReader(MAX_SERVER_MESSAGE);
    const got: Array<{ type: number; payload: Buffer }> = [];
    sock.on('data', (chunk: Buffer) => got.push(...reader.push(chunk).messages));
    sock.on('error', () => {});
    return {
      sock,
      got,
      frames: () =>
        got
          .filter((m) => m.type === MSG.OUTPUT)
          .map((m) => m.payload.toString('utf8'))
          .join(''),
    };
  }
  const start = (pid: number) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  };

  it('a terminal of a local process of ours: the server writes the frames there and reads the keys there, not over the socket', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    // The claimed terminal: a PTY whose process (sleep, raw mode set as a client sets it) holds it
    // as stdin and stdout; we are its terminal emulator.
    const held = run(['-c', 'stty raw -echo; echo RAW; exec sleep 60'], 90, 25, { file: 'sh' });
    running.push(held);
    await waitScreen(held, /RAW/);
    const pid = held.pty.pid;
    const ttyPath = fs.readlinkSync(`/proc/${pid}/fd/0`);
    const st = fs.statSync(ttyPath);
    const c = rawClient(path.join(home, 'hub.sock'));
    const version = (ls(home) as unknown as { version: string }).version;
    c.sock.write(
      encode(MSG.HELLO, {
        protocol: PROTOCOL,
        version,
        home,
        cols: 90,
        rows: 25,
        tty: { path: ttyPath, dev: st.dev, ino: st.ino, pid, start: start(pid) },
      }),
    );
    await waitScreen(held, /Botster Hub\s+90x25[\s\S]*INSERT/);
    const welcome = c.got.find((m) => m.type === MSG.WELCOME)!;
    expect(JSON.parse(welcome.payload.toString()).direct).toBe(true);
    held.pty.write('\x07'); // a key typed there reaches the hub (the server reads it, sleep does not)
    await waitScreen(held, /NORMAL/);
    expect(c.frames()).toBe(''); // nothing came over the socket
    c.sock.write(encode(MSG.DETACH));
    await until('it let go', () => c.got.some((m) => m.type === MSG.EXIT));
    c.sock.destroy();
  }, 60000);

  it('a claim that does not hold (a remote client through a proxy, another process, not a terminal): the socket carries keys and frames', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    const mine = fs.readlinkSync(`/proc/${a.pty.pid}/fd/0`);
    const st = fs.statSync(mine);
    const version = (ls(home) as unknown as { version: string }).version;
    const claims = [
      // a client on another machine: its pid here is another process (or none), with another start time
      { path: mine, dev: st.dev, ino: st.ino, pid: a.pty.pid, start: '1' },
      // a process of ours whose terminal is not that one (this test runner's)
      { path: mine, dev: st.dev, ino: st.ino, pid: process.pid, start: start(process.pid) },
      { path: '/dev/null', dev: 0, ino: 0, pid: a.pty.pid, start: start(a.pty.pid) },
      { path: mine },
      'a string',
    ];
    for (const tty of claims) {
      const c = rawClient(path.join(home, 'hub.sock'));
      c.sock.write(encode(MSG.HELLO, { protocol: PROTOCOL, version, home, cols: 80, rows: 24, tty }));
      await until('a frame over the socket', () => /Botster Hub/.test(c.frames()));
      expect(JSON.parse(c.got.find((m) => m.type === MSG.WELCOME)!.payload.toString()).direct).toBe(false);
      c.sock.write(encode(MSG.INPUT, '\x07'));
      await until('keys over the socket', () => /NORMAL/.test(c.frames()));
      c.sock.write(encode(MSG.INPUT, 'i'));
      c.sock.destroy();
      await until('it left', () => ls(home).clients === 1);
    }
    expect(fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8')).toMatch(
      /keys and frames go through the socket \(process \d+ is not the client \(another start time\)/,
    );
    // The real client is untouched and still has its terminal.
    a.pty.write('still here\r');
    await waitScreen(a, /still here[\s\S]*still here/);
  }, 90000);
});

// Servers a failed test left behind are stopped by stopAll (kill-server per home); this checks that helper.
it('killServer on a home with no server says so (exit 3)', () => {
  expect(killServer(path.join(tempHome(), '.botster')).status).toBe(3);
});
