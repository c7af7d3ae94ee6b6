import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';
import { probesOf } from '../support/box-probes.js';

// Issue 81's done test: from inside a boxed agent each way around the hub's doors fails, while the
// same attempt from an unboxed agent succeeds (so the test can fail). A real hub, real bubblewrap:
// the user's shell (agent 1, unboxed), a boxed shell (2, `new --sandbox default`), an unboxed one
// (3, `new --sandbox off`) run the same probe script; each line says what one attempt got.

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const { running, dotHome } = stoppedAfterEach();
const tmuxes: string[] = [];
const servers: net.Server[] = [];
afterEach(() => {
  for (const s of tmuxes.splice(0)) spawnSync('tmux', ['-L', s, 'kill-server']);
  for (const s of servers.splice(0)) s.close();
});

const PROBES = (o: {
  hub: string;
  pid1: number;
  pts1: string;
  other: string;
  tmux: string;
  port: number;
}) => `
hub='${o.hub}'
connect() { node -e 'const s=require("net").connect(...process.argv.slice(1));s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1))' "$@"; }
try() { if "$2" >/dev/null 2>&1; then echo "$1:ok"; else echo "$1:no"; fi; }
p_lua() { mkdir -p "$hub/user" && echo "-- hi from $PWD" >> "$hub/user/hooks.lua"; }
p_ssh() { grep -q SECRET ~/.ssh/id_rsa; }
p_kill() { kill -0 ${o.pid1}; }
p_trace() { head -c1 /proc/${o.pid1}/environ; }
p_keeper() { connect "$(ls "$hub"/keepers/*.sock | head -n1)"; }
p_tmux() { /usr/bin/tmux -L '${o.tmux}' has-session; }
p_tmux_run() { /usr/bin/tmux -L '${o.tmux}' run-shell "${process.execPath} ${BIN} whoami --home '$hub' > '${o.other}/whoami.txt'" && grep -q '^you' '${o.other}/whoami.txt'; }
p_other() { echo x > '${o.other}/written-by-probe'; }
p_pts() { echo x > ${o.pts1}; }
p_session() { grep -q agents "$hub/session.json"; }
p_log() { grep -q server "$hub/logs/hub.log"; }
p_child() { botster-tui new --no-focus -- sh -c 'cat ~/.ssh/id_rsa > child.out' && sleep 1.5 && grep -q SECRET child.out; }
p_setsid() { setsid -f sh -c 'env -u BOTSTER_AGENT_ID botster-tui whoami > setsid.out 2>&1' && sleep 1.5 && grep -q '^you' setsid.out; }
p_net() { connect ${o.port} 127.0.0.1; }
p_lua
try read-ssh p_ssh
try signal-user-shell p_kill
try trace-user-shell p_trace
try keeper-socket p_keeper
try user-tmux p_tmux
try tmux-runs-as-user p_tmux_run
try write-other-agent p_other
try other-terminal p_pts
try read-session p_session
try read-log p_log
try unboxed-child p_child
try setsid-as-user p_setsid
try network p_net
echo END
`;

/** The CLI as the user runs it from their own shell, against `home`'s hub (its args may end with `-- CMD`). */
function cli(home: string, args: string[]) {
  const env = { ...process.env, CI: 'true', BOTSTER_HOME: home } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 30000 });
}

