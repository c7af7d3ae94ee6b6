import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/hub.js';
import { ptyEnv, run, screen, stopAll, waitScreen, stoppedAfterEach } from '../support/cli-pty.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { plainClient } from '../../src/client/early-start.js';
import { spawnServer } from '../../src/client/start-server.js';
import { until } from '../support/wait.js';
import { cliOut, cliArgv } from '../support/cli.js';

// How plain `botster-tui` starts its server: first thing in bin/, at the terminal's size, attaching
// while the hub starts; the client itself loads no UI.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RECORD = path.join(ROOT, 'test/support/fixtures/record-loads.mjs');
const { running, homes, dotHome } = stoppedAfterEach();

/** The bytes up to the end of the first synchronized-output block: the first frame. */
const firstFrame = (out: string) => out.slice(0, out.indexOf('\x1b[?2026l') + '\x1b[?2026l'.length);

describe('cold start through the client', () => {
  it('the server starts at the terminal size: the first frame the client shows is whole and at that size', async () => {
    const home = dotHome();
    const traceFile = path.join(home, '..', 'trace');
    const r = run(['--home', home, '--agent', 'sleep 30'], 90, 25, {
      env: ptyEnv({ BOTSTER_TRACE: traceFile }),
    });
    running.push(r);
    await waitScreen(r, /Botster Hub/);
    // The server logs its start once its hub runs (the frame may come first).
    const started = await until('the server logged its start', () =>
      /server: pid (\d+), .*started at (\d+x\d+)/.exec(readLog(home)),
    );
    expect([Number(started[1]), started[2]]).toEqual([serverPid(home), '90x25']);
    // Replay only the first frame into a terminal of that size: title and status bar are both there.
    const term = new HeadlessTerminal({ cols: 90, rows: 25 });
    term.write(firstFrame(r.output()));
    await term.flush();
    const rows = screen(term).split('\n');
    expect(rows[0]).toContain('Botster Hub  90x25');
    expect(rows[1]).toContain('Agents');
    expect(rows[24]).toMatch(/INSERT\s+Agents: 1/);
    term.dispose();
    // The configuration the server sent its Lua worker first (while the hub's code loaded) was the
    // one the hub needed: it was not evaluated a second time.
    const said = fs.readFileSync(traceFile, 'utf8');
    expect(said).toContain('lua: first configuration evaluated early');
    expect(said).not.toContain('evaluated again');
  });

  it("what the first frame does not need waits for it: the agents' bin/ and shims (there before the agent starts), the next configuration begun ahead", async () => {
    const home = dotHome();
    const traceFile = path.join(home, '..', 'trace');
    // The agent lists the folder its PATH finds botster-tui in: the hub's bin/, with the CLIs' shims.
    const probe = path.join(home, '..', 'probe.sh');
    const found = path.join(home, '..', 'found');
    fs.writeFileSync(
      probe,
      `#!/bin/sh\nd=$(dirname "$(command -v botster-tui)"); (cd "$d" && pwd -P && ls) > '${found}.tmp'; mv '${found}.tmp' '${found}'\nexec sleep 30\n`,
      { mode: 0o755 },
    );
    const r = run(['--home', home, '--agent', probe], 90, 25, { env: ptyEnv({ BOTSTER_TRACE: traceFile }) });
    running.push(r);
    await waitScreen(r, /Botster Hub/);
    const [dir, ...seen] = await until('the agent looked at its PATH', () =>
      fs.existsSync(found) ? fs.readFileSync(found, 'utf8').trim().split('\n') : null,
    );
    const bin = path.join(home, 'bin');
    expect(dir).toBe(fs.realpathSync(bin));
    expect(seen).toContain('claude');
    expect(seen.sort()).toEqual(
      fs
        .readdirSync(bin)
        .filter((n) => !n.startsWith('.'))
        .sort(),
    );
    const lines = await until('the worker began the next configuration', () => {
      const said = fs.readFileSync(traceFile, 'utf8').split('\n');
      return said.some((l) => l.endsWith('lua worker: next configuration begun ahead')) ? said : null;
    });
    const at = (what: string) => lines.findIndex((l) => l.endsWith(what));
    const frame = at('server: first frame to a client');
    expect(frame).toBeGreaterThan(0);
    // The planned frame goes to the clients attached by then: a client whose hello came later (a
    // loaded machine) gets its first frame after the files, and there was none to wait for.
    const hello = lines.findIndex((l) => /attach: c\d+ said hello/.test(l));
    expect(hello).toBeGreaterThan(0);
    if (hello < at('hub: configured')) expect(at("hub: agents' files written")).toBeGreaterThan(frame);
    expect(at('hub: agents spawned')).toBeGreaterThan(at("hub: agents' files written"));
    expect(at('lua worker: next configuration begun ahead')).toBeGreaterThan(frame);
  });

  it('keys typed while the server is still starting reach the agent', async () => {
    const home = dotHome();
    const r = run(['--home', home, '--agent', 'cat']);
    running.push(r);
    r.pty.write('typed at once\r');
    await waitScreen(r, /typed at once[\s\S]*typed at once/);
  });

  it('the hub takes keys while it still starts its agents: a mode change typed at once shows before they all run', async () => {
    // Keys used to wait until every agent had started (seconds with many agents on a loaded
    // machine): ctrl+g typed meanwhile showed only with a later key's frame. The first frame that
    // shows NORMAL is read off the output frame by frame: it counts the agents running then.
    const home = dotHome();
    const n = 12;
    const r = run(['--home', home, ...Array.from({ length: n }, () => ['--agent', 'cat']).flat()]);
    running.push(r);
    r.pty.write('\x07');
    await waitScreen(r, new RegExp(`NORMAL\\s+Agents: ${n}\\b`), 20000);
    const term = new HeadlessTerminal({ cols: 100, rows: 30 });
    let shown = '';
    for (const frame of r.output().split('\x1b[?2026l')) {
      term.write(frame);
      await term.flush();
      shown = screen(term).split('\n')[29];
      if (/NORMAL/.test(shown)) break;
    }
    term.dispose();
    const agents = Number(/NORMAL\s+Agents: (\d+)/.exec(shown)?.[1]);
    expect(agents).toBeGreaterThanOrEqual(1);
    expect(agents).toBeLessThan(n);
  });

  it('attaching to a running server: bin/ says HELLO at once and runs the client itself (the CLI never loads)', async () => {
    const home = dotHome();
    const first = run(['--home', home, '--agent', 'sleep 30']);
    running.push(first);
    await waitScreen(first, /Botster Hub/);
    first.pty.kill('SIGHUP'); // detaches
    await first.exit;
    const traceFile = path.join(home, '..', 'trace');
    // (Frames through the socket: the client writes them. The next test has the server write them.)
    const r = run(['attach', '--home', home], 100, 30, {
      env: ptyEnv({ BOTSTER_TRACE: traceFile, BOTSTER_DIRECT_TTY: '0' }),
    });
    running.push(r);
    await waitScreen(r, /Botster Hub[\s\S]*sleep/);
    // (The client writes the frame, then its trace line.)
    const lines = () =>
      fs
        .readFileSync(traceFile, 'utf8')
        .split('\n')
        .filter((l) => l.split(' ')[2] === String(r.pty.pid))
        .map((l) => l.split(' ').slice(5).join(' '));
    const mine = await until('the first frame written', () =>
      lines().includes('client: first frame written') ? lines() : null,
    );
    expect(mine.slice(0, 4)).toEqual([
      'bin: node booted',
      'client: hello sent',
      'client: attached',
      'client: first frame written',
    ]);
    expect(mine.filter((l) => l.startsWith('cli:'))).toEqual([]);
    // It is a whole client: keys go to the agent, d detaches.
    r.pty.write('\x07d'); // ctrl+g d: client.detach
    expect((await r.exit).exitCode).toBe(0);
    expect(r.output()).toContain('detached; the agents keep running');
  });

  it('attaching from a terminal of ours: the server reads and writes it itself, the client only holds it (HELLO at once, the CLI never loads)', async () => {
    const home = dotHome();
    const first = run(['--home', home, '--agent', 'sleep 30']);
    running.push(first);
    await waitScreen(first, /Botster Hub/);
    first.pty.kill('SIGHUP'); // detaches
    await first.exit;
    const traceFile = path.join(home, '..', 'trace');
    const r = run(['attach', '--home', home], 100, 30, { env: ptyEnv({ BOTSTER_TRACE: traceFile }) });
    running.push(r);
    await waitScreen(r, /Botster Hub[\s\S]*sleep/);
    const lines = () =>
      fs
        .readFileSync(traceFile, 'utf8')
        .split('\n')
        .filter((l) => l.split(' ')[2] === String(r.pty.pid))
        .map((l) => l.split(' ').slice(5).join(' '));
    const mine = await until('the welcome', () =>
      lines().some((l) => l.startsWith('client: welcome')) ? lines() : null,
    );
    expect(mine.slice(0, 4)).toEqual([
      'bin: node booted',
      'client: hello sent',
      'client: attached',
      'client: welcome (the server has the terminal)',
    ]);
    expect(mine.filter((l) => l.startsWith('cli:'))).toEqual([]);
    expect(mine).not.toContain('client: first frame written'); // the server wrote it
    // A whole client: keys go to the hub (read by the server), d detaches and the client restores the terminal.
    r.pty.write('\x07d'); // ctrl+g d: client.detach
    expect((await r.exit).exitCode).toBe(0);
    const out = r.output();
    expect(out).toContain('detached; the agents keep running');
    expect(out.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(out.lastIndexOf('\x1b[?2026l'));
  });

  it('a client that leaves takes its terminal with it: the server holds no descriptor of it (attach after attach)', async () => {
    const home = dotHome();
    const first = run(['--home', home, '--agent', 'sleep 30']);
    running.push(first);
    await waitScreen(first, /Botster Hub/);
    const server = serverPid(home);
    const terminals = () =>
      fs.readdirSync(`/proc/${server}/fd`).filter((fd) => {
        try {
          return /^\/dev\/pts\//.test(fs.readlinkSync(`/proc/${server}/fd/${fd}`));
        } catch {
          return false;
        }
      });
    for (const leave of ['\x07d', 'SIGHUP']) {
      const r = run(['attach', '--home', home]);
      running.push(r);
      await waitScreen(r, /Botster Hub[\s\S]*INSERT/);
      expect(terminals().length).toBeGreaterThan(0); // the server has this one's terminal
      if (leave === 'SIGHUP') r.pty.kill('SIGHUP');
      else r.pty.write(leave);
      await r.exit;
      await until('one terminal left', () => terminals().length <= 2); // (the first client's, still attached)
    }
    first.pty.kill('SIGHUP');
    await first.exit;
    await until('no terminal left', () => terminals().length === 0);
  });

  it("the client's start path loads only the node modules it needs (crypto only for a socket path that is too long)", () => {
    const early = path.join(ROOT, 'dist/bundle/early-start.cjs');
    const loaded = (home: string) => {
      // (A script file, not -e: node -e loads crypto itself.)
      const script = path.join(home, 'probe.cjs');
      fs.mkdirSync(home, { recursive: true });
      fs.writeFileSync(
        script,
        `require(${JSON.stringify(early)}).plainClient(['attach']); console.log(process.moduleLoadList.filter((m) => /^NativeModule (crypto|child_process|worker_threads|vm)$/.test(m)).join(','))`,
      );
      return execFileSync(process.execPath, [script], {
        encoding: 'utf8',
        env: { ...process.env, BOTSTER_HOME: home },
      }).trim();
    };
    expect(loaded(tempHome())).toBe('');
  });

  it('a client whose terminal the server has reads none of it: every key reaches the server from the terminal', async () => {
    const home = dotHome();
    const traceFile = path.join(home, '..', 'trace');
    const r = run(['--home', home, '--agent', 'cat'], 100, 30, { env: ptyEnv({ BOTSTER_TRACE: traceFile }) });
    running.push(r);
    await waitScreen(r, /Botster Hub[\s\S]*INSERT/);
    for (const word of ['one', 'two', 'three', 'four', 'five', 'six']) {
      r.pty.write(`${word}\r`);
      await waitScreen(r, new RegExp(`${word}[^\\n]*\\n[^\\n]*${word}`));
    }
    const said = fs.readFileSync(traceFile, 'utf8');
    expect(said).toContain('said hello (its terminal is ours)');
    expect(said).not.toContain('sent keys over the socket');
  });

  it('the client loads no UI: bin/ starts the server, the client only forwards bytes and writes frames', async () => {
    const home = dotHome();
    const log = path.join(home, '..', 'loads');
    fs.writeFileSync(log, '');
    const env = ptyEnv({ BOTSTER_TEST_LOADS: log });
    const cli = cliArgv(['--home', home, '--agent', 'sleep 30'], env).args;
    const r = run(['--import', RECORD, ...cli], 100, 30, {
      file: process.execPath,
      env,
    });
    r.home = home;
    running.push(r);
    await waitScreen(r, /Botster Hub/);
    const files = [...new Set(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean))].map((u) =>
      path.relative(ROOT, fileURLToPath(u)),
    );
    expect(files.slice(0, 2)).toEqual(['bin/botster-tui.js', 'dist/bundle/early-start.cjs']); // the server starts from here
    expect(files.some((f) => /^dist\/bundle\/run-client-\w+\.mjs$/.test(f))).toBe(true);
    // The server's chunks (the hub, the UI, xterm) are never loaded by the client.
    expect(files.filter((f) => /^dist\/bundle\/(hub|run-server|lua-worker)[-.]/.test(f))).toEqual([]);
    const ui = [
      'react.transitional.element',
      'data:application/octet-stream;base64,AGFzbQ',
      'ink-text',
      'allowProposedApi',
    ];
    for (const f of files)
      for (const marker of ui)
        expect(fs.readFileSync(path.join(ROOT, f), 'utf8').includes(marker), `${marker} in ${f}`).toBe(false);
  });

  it('a server that cannot start says why in the terminal (exit 1, terminal restored)', async () => {
    // A home others may write to: the server refuses to put its socket there.
    const home = dotHome();
    fs.mkdirSync(home, { recursive: true });
    fs.chmodSync(home, 0o777);
    const r = run(['--home', home], 80, 24);
    running.push(r);
    const { exitCode } = await r.exit;
    expect(exitCode).toBe(1);
    expect(r.output()).toMatch(
      /botster-tui: the hub server could not start: control socket: refusing to put the hub's socket in .*other users may write to it.*\(its log: .*server\.log\)/s,
    );
    expect(r.output()).not.toContain('\x1b[?1049h'); // never took the screen
  });
});

