import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killKeepers, run as runInPty, stopAll, waitScreen, type Running } from '../support/cli-pty.js';
import { shq } from '../../src/lifecycle/agent-path.js';
import { localRegistry, lockedDependencies, type LocalRegistry } from '../support/local-registry.js';
import { until } from '../support/wait.js';

// Installs the release the way an npm user does (`npm i -g botster-tui` from a registry that holds
// the tarballs scripts/pack-release.mjs makes, the package and this CPU's native client, and its
// locked dependencies: one on 127.0.0.1, no network; into a fresh prefix with an empty npm cache,
// fresh HOME, no install scripts) and runs it from a folder outside the repository.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'botster install-'));
const prefix = path.join(tmp, 'prefix');
const home = path.join(tmp, 'home');
const elsewhere = path.join(tmp, 'somewhere else');
const pkgDir = path.join(prefix, 'lib', 'node_modules', 'botster-tui');
const bin = path.join(prefix, 'bin', 'botster-tui');
const release = path.join(tmp, 'release');
const clientName = `@botster-tui/client-linux-${process.arch}`;
// npm put it beside the package's other dependencies (an optional dependency for this CPU).
const clientDir = path.join(pkgDir, 'node_modules', clientName);
// The README's way from a checkout (npm i -g dist/release/*.tgz): the platform package is a global
// package of its own, hoisted beside botster-tui, not nested in it.
const readmePrefix = path.join(tmp, 'prefix from the tarballs');
const hoistedClientDir = path.join(readmePrefix, 'lib', 'node_modules', clientName);
let registry: LocalRegistry | null = null;

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
  };
  for (const k of Object.keys(e))
    if (k.startsWith('npm_') || k === 'BOTSTER_HOME' || k === 'BOTSTER_SOCKET') delete e[k];
  // Same downloads as the developer's cache (faster, and works where the registry is slow).
  e.npm_config_cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  return e;
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, { cwd: elsewhere, env: env(), encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The keepers' ring the installed hub's settings ask for (settings.keeper_ring_kb). */
const RING_KB = 256;
const compiler = ['cc', 'gcc', 'clang', 'g++'].some((cc) => !spawnSync(cc, ['--version']).error);
const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

function packagesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (nm: string) => {
    if (!fs.existsSync(nm)) return;
    for (const name of fs.readdirSync(nm)) {
      if (name.startsWith('.')) continue;
      const full = path.join(nm, name);
      if (name.startsWith('@')) {
        walk(full);
        continue;
      }
      if (!fs.existsSync(path.join(full, 'package.json'))) continue;
      out.push(full);
      walk(path.join(full, 'node_modules'));
    }
  };
  walk(path.join(dir, 'node_modules'));
  return out;
}

const readText = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');

/**
 * The hub installed in `pfx` on a fresh home (its server started by the installed launcher), with
 * one agent whose script runs `lines` (`HUB` in them: the home), each one's output and exit code
 * appended to a file; then `whoami --json` from the user's side (this test's process). The
 * server is stopped before this returns.
 */
