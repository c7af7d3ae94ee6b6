import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realHome, tempHome, type HomeKind } from '../support/hub.js';
import {
  killServer,
  onPath,
  ptyEnv,
  run,
  stoppedAfterEach,
  waitScreen,
  type Running,
} from '../support/cli-pty.js';
import { until } from '../support/wait.js';
import { cliSync } from '../support/cli.js';
import { MMAP_THRESHOLD } from '../../src/wire/server-malloc.js';

// bin/botster-tui, the launcher a user runs: it chooses the client. The native one (where it was
// built, or npm installed the prebuilt one) starts a cold home's server itself (a fork and an exec)
// and attaches once it listens; the node one starts it as it boots. Both pass every case here: the
// native rows run only where the native client is (a machine without a C compiler has none).

const { running, homes } = stoppedAfterEach();

/** The launcher in a PTY, as a user's shell runs it. */
function launch(
  args: string[],
  opts: {
    env?: Record<string, string | undefined>;
    home?: string;
    cols?: number;
    rows?: number;
    cwd?: string;
  } = {},
): Running {
  const r = run(args, opts.cols ?? 100, opts.rows ?? 30, {
    launcher: true,
    env: ptyEnv(opts.env ?? {}),
    cwd: opts.cwd,
  });
  r.home = opts.home ?? null;
  if (opts.home) homes.push(opts.home);
  running.push(r);
  return r;
}

const trace = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
/** The pids that wrote `what` to a trace file. */
const writers = (file: string, what: string) => [
  ...new Set(
    trace(file)
      .split('\n')
      .filter((l) => l.endsWith(` ${what}`))
      .map((l) => Number(l.split(' ')[2])),
  ),
];

function ls(
  home: string,
  env: Record<string, string | undefined> = {},
): {
  running: boolean;
  pid?: number;
  clients?: number;
  agents?: unknown[];
  attached?: Array<{ client: string; cols: number; rows: number }>;
} {
  const e = { ...process.env, ...env } as Record<string, string | undefined>;
  delete e.BOTSTER_SOCKET;
  return JSON.parse(
    cliSync(['ls', '--json', '--home', home], {
      encoding: 'utf8',
      env: e as NodeJS.ProcessEnv,
    }).stdout,
  );
}

// The client in the terminal: the native one (src/native/client/, built by npm run build where a C
// compiler is: test/native/native-client.test.ts checks it is) or the node one.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NATIVE = path.join(ROOT, 'dist/native/botster-tui');
const CLIENTS = [
  ...(fs.existsSync(NATIVE) ? [['the native client', {}] as const] : []),
  ['the node client', { BOTSTER_NATIVE_CLIENT: '0' }] as const,
];