describe("the server's code cache", () => {
  it('the first start of a build makes it (per user), the next start runs from it; a damaged one costs only speed', async () => {
    const cache = path.join(tempHome(), '.cache');
    const traceFile = path.join(cache, '..', 'trace');
    const start = async () => {
      const home = dotHome();
      fs.writeFileSync(traceFile, '');
      const r = run(['--home', home, '--agent', 'sh -c "echo cached-start; sleep 30"'], 100, 30, {
        env: ptyEnv({ XDG_CACHE_HOME: cache, BOTSTER_TRACE: traceFile }),
      });
      running.push(r);
      await waitScreen(r, /Botster Hub[\s\S]*cached-start/);
      const said = fs.readFileSync(traceFile, 'utf8');
      // The server's CLI, and its Lua worker.
      return [
        /bin: cli\.cjs compiled \(([^)]*)\)/.exec(said)?.[1],
        /lua worker: lua-worker\.cjs compiled \(([^)]*)\)/.exec(said)?.[1],
      ];
    };
    const dir = path.join(cache, 'botster-tui');
    const caches = () =>
      fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((f) => f.endsWith('.v8'))
            .sort()
        : [];
    expect(await start()).toEqual(['no code cache', 'no code cache']);
    // Written by the running server a while after its start, private to the user.
    const files = await until('both code caches', () => (caches().length === 2 ? caches() : undefined));
    expect(files.map((f) => f.split('-')[0])).toEqual(['cli', 'lua']);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    stopAll(running, homes);
    expect(await start()).toEqual(['from the code cache', 'from the code cache']);
    stopAll(running, homes);
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(dir, f));
      for (let i = 100; i < bytes.length; i += 997) bytes[i] ^= 0x5a;
      fs.writeFileSync(path.join(dir, f), bytes);
    }
    expect(await start()).toEqual(['the code cache was rejected', 'the code cache was rejected']);
  });
});