async function agentAndUser(
  pfx: string,
  lines: string[],
): Promise<{ agent: string; user: ReturnType<typeof run>; log: string }> {
  const launcher = path.join(pfx, 'bin', 'botster-tui');
  const hub = fs.mkdtempSync(path.join(tmp, 'hub '));
  const out = path.join(hub, 'agent.out');
  const script = path.join(hub, 'agent.sh');
  fs.writeFileSync(
    script,
    [
      ...lines.map(
        (l) => `{ ${l.replaceAll('HUB', shq(hub))}; } >> ${shq(out)} 2>&1; echo "rc=$?" >> ${shq(out)}`,
      ),
      `echo done >> ${shq(out)}`,
      'exec sleep 600',
      '',
    ].join('\n'),
  );
  const server = spawn(launcher, ['--home', hub, 'server', '--agent', `sh ${shq(script)}`], {
    cwd: elsewhere,
    env: env(),
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    const agent = await until(
      'the agent ran its lines',
      () => readText(out).includes('done') && readText(out),
      60000,
    );
    const user = spawnSync(launcher, ['--home', hub, 'whoami', '--json'], {
      cwd: elsewhere,
      env: env(),
      encoding: 'utf8',
    });
    return {
      agent,
      user: { status: user.status, stdout: user.stdout, stderr: user.stderr },
      log: readText(path.join(hub, 'logs', 'hub.log')),
    };
  } finally {
    spawnSync(launcher, ['--home', hub, 'kill-server'], { cwd: elsewhere, env: env(), timeout: 20000 });
    killKeepers(hub);
    if (server.exitCode === null) server.kill('SIGKILL');
    await exited;
  }
}

/** Each `whoami --json` in what an agent's script printed, in order. */
const principals = (said: string) =>
  said
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { principal: { kind: string; id?: string; why?: string } }).principal);

beforeAll(async () => {
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(elsewhere, { recursive: true });
  // npm test has just built dist/; packing must not build again. This CPU's client only (the
  // other's cross compiler is seldom here).
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'scripts/pack-release.mjs'), '--out', release, '--arch', process.arch],
    { cwd: ROOT, env: env(), stdio: 'pipe' },
  );
  const tarballs = fs.readdirSync(release).map((f) => path.join(release, f));
  const main = tarballs.find((f) => /[/]botster-tui-\d[^/]*\.tgz$/.test(f))!;
  const filesOf = (tarball: string) =>
    execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
  (globalThis as { packed?: string[] }).packed = filesOf(main);
  // This CPU's native package (made where a C compiler is): the client and the keeper.
  const platform = tarballs.find((f) => /[/]botster-tui-client-linux-[^/]*\.tgz$/.test(f));
  (globalThis as { packedClient?: string[] }).packedClient = platform ? filesOf(platform) : [];
  const deps = lockedDependencies(ROOT, path.join(tmp, 'dependencies'));
  registry = await localRegistry([...tarballs, ...deps.tarballs], deps.bare);
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  const offline = {
    ...env(),
    npm_config_cache: path.join(tmp, 'npm cache'),
    npm_config_registry: `${registry.url}/`,
    npm_config_proxy: 'http://127.0.0.1:9',
    npm_config_https_proxy: 'http://127.0.0.1:9',
    npm_config_noproxy: '127.0.0.1',
  };
  // (not execFileSync: the registry answers from this process)
  await promisify(execFile)(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      `botster-tui@${version}`,
    ],
    { cwd: elsewhere, env: offline },
  );
  await promisify(execFile)(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      readmePrefix,
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      ...tarballs,
    ],
    { cwd: elsewhere, env: offline },
  );
}, 240000);
afterAll(() => registry?.close());