// (CI installs bubblewrap: there the test runs, and fails if it cannot)
describe.skipIf(!hasBwrap && !process.env.CI)('a boxed agent cannot walk around the doors', () => {
  it('each attempt fails in the box and succeeds outside it', { timeout: 120000 }, async () => {
    const home = dotHome();
    const user = path.dirname(home);
    fs.mkdirSync(path.join(user, '.ssh'), { mode: 0o700 });
    fs.writeFileSync(path.join(user, '.ssh', 'id_rsa'), 'SECRET\n');
    const boxed = path.join(user, 'boxed');
    const open = path.join(user, 'open');
    const other = path.join(user, 'other');
    for (const d of [boxed, open, other]) fs.mkdirSync(d);
    // The user's own tmux server, outside every agent (its socket where tmux keeps it: /tmp/tmux-UID).
    const tmux = `box-doors-${process.pid}-${Date.now()}`;
    expect(spawnSync('tmux', ['-L', tmux, 'new-session', '-d', 'sleep 300']).status).toBe(0);
    tmuxes.push(tmux);
    const server = net.createServer((c) => c.end());
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;

    const env = ptyEnv({ HOME: user, SHELL: '/bin/sh', PS1: '$ ' });
    const hub = run(['--home', home, '--agent', 'bash --norc --noprofile'], 120, 40, { env, cwd: other });
    running.push(hub);
    await waitScreen(hub, /Agents: 1/);
    const agents = () =>
      JSON.parse(userCli(home, ['agents', '--json']).stdout) as Array<{ id: string; pid: number }>;
    const pid1 = agents()[0].pid;
    const pts1 = fs.readlinkSync(`/proc/${pid1}/fd/0`);
    expect(pts1).toMatch(/^\/dev\/pts\/\d+$/);
    for (const [dir, box] of [
      [boxed, 'default'],
      [open, 'off'],
    ]) {
      const r = cli(home, [
        'new',
        '--no-focus',
        '--cwd',
        dir,
        '--sandbox',
        box,
        '--',
        'bash',
        '--norc',
        '--noprofile',
      ]);
      expect(r.status, r.stderr).toBe(0);
    }
    const probe = PROBES({ hub: home, pid1, pts1, other, tmux, port });
    for (const [id, dir] of [
      ['2', boxed],
      ['3', open],
    ]) {
      fs.writeFileSync(path.join(dir, 'probe.sh'), probe);
      userCli(home, ['send', id, 'sh ./probe.sh > probe.out 2>&1', '--keys', 'enter']);
    }
    for (const dir of [boxed, open])
      await until(
        `${dir} probed`,
        () =>
          fs.existsSync(path.join(dir, 'probe.out')) &&
          /END/.test(fs.readFileSync(path.join(dir, 'probe.out'), 'utf8')),
        60000,
      );
    const inBox = probesOf(path.join(boxed, 'probe.out'));
    const outside = probesOf(path.join(open, 'probe.out'));
    // Your Lua as the hub loads it: what each wrote there (a box may write its own empty copy of the
    // hub's home, which goes with it).
    const lua = fs.readFileSync(path.join(home, 'user', 'hooks.lua'), 'utf8');
    inBox['write-user-lua'] = lua.includes(`-- hi from ${boxed}`) ? 'ok' : 'no';
    outside['write-user-lua'] = lua.includes(`-- hi from ${open}`) ? 'ok' : 'no';
    // What the hub holds without a box as well: a process that left its agent's session
    // (setsid -f) is still under its keeper (a subreaper), so the hub still takes it for the agent.
    const heldAnyway = ['setsid-as-user'];
    for (const n of heldAnyway) {
      expect(`${n}:${outside[n]}:${inBox[n]}`).toBe(`${n}:no:no`);
      expect(fs.readFileSync(path.join(open, 'setsid.out'), 'utf8')).toMatch(/^agent 3\b/);
    }
    const names = Object.keys(outside).filter((n) => n !== 'network' && !heldAnyway.includes(n));
    expect(names.length).toBe(12);
    // Outside a box every way works (the probes can tell)...
    for (const n of names) expect(`${n}:${outside[n]}`).toBe(`${n}:ok`);
    // ...and in one, none does.
    for (const n of names) expect(`${n}:${inBox[n]}`).toBe(`${n}:no`);
    // The default box's network is its own: nothing of yours listens there (the network only
    // through the hub's proxy: box-net.test.ts, and below).
    expect(`network:${outside.network}:${inBox.network}`).toBe('network:ok:no');
  });

  it(
    "started in a folder that holds the hub's caches it writes there, but not the caches (code the hub runs)",
    { timeout: 60000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      // (a folder of yours that holds them; your home is never a box's to write: box-home.test.ts)
      const dev = path.join(user, 'dev');
      const caches = path.join(dev, '.cache', 'botster-tui');
      const env = ptyEnv({ HOME: user, XDG_CACHE_HOME: path.join(dev, '.cache'), SHELL: '/bin/sh' });
      fs.mkdirSync(dev);
      const hub = run(['--home', home], 100, 30, { env, cwd: dev });
      running.push(hub);
      await waitScreen(hub, / (NORMAL|INSERT) /);
      // (the server made it as it started: its V8 code cache and its Lua's bytecode go there)
      expect(fs.statSync(caches).isDirectory()).toBe(true);
      // A planted cache would be loaded by the next server, outside any box.
      const plant = (name: string) =>
        `echo planted > ${name}.txt; echo planted > '${caches}/${name}.v8'; echo done > ${name}.out; sleep 30`;
      for (const [name, box] of [
        ['boxed', 'default'],
        ['open', 'off'],
      ])
        expect(cli(home, ['new', '--cwd', dev, '--sandbox', box, '--', 'sh', '-c', plant(name)]).status).toBe(
          0,
        );
      const done = (name: string) => fs.existsSync(path.join(dev, `${name}.out`));
      await until('both tried', () => done('boxed') && done('open'), 30000);
      // Both wrote their folder; only the unboxed one reached the caches.
      for (const name of ['boxed', 'open'])
        expect(fs.readFileSync(path.join(dev, `${name}.txt`), 'utf8')).toBe('planted\n');
      expect(fs.existsSync(path.join(caches, 'open.v8'))).toBe(true);
      expect(fs.existsSync(path.join(caches, 'boxed.v8'))).toBe(false);
    },
  );

  it('network = false: no connection out of the box', { timeout: 60000 }, async () => {
    const home = dotHome();
    const user = path.dirname(home);
    const dir = path.join(user, 'w');
    fs.mkdirSync(dir);
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'hooks.lua'),
      'sandbox.boxes.strict.network = false\nsandbox.boxes.default.network = { allow = { "127.0.0.2" } }\n',
    );
    const server = http.createServer((_q, r) => r.end('NET:ok\n'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
    const port = (server.address() as net.AddressInfo).port;
    const env = ptyEnv({ HOME: user, SHELL: '/bin/sh', http_proxy: undefined, HTTP_PROXY: undefined });
    const hub = run(['--home', home], 100, 30, { env, cwd: dir });
    running.push(hub);
    await waitScreen(hub, / (NORMAL|INSERT) /);
    // Through the proxy's variables, and (a box with none) through the proxy's socket itself.
    const proxy = path.join(home, 'box-socket', 'net-hub.sock');
    const reach = `{ curl -s http://127.0.0.2:${port}/ || node -e 'const s=require("net").connect(process.argv[1]);s.end("GET http://127.0.0.2:${port}/ HTTP/1.0\\r\\n\\r\\n");s.pipe(process.stdout)' ${proxy} || echo NET:no; } > net.out; sleep 30`;
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    expect(
      cli(home, ['new', '--cwd', path.join(dir, 'a'), '--sandbox', 'strict', '--', 'sh', '-c', reach]).status,
    ).toBe(0);
    expect(
      cli(home, ['new', '--cwd', path.join(dir, 'b'), '--sandbox', 'default', '--', 'sh', '-c', reach])
        .status,
    ).toBe(0);
    const out = (d: string) => {
      try {
        return fs.readFileSync(path.join(dir, d, 'net.out'), 'utf8');
      } catch {
        return '';
      }
    };
    await until('both tried', () => /NET|refused/.test(out('a')) && /NET/.test(out('b')), 30000);
    expect(out('a')).toMatch(/has no network \(network = false\)/);
    expect(out('a')).not.toContain('NET:ok');
    expect(out('b')).toContain('NET:ok');
  });
});