describe('plainClient: which command lines bin/ starts the server for', () => {
  it('plain, --home and --agent (both spellings), attach', () => {
    expect(plainClient([])).toEqual({ attach: false, agents: [] });
    expect(plainClient(['--home', '/h', '--agent', 'a b', '--agent=c'])).toEqual({
      attach: false,
      home: '/h',
      agents: ['a b', 'c'],
    });
    expect(plainClient(['attach', '--home=/h'])).toEqual({ attach: true, home: '/h', agents: [] });
  });

  it('anything else takes the ordinary path, which checks and explains', () => {
    for (const argv of [
      ['--agent', ''],
      ['--agent'],
      ['--agent', '--home', 'x'],
      ['--home', 'a', '--home', 'b'],
      ['--restore'],
      ['--layout', 'x.lua'],
      ['ls'],
      ['attach', '--agent', 'x'],
      ['--agnet', 'x'],
      ['--help'],
      ['--home', 'h', 'attach'],
    ]) {
      expect(plainClient(argv), argv.join(' ')).toBeNull();
    }
  });
});

describe('spawnServer: what the server says on its pipe', () => {
  const fake = (script: string) => {
    const dir = tempHome({ 'server.mjs': `import fs from 'node:fs';\n${script}\n` });
    return { home: path.join(dir, 'h'), bin: path.join(dir, 'server.mjs') };
  };
  const start = (f: { home: string; bin: string }) =>
    spawnServer({ ...f, args: [], env: process.env, cols: 80, rows: 24 });

  it('listening, then an error while the hub starts: the client is told why', async () => {
    const s = start(
      fake(
        `fs.writeSync(3, 'listening\\n'); setTimeout(() => fs.writeSync(3, 'error the hub broke\\n'), 50);`,
      ),
    );
    await s.listening;
    await expect(s.ready).rejects.toThrow(
      /^the hub server could not start: the hub broke \(its log: .*server\.log\)$/,
    );
  });

  it('listening, then it dies: the log tail says why', async () => {
    const s = start(
      fake(`fs.writeSync(3, 'listening\\n'); console.error('Error: something deep'); process.exit(7);`),
    );
    await s.listening;
    await expect(s.ready).rejects.toThrow(/it exited before it was ready:\n\s+Error: something deep/);
  });

  it('ready at once (or "running": another client started it) needs no second line', async () => {
    await expect(start(fake(`fs.writeSync(3, 'ready\\n');`)).ready).resolves.toBeUndefined();
    await expect(start(fake(`fs.writeSync(3, 'running another hub\\n');`)).ready).resolves.toBeUndefined();
  });
});

function serverPid(home: string): number {
  const ls = JSON.parse(cliOut(['ls', '--json', '--home', home], { encoding: 'utf8' })) as { pid: number };
  return ls.pid;
}

const readLog = (home: string) => {
  try {
    return fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8');
  } catch {
    return '';
  }
};
