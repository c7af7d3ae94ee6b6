import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realHome, tempHome } from '../support/hub.js';
import { BIN, ptyEnv, run, screen, stoppedAfterEach, waitScreen, type Running } from '../support/cli-pty.js';
import { until } from '../support/wait.js';

// The native client (src/native/client/): what bin/botster-tui runs in a terminal for plain
// `botster-tui` and `attach` once it is built. The server reads and writes its terminal; it says
// hello, forwards size and signals, restores the terminal and says why it ended.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAUNCHER = path.join(ROOT, 'bin/botster-tui');
const NATIVE = path.join(ROOT, 'dist/native/botster-tui');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const compiler = ['cc', 'gcc', 'clang', 'g++'].some((cc) => !spawnSync(cc, ['--version']).error);
const { running, homes } = stoppedAfterEach();

function launch(args: string[], home: string, env: Record<string, string | undefined> = {}, file = LAUNCHER) {
  const r = run(args, 100, 30, { file, env: ptyEnv(env) });
  r.home = home;
  homes.push(home);
  running.push(r);
  return r;
}

function ls(home: string): { running: boolean; pid?: number; clients?: number } {
  return JSON.parse(
    spawnSync(process.execPath, [BIN, 'ls', '--json', '--home', home], { encoding: 'utf8' }).stdout,
  );
}

/** A hub with `cat` as its agent, started through the launcher and detached: its server's pid. */
async function detachedHub(home: string, env: Record<string, string | undefined> = {}): Promise<number> {
  const r = launch(['--home', home, '--agent', 'cat'], home, env);
  await waitScreen(r, / INSERT /);
  r.pty.write('\x07d'); // ctrl+g d
  expect((await r.exit).exitCode).toBe(0);
  return ls(home).pid!;
}

/** The program a client process runs. */
const exe = (r: Running) => fs.readlinkSync(`/proc/${r.pty.pid}/exe`);

