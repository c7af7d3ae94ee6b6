import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, waitDead } from '../pty/process-alive.js';
import { tempHome, until } from './helpers.js';
import { BIN, killServer, rawExchange, run, screen, waitScreen, stoppedAfterEach } from './cli-pty.js';
import { MSG, PROTOCOL, encode } from '../../src/server/protocol.js';

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
  agents: Array<{ name: string; pid: number; status: string; command: string }>;
}
const ls = (home: string): Ls => JSON.parse(cli(['ls', '--json', '--home', home]).stdout) as Ls;

/** An agent that counts on its own (tick N every 0.2 s) and echoes what is typed (cat). */
const counter = (pidFile: string) => `sh -c 'echo $$ > ${pidFile}; (i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done) & exec cat'`;
const lastTick = (text: string) => Math.max(0, ...[...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));

describe('the hub server outlives its terminal', () => {
  it('detach with d, the agent runs on (same PID, counter advancing), attach shows its screen now; ls lists it', async () => {
    const home = dotHome();
    const pidFile = path.join(home, '..', 'agent.pid');
    const first = run(['--home', home, '--agent', counter(pidFile)]);
    running.push(first);
    await waitScreen(first, /tick 2/);
    first.pty.write('typed before detach\r');
    await waitScreen(first, /typed before detach[\s\S]*typed before detach/);
    const agentPid = Number(fs.readFileSync(pidFile, 'utf8'));
    first.pty.write('\x07d'); // ctrl+g, then d: client.detach
    expect((await first.exit).exitCode).toBe(0);
    expect(first.output()).toContain('detached; the agents keep running');
    const out = first.output();
    expect(out.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(out.lastIndexOf('\x1b[?1049h')); // the terminal is restored
    await first.term.flush();
    const before = lastTick(first.output());

    const listed = ls(home);
    expect(listed).toMatchObject({ running: true, clients: 0 });
    expect(listed.agents).toEqual([expect.objectContaining({ pid: agentPid, status: expect.stringMatching(/running|idle/) })]);
    expect(cli(['ls', '--home', home]).stdout).toMatch(/hub server pid \d+ .*0 clients attached, 1 agent\n\s+1\s+sh\s+/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(isAlive(agentPid)).toBe(true);

    const again = run(['attach', '--home', home]);
    running.push(again);
    const shown = await waitScreen(again, /typed before detach[\s\S]*NORMAL/); // the whole frame, status bar included
    expect(lastTick(shown)).toBeGreaterThan(before + 2); // it kept counting while nobody watched
    expect(shown).toContain('NORMAL'); // the same hub, in the mode we left it
    again.pty.write('i');
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
    const a = run(['--home', home, '--agent', counter(pidFile), '--agent', `sh -c 'trap "" HUP; echo $$ > ${trapped}; sleep 100; sleep 100'`]);
    running.push(a);
    await waitScreen(a, /tick 1/);
    await until('pid files', () => fs.existsSync(trapped));
    const pids = [ls(home).pid, Number(fs.readFileSync(pidFile, 'utf8')), Number(fs.readFileSync(trapped, 'utf8'))];
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

  it('SIGTERM to the server is a clean stop; kill -9 of the server: agents get SIGHUP, the client says so and restores the terminal', async () => {
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
    const b = run(['--home', home, '--agent', counter(pidFile)]);
    running.push(b);
    await waitScreen(b, /tick 1/);
    server = ls(home).pid;
    process.kill(server, 'SIGKILL');
    expect((await b.exit).exitCode).toBe(1);
    expect(b.output()).toContain('lost the hub server');
    expect(b.output().lastIndexOf('\x1b[?1049l')).toBeGreaterThan(b.output().lastIndexOf('\x1b[?1049h'));
    expect(await waitDead([Number(fs.readFileSync(pidFile, 'utf8'))], 5000)).toEqual([]);
    // A new server takes the stale socket over.
    const c = run(['--home', home, '--agent', 'cat']);
    running.push(c);
    await waitScreen(c, /1 cat (running|idle)/);
  }, 60000);
});

describe('the attach protocol is safe', () => {
  const raw = (socket: string, bytes: Buffer, end = false) => rawExchange(socket, bytes, { end, encoding: 'latin1' });

  it('hostile messages get an error reply and never crash the server; another version or home is told what to do', async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat']);
    running.push(a);
    await waitScreen(a, /1 cat (running|idle)/);
    const socket = path.join(home, 'hub.sock');
    const version = (ls(home) as unknown as { version: string }).version;
    const hello = (p: object) => encode(MSG.HELLO, { protocol: PROTOCOL, version, home, cols: 80, rows: 24, ...p });
    const huge = Buffer.alloc(5);
    huge.writeUInt32BE(0x00ffffff, 0);
    expect(await raw(socket, huge)).toMatch(/over the limit/);
    expect(await raw(socket, Buffer.from([0, 0, 0, 0]))).toMatch(/empty message/);
    expect(await raw(socket, encode(MSG.INPUT, 'ls\r'))).toMatch(/first message must be HELLO/);
    expect(await raw(socket, encode(MSG.HELLO, 'not json'))).toMatch(/HELLO needs/);
    expect(await raw(socket, hello({ version: '0.0.1' }))).toMatch(/runs botster-tui [\d.]+ \(protocol 1\) and this is botster-tui 0\.0\.1.*kill-server --home/);
    expect(await raw(socket, hello({ protocol: 99 }))).toMatch(/Restart the server/);
    expect(await raw(socket, hello({ home: '/somewhere/else' }))).toMatch(/serves the home .* not \/somewhere\/else/);
    expect(await raw(socket, Buffer.concat([hello({}), encode(77, 'x')]))).toMatch(/unknown message type 77/);
    expect(await raw(socket, Buffer.concat([hello({}), encode(MSG.RESIZE, { cols: -1, rows: 'x' })]))).toMatch(/RESIZE needs/);
    expect(await raw(socket, Buffer.from('{"op":"bogus"}\n'), true)).toMatch(/unknown op \\"bogus\\"/);
    // Still serving: the client is live and the control socket answers.
    a.pty.write('still here\r');
    await waitScreen(a, /still here[\s\S]*still here/);
    expect(ls(home).clients).toBe(1);
  }, 60000);
});

// Servers a failed test left behind are stopped by stopAll (kill-server per home); this checks that helper.
it('killServer on a home with no server says so (exit 3)', () => {
  expect(killServer(path.join(tempHome(), '.botster')).status).toBe(3);
});