describe('npm pack, then npm i -g of the tarball with --ignore-scripts', () => {
  it('ships the bundle, lua/, keybindings/, README, docs/ and LICENSE: no sourcemap, no tsc output', () => {
    const files = (globalThis as { packed?: string[] }).packed!;
    expect(files).toContain('dist/bundle/botster-tui.mjs');
    expect(files).toContain('dist/bundle/lua-worker.cjs');
    expect(files).toContain('dist/bundle/cli.cjs');
    expect(files).toContain('lua/default/layout.lua');
    expect(files).toContain('keybindings/normal.lua');
    expect(files).toContain('README.md');
    expect(files).toContain('docs/protocol.md'); // --help cites it
    expect(files).toContain('docs/lua/README.md');
    expect(files).toContain('LICENSE');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bundle/'))).toEqual([]);
  });

  it('installs only what runs: the PTY library with its prebuilt binary and wasmoon, no install scripts', () => {
    const pkgs = packagesIn(pkgDir).map(
      (p) =>
        JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8')) as {
          name: string;
          scripts?: Record<string, string>;
        },
    );
    const names = pkgs.map((p) => p.name);
    expect(names).toContain('@lydell/node-pty');
    expect(names).toContain('wasmoon');
    expect(names).not.toContain('node-pty');
    expect(names).not.toContain('ink');
    expect(names).not.toContain('react');
    const withScripts = pkgs.filter(
      (p) => p.scripts && (p.scripts.install || p.scripts.preinstall || p.scripts.postinstall),
    );
    expect(withScripts.map((p) => p.name)).toEqual([]);
  });

  it('--version, check on a shipped file, and a snapshot with an agent, from outside the repository', () => {
    const version = run(['--version']);
    expect(version.status).toBe(0);
    // The release, and which client answers (the launcher picks the native one where it ships).
    const release = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
    expect(version.stdout.trim()).toMatch(
      new RegExp(`^${release.replace(/\./g, '\\.')} \\((native|node) client\\)$`),
    );

    const check = run(['check', path.join(pkgDir, 'lua', 'default', 'layout.lua')]);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);

    const snap = run([
      'snapshot',
      '--size',
      '80x24',
      '--wait',
      '300',
      '--agent',
      'echo installed-and-running',
    ]);
    expect(snap.stderr).toBe('');
    expect(snap.status).toBe(0);
    expect(snap.stdout).toContain('installed-and-running');
    expect(snap.stdout).toContain('Botster Hub');

    // With no --home and no BOTSTER_HOME the home is the dot-folder ~/.botster of the fresh HOME.
    const user = path.join(home, '.botster', 'user');
    fs.mkdirSync(user, { recursive: true });
    fs.writeFileSync(
      path.join(user, 'layout.lua'),
      'function App:render() return ui.text("layout from ~/.botster") end\n',
    );
    const mine = run(['snapshot', '--size', '60x10', '--wait', '100', '--agent', 'true']);
    expect(mine.status).toBe(0);
    expect(mine.stdout).toContain('layout from ~/.botster');
  });

  it('a cold start in a terminal: the installed launcher (a symlink, under a folder with a space) starts the hub', async () => {
    expect(fs.lstatSync(bin).isSymbolicLink()).toBe(true);
    const traceFile = path.join(tmp, 'trace');
    const e = { ...env(), TERM: 'xterm-256color', BOTSTER_TRACE: traceFile } as Record<string, string>;
    delete e.CI;
    fs.writeFileSync(
      path.join(home, '.botster', 'user', 'settings.lua'),
      `settings.keeper_ring_kb = ${RING_KB}\n`,
    );
    const running: Running[] = [];
    const r = runInPty(['--agent', 'sleep 30'], 100, 30, { file: bin, env: e, cwd: elsewhere });
    r.home = path.join(home, '.botster');
    r.env = e;
    running.push(r);
    try {
      // (The test above gave ~/.botster a layout of its own.)
      await waitScreen(r, /layout from ~\/\.botster/);
      const said = fs.readFileSync(traceFile, 'utf8');
      expect(said).toMatch(/bin: cli\.cjs compiled/);
      if (compiler) {
        // The client the benchmarks measure: the prebuilt native one, which started the server.
        expect(said).toContain('server: started by the native client');
        expect(said).not.toContain('client: server spawned');
        expect(fs.readlinkSync(`/proc/${r.pty.pid}/exe`)).toBe(
          fs.realpathSync(path.join(clientDir, 'botster-tui')),
        );
        expect(rssKb(r.pty.pid)).toBeLessThan(35 * 1024);
        // The installed hub runs its agent under the prebuilt keeper, with the ring the settings
        // asked for; its log says which keeper.
        const keeper = fs.realpathSync(path.join(clientDir, 'botster-keeper'));
        const agents = () =>
          JSON.parse(run(['agents', '--json']).stdout || '[]') as Array<{ pid: number | null }>;
        const agent = await until('the agent runs', () => agents().find((a) => a.pid)?.pid);
        const stat = fs.readFileSync(`/proc/${agent}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        expect(fs.readlinkSync(`/proc/${parent}/exe`)).toBe(keeper);
        const args = fs.readFileSync(`/proc/${parent}/cmdline`, 'utf8').split('\0');
        expect(args[args.indexOf('--ring') + 1]).toBe(String(RING_KB * 1024));
        expect(fs.readFileSync(path.join(home, '.botster', 'logs', 'hub.log'), 'utf8')).toContain(
          `keepers: ${path.join(clientDir, 'botster-keeper')} in `,
        );
      } else {
        expect(said).toContain('client: server spawned');
      }
    } finally {
      stopAll(running);
    }
  });

  it.runIf(compiler)(
    "this CPU's native client comes as a prebuilt package: an optional dependency, nothing to compile, no install script",
    () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
        version: string;
        optionalDependencies?: Record<string, string>;
      };
      expect(manifest.optionalDependencies?.[clientName]).toBe(manifest.version);
      const client = JSON.parse(fs.readFileSync(path.join(clientDir, 'package.json'), 'utf8')) as {
        os: string[];
        cpu: string[];
        scripts?: unknown;
      };
      expect(client).toMatchObject({ os: ['linux'], cpu: [process.arch] });
      expect(client.scripts).toBeUndefined();
      expect(fs.statSync(path.join(clientDir, 'botster-tui')).mode & 0o111).not.toBe(0);
      // The keeper (one per agent: agents outlive the server, docs/keeper.md) ships in it too.
      expect((globalThis as { packedClient?: string[] }).packedClient).toEqual(
        expect.arrayContaining(['botster-tui', 'botster-keeper']),
      );
      expect(fs.statSync(path.join(clientDir, 'botster-keeper')).mode & 0o111).not.toBe(0);
    },
  );

  describe.runIf(compiler)('the hub asks the kernel who connects, through the installed client', () => {
    const layouts = [
      ['npm i -g botster-tui: the client nested in the package', prefix, clientDir],
      [
        "npm i -g of both tarballs (the README's way): the client hoisted beside the package",
        readmePrefix,
        hoistedClientDir,
      ],
    ] as const;
    for (const [layout, pfx, client] of layouts)
      it(`${layout}: from inside an agent whoami is the agent, its environment cleaned or not; you are you`, async () => {
        expect(fs.statSync(path.join(client, 'botster-tui')).mode & 0o111).not.toBe(0);
        const launcher = shq(path.join(pfx, 'bin', 'botster-tui'));
        const clean = 'env -u BOTSTER_AGENT_ID -u BOTSTER_SOCKET';
        const { agent, user, log } = await agentAndUser(pfx, [
          'botster-tui whoami --json',
          `${clean} botster-tui --home HUB whoami --json`,
          `${clean} ${launcher} --home HUB whoami --json`,
          `${clean} botster-tui --home HUB web`,
          `${clean} botster-tui --home HUB web sessions`,
          `${clean} botster-tui --home HUB web stop`,
        ]);
        const [first, ...rest] = principals(agent);
        expect(first).toEqual({ kind: 'agent', id: expect.stringMatching(/^\d+$/) });
        expect(rest).toEqual([first, first]);
        // The web: nothing listens unasked (the hub asks you, a question that waits for a
        // terminal of yours), and its sessions are the user's alone.
        expect(agent).toMatch(
          /the hub asks, in its own window, whether to start the web \(a question: Ctrl\+g o there opens it\); nothing listens until you say so/,
        );
        expect(agent).not.toMatch(/listening on/);
        expect(agent.match(/only you, not an agent, may do that/g)).toHaveLength(2);
        expect(agent.match(/rc=(\d+)/g)).toEqual(['rc=0', 'rc=0', 'rc=0', 'rc=0', 'rc=1', 'rc=1']);
        expect(user.stderr).toBe('');
        expect(JSON.parse(user.stdout).principal).toEqual({ kind: 'user' });
        expect(log).not.toContain('cannot ask the kernel');
        expect(log).toContain(`keepers: ${path.join(client, 'botster-keeper')} in `);
      });
  });

  it.runIf(compiler)(
    'without its native client (another OS or CPU) the node client attaches; the kernel cannot be asked, so every caller is an agent, and the hub says why',
    async () => {
      fs.renameSync(clientDir, `${clientDir}.away`);
      const traceFile = path.join(tmp, 'trace-node');
      const e = { ...env(), TERM: 'xterm-256color', BOTSTER_TRACE: traceFile } as Record<string, string>;
      delete e.CI;
      const other = path.join(tmp, 'other home');
      const running: Running[] = [];
      try {
        const r = runInPty(['--home', other, '--agent', 'sleep 30'], 100, 30, {
          file: bin,
          env: e,
          cwd: elsewhere,
        });
        r.home = other;
        r.env = e;
        running.push(r);
        await waitScreen(r, /Botster Hub/);
        expect(fs.readFileSync(traceFile, 'utf8')).toContain('client: server spawned');
        expect(fs.readlinkSync(`/proc/${r.pty.pid}/exe`)).toBe(process.execPath);
        // Never open: you, from your own shell, are held to an agent's rules, told why at start and
        // with each refusal.
        const why = `the hub cannot ask the kernel who connects: no native botster-tui found: none in ${path.join(pkgDir, 'dist/native')}`;
        await waitScreen(r, /the hub cannot ask the kernel who connects to its socket/);
        expect(fs.readFileSync(path.join(other, 'logs', 'hub.log'), 'utf8')).toContain(
          `the hub cannot ask the kernel who connects to its socket (no native botster-tui found: none in ${path.join(pkgDir, 'dist/native')}`,
        );
        const me = run(['--home', other, 'whoami', '--json']);
        expect(me.stderr).toBe('');
        const principal = JSON.parse(me.stdout).principal as { kind: string; id: string; why: string };
        expect(principal).toMatchObject({ kind: 'agent', id: '?' });
        expect(principal.why).toContain(why);
        expect(principal.why).toContain(`and no ${clientName} where node finds it from ${pkgDir}`);
        const sessions = run(['--home', other, 'web', 'sessions']);
        expect(sessions.status).toBe(1);
        expect(sessions.stderr).toContain(`web sessions: only you, not an agent, may do that (${why}`);
      } finally {
        // kill-server is yours alone, and here you are held to an agent's rules: its server is
        // stopped by its pid (ls is anyone's), as you would with kill.
        const pid = (JSON.parse(run(['--home', other, 'ls', '--json']).stdout || '{}') as { pid?: number })
          .pid;
        stopAll(running);
        if (pid) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // gone already
          }
          // (gone, or a zombie its reaper has not reaped)
          const gone = () => {
            try {
              return / Z /.test(
                fs.readFileSync(`/proc/${pid}/stat`, 'latin1').slice(-400).replace(/^.*\)/s, ''),
              );
            } catch {
              return true;
            }
          };
          await until('its server stopped', gone, 10000);
        }
        fs.renameSync(`${clientDir}.away`, clientDir);
      }
    },
  );

  it('without its native binary it says so in one line and exits 2; --version still works', () => {
    const platformPkg = path.join(
      pkgDir,
      'node_modules',
      '@lydell',
      `node-pty-${process.platform}-${process.arch}`,
    );
    expect(fs.existsSync(platformPkg)).toBe(true);
    fs.renameSync(platformPkg, `${platformPkg}.away`);
    try {
      for (const args of [
        ['snapshot', '--agent', 'true'],
        ['--agent', 'true'],
      ]) {
        const r = run(args);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^botster-tui: cannot load the PTY library @lydell\/node-pty .*reinstall/);
      }
      expect(run(['--version']).status).toBe(0);
    } finally {
      fs.renameSync(`${platformPkg}.away`, platformPkg);
    }
  });
});