describe('the native client', () => {
  it.runIf(compiler)('is built by npm run build where a C compiler is', () => {
    expect(fs.statSync(NATIVE).mode & 0o111).not.toBe(0);
  });

  // npm hoists optional dependencies: the native client of another install (older or newer) sat
  // beside this package, and its server said "an upgrade is waiting" forever.
  it.runIf(compiler)(
    "never runs for a package of another version: that package's node client does",
    async () => {
      const pkg = path.join(tempHome(), 'pkg');
      fs.mkdirSync(path.join(pkg, 'bin'), { recursive: true });
      fs.writeFileSync(
        path.join(pkg, 'bin', 'botster-tui.js'),
        "console.log('NODE CLIENT ' + process.argv.slice(2).join(' '))\n",
      );
      const js = path.join(pkg, 'bin', 'botster-tui.js');
      const home = tempHome();
      for (const version of ['0.0.1', `${PKG.version}.1`]) {
        fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'botster-tui', version }));
        const r = launch([js, 'attach', '--home', home], home, {}, NATIVE);
        await waitScreen(
          r,
          new RegExp(`NODE CLIENT attach --home ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        );
      }
    },
  );

  it('without a C compiler the build says so and goes on (bin/botster-tui runs the node client)', () => {
    const bare = tempHome();
    fs.symlinkSync(process.execPath, path.join(bare, 'node'));
    const out = path.join(bare, 'client');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-native.mjs'), '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bare, CC: '', BOTSTER_NATIVE_REQUIRED: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /the native client is not built \(no C compiler found .*\); bin\/botster-tui runs the node client/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  describe.runIf(fs.existsSync(NATIVE))('in a terminal', () => {
    it('attaches: the server has the terminal, keys reach the agent, ctrl+g d detaches and restores the terminal', async () => {
      const home = realHome('spaces');
      await detachedHub(home);
      const r = launch(['attach', '--home', home], home);
      await waitScreen(r, / INSERT /);
      expect(exe(r)).toBe(NATIVE);
      // A few hundred kB, not a node process (~40 MB).
      const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${r.pty.pid}/status`, 'utf8'))![1]);
      expect(rss).toBeLessThan(10 * 1024);
      r.pty.write('typed through the server\r');
      await waitScreen(r, /typed through the server[\s\S]*typed through the server/);
      r.pty.write('\x07d');
      expect((await r.exit).exitCode).toBe(0);
      expect(r.output()).toContain('botster-tui: detached; the agents keep running');
      // The terminal as it was: the alternate screen left, the cursor shown, mouse reports off.
      expect(r.output()).toMatch(/\x1b\[\?1000l[\s\S]*\x1b\[\?25h\x1b\[\?1049l[\s\S]*detached/);
      expect(ls(home).clients).toBe(0);
    });

    it('through the socket (BOTSTER_DIRECT_TTY=0): keys and frames pass through it; a resize redraws at the new size', async () => {
      const home = realHome('dot-folder');
      await detachedHub(home);
      const r = launch(['attach', '--home', home], home, { BOTSTER_DIRECT_TTY: '0' });
      await waitScreen(r, /Botster Hub\s+100x30[\s\S]* INSERT /);
      expect(exe(r)).toBe(NATIVE);
      r.pty.write('over the socket\r');
      await waitScreen(r, /over the socket[\s\S]*over the socket/);
      r.pty.resize(90, 25);
      r.term.resize(90, 25);
      await waitScreen(r, /Botster Hub\s+90x25/);
    });

    it('a resize while the server has the terminal redraws at the new size', async () => {
      const home = realHome('dot-folder');
      await detachedHub(home);
      const r = launch(['attach', '--home', home], home);
      await waitScreen(r, /Botster Hub\s+100x30/);
      r.pty.resize(80, 24);
      r.term.resize(80, 24);
      await waitScreen(r, /Botster Hub\s+80x24/);
    });

    it('--agent on a running hub starts the agent there, in the folder the client is in', async () => {
      const home = realHome('dot-folder');
      await detachedHub(home);
      const dir = tempHome();
      const r = run(['--home', home, '--agent', 'sh -c "pwd; sleep 30"'], 100, 30, {
        file: LAUNCHER,
        env: ptyEnv(),
        cwd: dir,
      });
      running.push(r);
      await waitScreen(r, new RegExp(fs.realpathSync(dir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      expect(exe(r)).toBe(NATIVE);
    });

    it('the server killed (no keepers): the client says it was lost, with what the server wrote to its log meanwhile', async () => {
      // (With keepers it reattaches to a new server: test/keeper/reattach-e2e.test.ts.)
      const home = realHome('dot-folder');
      const pid = await detachedHub(home, { BOTSTER_KEEPER: 'off' });
      const r = launch(['attach', '--home', home], home, { BOTSTER_KEEPER: 'off' });
      await waitScreen(r, / INSERT /);
      fs.appendFileSync(path.join(home, 'logs', 'server.log'), 'the last words of the server\n');
      process.kill(pid, 'SIGKILL');
      expect((await r.exit).exitCode).toBe(1);
      expect(r.output().replace(/\s+/g, ' ')).toMatch(
        /botster-tui: lost the hub server \(it was killed or crashed; its agents got SIGHUP\); it said: the last words of the server \(see .*logs\/hub\.log and logs\/server\.log\)/,
      );
      expect(r.output()).toMatch(/\x1b\[\?1049l/);
    });

    it('SIGTERM detaches (exit 0); the hub keeps running', async () => {
      const home = realHome('dot-folder');
      const pid = await detachedHub(home);
      const r = launch(['attach', '--home', home], home);
      await waitScreen(r, / INSERT /);
      process.kill(r.pty.pid, 'SIGTERM');
      expect((await r.exit).exitCode).toBe(0);
      expect(r.output()).toContain('botster-tui: detached');
      expect(ls(home)).toMatchObject({ running: true, pid, clients: 0 });
    });

    it('a stop from outside (SIGTSTP): the server gives the terminal back first, and takes it again after', async () => {
      const home = realHome('dot-folder');
      await detachedHub(home);
      const r = launch(['attach', '--home', home], home);
      await waitScreen(r, / INSERT /);
      const before = r.output().length;
      // No job control above it (its group is orphaned): the kernel drops the stop itself, so the
      // client is back at once, as after `fg`: it left the terminal, entered it, asked for a frame.
      process.kill(r.pty.pid, 'SIGTSTP');
      await until('the terminal was given back and taken again', () =>
        /\x1b\[\?1049l[\s\S]*\x1b\[\?1049h/.test(r.output().slice(before)),
      );
      await waitScreen(r, /Botster Hub[\s\S]* INSERT /);
      r.pty.write('still typing\r');
      await waitScreen(r, /still typing[\s\S]*still typing/);
      expect(ls(home).clients).toBe(1);
    });

    it('ctrl+z in the hub (app.suspend): the server gives the terminal back, the client stops and takes it again', async () => {
      const home = realHome('dot-folder');
      await detachedHub(home);
      const r = launch(['attach', '--home', home], home);
      await waitScreen(r, / INSERT /);
      const before = r.output().length;
      r.pty.write('\x07'); // ctrl+g: normal mode
      await waitScreen(r, / NORMAL /);
      r.pty.write('\x1a'); // ctrl+z
      // (No job control above it: the stop is dropped by the kernel and it is back at once, as after fg.)
      await until('the terminal was given back and taken again', () =>
        /\x1b\[\?1049l[\s\S]*\x1b\[\?1049h/.test(r.output().slice(before)),
      );
      await waitScreen(r, /Botster Hub[\s\S]* NORMAL /);
      r.pty.write('i');
      await waitScreen(r, / INSERT /);
      r.pty.write('after the stop\r');
      await waitScreen(r, /after the stop[\s\S]*after the stop/);
    });

    /** The client's C files, as scripts/build-native.mjs takes them: every .c of src/native/client/. */
    function clientSources(): string[] {
      const dir = path.join(ROOT, 'src/native/client');
      return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.c'))
        .sort()
        .map((f) => path.join(dir, f));
    }

    /** The native client built as another release would be: its version, or its own wire.h. */
    function otherClient(version: string, wire?: (header: string) => string): string {
      const dir = tempHome();
      const include = path.join(ROOT, 'dist/native');
      if (wire)
        fs.writeFileSync(
          path.join(dir, 'wire.h'),
          wire(fs.readFileSync(path.join(include, 'wire.h'), 'utf8')),
        );
      const out = path.join(dir, 'botster-tui');
      const cc = spawnSync(
        'sh',
        [
          '-c',
          `d="$1" i="$2" o="$3"; shift 3; "\${CC:-cc}" -O2 -DBOTSTER_VERSION='"${version}"' -I"$d" -I"$i" -o "$o" "$@"`,
          'sh',
          dir,
          include,
          out,
          ...clientSources(),
        ],
        { encoding: 'utf8' },
      );
      expect(cc.status, cc.stderr).toBe(0);
      return out;
    }

    /**
     * The node entry of an install of `version` (this checkout's code): a native client runs only
     * for the package of its own version (its package.json one folder above the entry).
     */
    function installOf(version: string): string {
      const pkg = tempHome();
      fs.mkdirSync(path.join(pkg, 'bin'));
      fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'botster-tui', version }));
      fs.symlinkSync(path.join(ROOT, 'bin/botster-tui.js'), path.join(pkg, 'bin/botster-tui.js'));
      return path.join(pkg, 'bin/botster-tui.js');
    }

    it.runIf(compiler)(
      'a newer release of the same protocol attaches to the running server, which says an upgrade is waiting; the agents go on',
      async () => {
        const home = realHome('dot-folder');
        const pid = await detachedHub(home);
        const r = launch([installOf('99.0.0'), 'attach', '--home', home], home, {}, otherClient('99.0.0'));
        await waitScreen(r, /an upgrade is waiting: botster-tui 99\.0\.0 is installed/);
        expect(ls(home)).toMatchObject({ pid, clients: 1 });
        r.pty.write('\x07d'); // ctrl+g d
        expect((await r.exit).exitCode).toBe(0);
      },
    );

    it.runIf(compiler)(
      'a client of another protocol: it says how to restart the server and restores the terminal',
      async () => {
        const home = realHome('dot-folder');
        await detachedHub(home);
        const other = otherClient('9.9.9', (h) => h.replace(/#define PROTOCOL \d+/, '#define PROTOCOL 99'));
        const r = launch([installOf('9.9.9'), 'attach', '--home', home], home, {}, other);
        expect((await r.exit).exitCode).toBe(1);
        expect(r.output().replace(/\s+/g, ' ')).toContain(
          `botster-tui: the hub server runs botster-tui ${PKG.version} (protocol 1) and this is botster-tui 9.9.9 (protocol 99). Restart the server`,
        );
        expect(r.output()).toMatch(/\x1b\[\?1049l[\s\S]*the hub server runs/);
      },
    );

    it('BOTSTER_NATIVE_CLIENT=0: the node client, as before', async () => {
      const home = realHome('dot-folder');
      await detachedHub(home);
      const r = launch(['attach', '--home', home], home, { BOTSTER_NATIVE_CLIENT: '0' });
      await waitScreen(r, / INSERT /);
      expect(exe(r)).toBe(process.execPath);
      expect(screen(r.term)).toMatch(/Botster Hub/);
    });
  });
});

// The prebuilt client for the other CPU a release ships (arm64), checked under emulation where
// Debian's cross compiler and qemu-user are installed (gcc-aarch64-linux-gnu, qemu-user): built as
// scripts/pack-release.mjs builds it, it attaches to this machine's server, passes keys, detaches.
const has = (cmd: string) => !spawnSync(cmd, ['--version']).error;
describe.runIf(process.arch === 'x64' && has('aarch64-linux-gnu-gcc') && has('qemu-aarch64'))(
  'the arm64 client under qemu-aarch64',
  () => {
    it('attaches, keys reach the agent, ctrl+g d detaches', async () => {
      const client = path.join(tempHome(), 'botster-tui');
      const built = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'scripts/build-native.mjs'),
          '--arch',
          'arm64',
          '--static',
          '--required',
          '--out',
          client,
        ],
        { encoding: 'utf8' },
      );
      expect(built.status, built.stderr).toBe(0);
      expect(fs.readFileSync(client).subarray(18, 20).readUInt16LE(0)).toBe(183); // e_machine: EM_AARCH64
      const home = realHome('spaces');
      const pid = await detachedHub(home);
      const r = run(
        ['qemu-aarch64', client, path.join(ROOT, 'bin/botster-tui.js'), 'attach', '--home', home],
        100,
        30,
        {
          file: '/usr/bin/env',
          env: ptyEnv(),
        },
      );
      r.home = home;
      running.push(r);
      await waitScreen(r, / INSERT /);
      r.pty.write('typed under emulation\r');
      await waitScreen(r, /typed under emulation[\s\S]*typed under emulation/);
      expect(ls(home)).toMatchObject({ pid, clients: 1 });
      r.pty.write('\x07d');
      expect((await r.exit).exitCode).toBe(0);
      expect(r.output()).toContain('botster-tui: detached');
    }, 60000);
  },
);