describe.skipIf(!hasBwrap && !process.env.CI)('a boxed agent and the hub after a restart', () => {
  it('after a kill -9 of the server the boxed agent reaches the next one', { timeout: 90000 }, async () => {
    const home = dotHome();
    const user = path.dirname(home);
    const dir = path.join(user, 'w');
    fs.mkdirSync(dir);
    const env = ptyEnv({ HOME: user, SHELL: '/bin/sh' });
    const first = run(['--home', home], 100, 30, { env, cwd: dir });
    running.push(first);
    await waitScreen(first, / (NORMAL|INSERT) /);
    expect(
      cli(home, [
        'new',
        '--no-focus',
        '--cwd',
        dir,
        '--sandbox',
        'default',
        '--',
        'bash',
        '--norc',
        '--noprofile',
      ]).status,
    ).toBe(0);
    const ask = async (n: number) => {
      const out = path.join(dir, `who${n}.out`);
      userCli(home, [
        'send',
        '2',
        `env -u BOTSTER_AGENT_ID botster-tui whoami > who${n}.out 2>&1`,
        '--keys',
        'enter',
      ]);
      await until(
        `whoami ${n}`,
        () => fs.existsSync(out) && fs.readFileSync(out, 'utf8').trim() !== '',
        30000,
      );
      return fs.readFileSync(out, 'utf8');
    };
    expect(await ask(1)).toMatch(/^agent 2\b/);
    const server = (JSON.parse(userCli(home, ['ls', '--json']).stdout) as { pid: number }).pid;
    process.kill(server, 'SIGKILL');
    await until(
      'the next server',
      () => {
        const r = userCli(home, ['ls', '--json']);
        return r.status === 0 && (JSON.parse(r.stdout) as { pid: number }).pid !== server;
      },
      30000,
    );
    // its keeper kept it; the socket its box holds is the new server's
    expect(await ask(2)).toMatch(/^agent 2\b/);
  });
});