for (const [client, clientEnv] of CLIENTS)
  describe(`bin/botster-tui with ${client}`, () => {
    onPath(clientEnv);
    const native = client === 'the native client';
    for (const kind of ['dot-folder', 'spaces', 'symlinked'] as HomeKind[]) {
      it(`a cold start on a ${kind} home: one server, started by the client at the terminal's size, with the agent`, async () => {
        const home = realHome(kind);
        fs.rmSync(path.join(home, 'hub.sock'), { force: true });
        const traceFile = path.join(tempHome(), 'trace');
        const r = launch(['--home', home, '--agent', 'sh -c "echo launched-agent; sleep 30"'], {
          env: { BOTSTER_TRACE: traceFile },
          home,
          cols: 90,
          rows: 25,
        });
        await waitScreen(r, /Botster Hub[\s\S]*launched-agent/);
        const info = ls(home);
        expect(info.running).toBe(true);
        // One client started one server: the native one forks it itself, the node one spawns it.
        expect(writers(traceFile, 'server: started by the native client')).toEqual(native ? [info.pid] : []);
        expect(writers(traceFile, 'client: server spawned')).toHaveLength(native ? 0 : 1);
        expect(writers(traceFile, 'client: native client started')).toHaveLength(native ? 1 : 0);
        // ls says which client is attached (and its size).
        expect(info.attached).toMatchObject([{ client: native ? 'native' : 'node', cols: 90, rows: 25 }]);
        expect(writers(traceFile, 'client: the native client started the server')).toHaveLength(
          native ? 1 : 0,
        );
        // In a session of its own (it outlives the terminal), not the client's child (no zombie of
        // it is left to the client), with its log private.
        const stat = fs.readFileSync(`/proc/${info.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        expect(Number(stat[3])).toBe(info.pid); // its session
        expect(writers(traceFile, 'client: native client started')).not.toContain(Number(stat[1])); // its parent
        expect(fs.statSync(path.join(home, 'logs', 'server.log')).mode & 0o077).toBe(0);
        expect(
          await until(
            'the server logged its start',
            () =>
              /started at (\d+x\d+)/.exec(fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8'))?.[1],
          ),
        ).toBe('90x25');
        expect(info.agents).toHaveLength(1);
        // Its socket is the home's own, and the client in this terminal is attached to it.
        expect(fs.statSync(path.join(home, 'hub.sock')).isSocket()).toBe(true);
        expect(info.clients).toBe(1);
      });
    }

    it('a fresh HOME: the home is ~/.botster, made private; the agents outlive the terminal', async () => {
      const HOME = path.join(tempHome(), 'me');
      fs.mkdirSync(HOME);
      const home = path.join(HOME, '.botster');
      const r = launch(['--agent', 'sleep 30'], {
        env: { HOME, BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined, XDG_CACHE_HOME: undefined },
        home,
      });
      await waitScreen(r, /Botster Hub/);
      expect(fs.statSync(home).mode & 0o777).toBe(0o700);
      const before = ls(home, { HOME });
      r.pty.kill('SIGHUP'); // the terminal goes away
      await r.exit;
      const after = ls(home, { HOME });
      expect(after.pid).toBe(before.pid);
      expect(after.clients).toBe(0);
      expect(after.agents).toHaveLength(1);
      expect(killServer(home, { ...process.env, HOME }).status).toBe(0);
    });

    it("two clients started at the same instant on a cold home end up on one server, each client's agents started once", async () => {
      const home = realHome('dot-folder');
      const traceFile = path.join(tempHome(), 'trace');
      const env = { BOTSTER_TRACE: traceFile };
      const a = launch(['--home', home, '--agent', 'sleep 31'], { env, home });
      const b = launch(['--home', home, '--agent', 'sleep 32', '--agent', 'sleep 33'], { env, home });
      await waitScreen(a, /Botster Hub/);
      await waitScreen(b, /Botster Hub/);
      // Whichever server won, the other client's agents were asked of it (they were on the command
      // line of the server that lost, which left).
      const info = await until("both clients attached, and every client's agents started", () => {
        const i = ls(home);
        return i.clients === 2 && i.agents?.length === 3 && i;
      });
      expect((info.agents as Array<{ command: string }>).map((x) => x.command).sort()).toEqual([
        'sleep 31',
        'sleep 32',
        'sleep 33',
      ]);
      // Each native client started a server; the one that lost the race left quietly.
      const launched = writers(traceFile, 'server: started by the native client');
      if (native) expect(launched).toContain(info.pid);
      for (const pid of launched.filter((p) => p !== info.pid))
        await until(`the launched server ${pid} that lost the race exited`, () => !alive(pid));
      expect(fs.readFileSync(path.join(home, 'logs', 'server.log'), 'utf8')).not.toMatch(/another hub/);
      expect(
        fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8').match(/server: pid \d+/g),
      ).toHaveLength(1);
    });

    it("two clients through node (each starts its server itself) at the same instant: each client's agents started once", async () => {
      const home = realHome('dot-folder');
      const start = (agents: string[]) => {
        const r = run(['--home', home, ...agents.flatMap((x) => ['--agent', x])], 100, 30, { env: ptyEnv() });
        running.push(r);
        return r;
      };
      homes.push(home);
      const a = start(['sleep 31']);
      const b = start(['sleep 32', 'sleep 33']);
      await waitScreen(a, /Botster Hub/);
      await waitScreen(b, /Botster Hub/);
      const info = await until("both clients attached, and every client's agents started", () => {
        const i = ls(home);
        return i.clients === 2 && i.agents?.length === 3 && i;
      });
      expect((info.agents as Array<{ command: string }>).map((x) => x.command).sort()).toEqual([
        'sleep 31',
        'sleep 32',
        'sleep 33',
      ]);
    });

    it('a stale socket (its server was killed): the client replaces it and starts the server', async () => {
      const home = realHome('dot-folder');
      const sock = path.join(home, 'hub.sock');
      // A socket file nobody listens on any more.
      const script = `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.kill(process.pid, 'SIGKILL'))`;
      spawnSync(process.execPath, ['-e', script]);
      expect(fs.statSync(sock).isSocket()).toBe(true);
      const traceFile = path.join(tempHome(), 'trace');
      const r = launch(['--home', home, '--agent', 'sleep 30'], { home, env: { BOTSTER_TRACE: traceFile } });
      await waitScreen(r, /Botster Hub/);
      expect(ls(home).running).toBe(true);
      // The native client hands a start it cannot do to the node client (which replaces the socket).
      expect(trace(traceFile).includes('client: the node client takes over')).toBe(native);
    });

    it('a server that cannot start: the client says why (exit 1) and no server is left', async () => {
      const home = realHome('dot-folder');
      fs.chmodSync(home, 0o777); // the server refuses to put its socket where others may write
      const r = launch(['--home', home], { home, cols: 80, rows: 24 });
      expect((await r.exit).exitCode).toBe(1);
      expect(r.output()).toMatch(
        /the hub server could not start: control socket: refusing to put the hub's socket in .*other users may write to it/s,
      );
      expect(ls(home).running).toBe(false);
    });

    // A server that fails once its socket is claimed (the client that the launcher started is
    // attached by then, and has no pipe to hear "error WHY" on).
    const FAIL = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      '../support/fixtures/fail-server.cjs',
    );

    it('a launched server that fails after claiming its socket: the client says why (exit 1), no server is left', async () => {
      const home = realHome('dot-folder');
      const r = launch(['--home', home, '--agent', 'sleep 30'], {
        home,
        env: { NODE_OPTIONS: `--require ${FAIL}`, BOTSTER_TEST_FAIL: 'no-thread' },
      });
      expect((await r.exit).exitCode).toBe(1);
      expect(r.output().replace(/\s+/g, ' ')).toMatch(
        /botster-tui: the hub server could not start: worker crashed: no threads left \(test\) \(its log: .*server\.log\)/,
      );
      expect(ls(home).running).toBe(false);
      expect(fs.existsSync(path.join(home, 'hub.sock'))).toBe(false);
    });

    it.each(CLIENTS)(
      'a launched server that fails while the connection of %s still waits in its queue: the client says why from its log',
      async (_which, env) => {
        const home = realHome('dot-folder');
        const r = launch(['--home', home, '--agent', 'sleep 30'], {
          home,
          env: { NODE_OPTIONS: `--require ${FAIL}`, BOTSTER_TEST_FAIL: 'no-thread-unheard', ...env },
        });
        expect((await r.exit).exitCode).toBe(1);
        expect(r.output().replace(/\s+/g, ' ')).toMatch(
          /botster-tui: the hub server could not start: worker crashed: no threads left \(test\) \(its log: .*server\.log\)/,
        );
        expect(r.output()).not.toMatch(/lost the hub server/);
        expect(ls(home).running).toBe(false);
      },
    );

    it('a launched server that dies hard once the client attached: the client shows what it wrote to its log', async () => {
      const home = realHome('dot-folder');
      const r = launch(['--home', home, '--agent', 'sleep 30'], {
        home,
        // (No keepers: with them the client starts a new server instead, test/keeper/reattach-e2e.test.ts.)
        env: { NODE_OPTIONS: `--require ${FAIL}`, BOTSTER_TEST_FAIL: 'die', BOTSTER_KEEPER: 'off' },
      });
      expect((await r.exit).exitCode).toBe(1);
      expect(r.output().replace(/\s+/g, ' ')).toMatch(
        // (The node client started that server itself, and hears it die before it said it was ready.)
        native
          ? /lost the hub server .*; it said: FATAL ERROR: out of memory \(test\)/
          : /the hub server could not start: it exited before it was ready: FATAL ERROR: out of memory \(test\)/,
      );
    });

    it('--layout (relative to where the user is), --scrollback and --restore keep their meaning', async () => {
      const home = realHome('spaces');
      const dir = tempHome({
        'my layout.lua':
          'function App:render() return ui.text("my own layout, agents: " .. #self.agents) end\n',
      });
      const r = launch(
        ['--home', home, '--layout', 'my layout.lua', '--scrollback', '500', '--agent', 'sleep 30'],
        { home, cwd: dir },
      );
      await waitScreen(r, /my own layout, agents: 1/);
      killServer(home); // saves the session
      await r.exit;
      const again = launch(['--home', home, '--restore', '--layout', 'my layout.lua'], { home, cwd: dir });
      await waitScreen(again, /my own layout, agents: 1/);
      expect(ls(home).agents).toHaveLength(1);
    });

    it('--version and attach start nothing; attach with no server says so', async () => {
      const HOME = path.join(tempHome(), 'me');
      fs.mkdirSync(HOME);
      const env = { HOME, BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined };
      const v = launch(['--version'], { env });
      expect((await v.exit).exitCode).toBe(0);
      // It names the client this launcher runs in a terminal.
      expect(v.output().trim()).toBe(
        `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version} (${native ? 'native' : 'node'} client)`,
      );
      const a = launch(['attach'], { env });
      expect((await a.exit).exitCode).toBe(3);
      expect(a.output()).toContain('no hub server is running');
      expect(fs.existsSync(path.join(HOME, '.botster'))).toBe(false);
    });

    it('agents get NODE_EXTRA_CA_CERTS as it was (our own processes boot without it)', async () => {
      const home = realHome('dot-folder');
      const agent = `sh -c 'echo "ca=[$NODE_EXTRA_CA_CERTS] moved=[$BOTSTER_NODE_EXTRA_CA_CERTS]"; sleep 30'`;
      const r = launch(['--home', home, '--agent', agent], {
        home,
        env: { NODE_EXTRA_CA_CERTS: '/some/where/my ca.pem' },
      });
      await waitScreen(r, /ca=\[\/some\/where\/my ca\.pem\] moved=\[\]/);
      // And through node bin/botster-tui.js, whose client starts the server itself.
      const other = realHome('dot-folder');
      const direct = run(['--home', other, '--agent', agent], 100, 30, {
        env: ptyEnv({ NODE_EXTRA_CA_CERTS: '/else/ca.pem' }),
      });
      running.push(direct);
      await waitScreen(direct, /ca=\[\/else\/ca\.pem\] moved=\[\]/);
    });

    it("the server runs with glibc's mmap threshold fixed; its agents get the environment as it was", async () => {
      const home = realHome('dot-folder');
      const agent = `sh -c 'echo "mmap=[$MALLOC_MMAP_THRESHOLD_] mark=[$BOTSTER_MALLOC_SET]"; sleep 30'`;
      const r = launch(['--home', home, '--agent', agent], { home });
      await waitScreen(r, /mmap=\[\] mark=\[\]/);
      // What the server's node started with (src/wire/server-malloc.ts).
      const environ = fs.readFileSync(`/proc/${ls(home).pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain(`MALLOC_MMAP_THRESHOLD_=${MMAP_THRESHOLD}`);
      // A user's own threshold stays theirs, the server's and its agents'.
      const other = realHome('dot-folder');
      const own = launch(['--home', other, '--agent', agent], {
        home: other,
        env: { MALLOC_MMAP_THRESHOLD_: '65536' },
      });
      await waitScreen(own, /mmap=\[65536\] mark=\[\]/);
      expect(fs.readFileSync(`/proc/${ls(other).pid}/environ`, 'utf8').split('\0')).toContain(
        'MALLOC_MMAP_THRESHOLD_=65536',
      );
    });
  });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat[stat.lastIndexOf(')') + 2] !== 'Z';
}
