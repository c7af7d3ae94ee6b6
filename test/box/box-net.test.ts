import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';
import { hubTag } from '../../src/box/podman-args.js';
import { IMAGE, hasPodman, luaMounts, usePodman } from '../support/podman.js';

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'];

// Issue 93, item 9: a box with network has a network namespace of its own (your abstract unix
// sockets are not there) and reaches the network only through the hub's proxy, the hosts its box
// allows; another host is refused, and the hub asks you once. A real hub, real bubblewrap, local
// hosts only: 127.0.0.2 (allowed) and 127.0.0.3 (not), both this machine's loopback. The same probe
// runs from a boxed agent and an unboxed one (so the test can fail).

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const { running, dotHome } = stoppedAfterEach();
const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function listen(server: net.Server, at: string | [number, string]): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => (typeof at === 'string' ? server.listen(at, r) : server.listen(...at, r)));
  return typeof at === 'string' ? 0 : (server.address() as net.AddressInfo).port;
}

const answering = (word: string) => http.createServer((_req, res) => res.end(`${word}\n`));

const PROBES = (o: { abstract: string; a: number; b: number; l: number; m: number }) => `
try() { if "$2" >/dev/null 2>&1; then echo "$1:ok"; else echo "$1:no"; fi; }
p_abstract() { node -e 'const s=require("net").connect("\\u0000${o.abstract}");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1))'; }
p_direct() { node -e 'const s=require("net").connect(${o.a},"127.0.0.2");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1))'; }
p_allowed() { curl -s --max-time 10 http://127.0.0.2:${o.a}/ | grep -q ALLOWED; }
p_tunnel() { curl -s -p --max-time 10 http://127.0.0.2:${o.a}/ | grep -q ALLOWED; }
p_refused() { curl -s --max-time 10 http://127.0.0.3:${o.b}/ > refused.txt; grep -q OTHER refused.txt; }
p_refused_tunnel() { curl -s -p --max-time 10 http://127.0.0.3:${o.b}/ | grep -q OTHER; }
p_loopback() { curl -s --noproxy '*' --max-time 10 http://127.0.0.1:${o.l}/ | grep -q MODEL; }
p_loopback_other() { curl -s --noproxy '*' --max-time 10 http://127.0.0.1:${o.m}/ | grep -q PRIVATE; }
try abstract p_abstract
try direct p_direct
try allowed p_allowed
try tunnel p_tunnel
try refused p_refused
try refused-tunnel p_refused_tunnel
try loopback p_loopback
try loopback-other p_loopback_other
echo END
`;

function probesOf(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([\w-]+):(ok|no)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

describe.skipIf(!hasBwrap && !process.env.CI)("a boxed agent's network", () => {
  it(
    'is its own, through the hub: allowed hosts only, another one asked once',
    { timeout: 120000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      const boxed = path.join(user, 'boxed');
      const open = path.join(user, 'open');
      for (const d of [boxed, open]) fs.mkdirSync(d);
      // A session bus of yours on an abstract address, as D-Bus and X11 listen.
      const abstract = `botster-net-test-${process.pid}-${Date.now()}`;
      await listen(
        net.createServer((c) => c.end()),
        `\0${abstract}`,
      );
      const a = await listen(answering('ALLOWED'), [0, '127.0.0.2']);
      const b = await listen(answering('OTHER'), [0, '127.0.0.3']);
      // A model on your loopback the box names (127.0.0.1:PORT), and another port of yours it does not.
      const l = await listen(answering('MODEL'), [0, '127.0.0.1']);
      const m = await listen(answering('PRIVATE'), [0, '127.0.0.1']);
      fs.mkdirSync(path.join(home, 'user'), { recursive: true });
      fs.writeFileSync(
        path.join(home, 'user', 'hooks.lua'),
        `sandbox.boxes.default.network = { allow = { "127.0.0.2", "127.0.0.1:${l}" } }\n`,
      );

      const env = ptyEnv({
        HOME: user,
        SHELL: '/bin/sh',
        PS1: '$ ',
        ...Object.fromEntries(
          ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'].map((k) => [
            k,
            undefined,
          ]),
        ),
      });
      const hub = run(['--home', home], 120, 40, { env, cwd: open });
      running.push(hub);
      await waitScreen(hub, / (NORMAL|INSERT) /);
      for (const [dir, box] of [
        [boxed, 'default'],
        [open, 'off'],
      ]) {
        fs.writeFileSync(path.join(dir, 'probe.sh'), PROBES({ abstract, a, b, l, m }));
        const r = userCli(home, [
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
      const send = (id: string, line: string) =>
        expect(userCli(home, ['send', id, line, '--keys', 'enter']).status).toBe(0);
      send('2', 'sh ./probe.sh > probe.out 2>&1');
      send('3', 'sh ./probe.sh > probe.out 2>&1');
      const probed = (dir: string) =>
        fs.existsSync(path.join(dir, 'probe.out')) &&
        /END/.test(fs.readFileSync(path.join(dir, 'probe.out'), 'utf8'));
      await until('both probed', () => probed(boxed) && probed(open), 60000);
      const inBox = probesOf(path.join(boxed, 'probe.out'));
      const outside = probesOf(path.join(open, 'probe.out'));
      // Outside a box each reaches its target (the probes can tell)...
      expect(outside).toEqual({
        abstract: 'ok',
        direct: 'ok',
        allowed: 'ok',
        tunnel: 'ok',
        refused: 'ok',
        'refused-tunnel': 'ok',
        loopback: 'ok',
        'loopback-other': 'ok',
      });
      // ...in one, your abstract socket and a direct connection are not there, the allowed host is
      // reached through the proxy (plain and CONNECT), the other one is refused with why; the port of
      // your loopback it names is at the same address inside it, no other port of yours is.
      expect(inBox).toEqual({
        abstract: 'no',
        direct: 'no',
        allowed: 'ok',
        tunnel: 'ok',
        refused: 'no',
        'refused-tunnel': 'no',
        loopback: 'ok',
        'loopback-other': 'no',
      });
      // `sandbox` says so.
      expect(userCli(home, ['sandbox', '2']).stdout).toContain(
        `unasked, any other once you let it (127.0.0.1:${l}: yours, at the same address inside it)`,
      );
      expect(fs.readFileSync(path.join(boxed, 'refused.txt'), 'utf8')).toMatch(
        /refused 127\.0\.0\.3:\d+: 127\.0\.0\.3 is not in the box's allow list/,
      );
      // Asked once (the second try found the question waiting), and let: the next try goes.
      await waitScreen(hub, /\? 1 question/);
      const log = fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8');
      expect(log.match(/the hub asks you whether agent \S+ \(id 2\) may reach it, try again/g)?.length).toBe(
        1,
      );
      expect(userCli(home, ['run', 'agent.allow_host']).status).toBe(0);
      send('2', `curl -s -p http://127.0.0.3:${b}/ > again.txt`);
      await until('let', () => /OTHER/.test(fs.readFileSync(path.join(boxed, 'again.txt'), 'utf8')), 20000);
    },
  );

  it("after a kill -9 of the server the box reaches the next one's proxy", { timeout: 90000 }, async () => {
    const home = dotHome();
    const user = path.dirname(home);
    const dir = path.join(user, 'w');
    fs.mkdirSync(dir);
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'hooks.lua'),
      'sandbox.boxes.default.network = { allow = { "127.0.0.2" } }\n',
    );
    const a = await listen(answering('ALLOWED'), [0, '127.0.0.2']);
    const env = ptyEnv({ HOME: user, SHELL: '/bin/sh', http_proxy: undefined, HTTP_PROXY: undefined });
    const first = run(['--home', home], 100, 30, { env, cwd: dir });
    running.push(first);
    await waitScreen(first, / (NORMAL|INSERT) /);
    const r = userCli(home, [
      'new',
      '--no-focus',
      '--cwd',
      dir,
      '--sandbox',
      'default',
      '--',
      'bash',
      '--norc',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const fetch = async (n: number) => {
      const out = path.join(dir, `got${n}.txt`);
      userCli(home, ['send', '2', `curl -s http://127.0.0.2:${a}/ > got${n}.txt`, '--keys', 'enter']);
      await until(`fetch ${n}`, () => fs.existsSync(out) && fs.readFileSync(out, 'utf8') !== '', 30000);
      return fs.readFileSync(out, 'utf8');
    };
    expect(await fetch(1)).toBe('ALLOWED\n');
    const server = (JSON.parse(userCli(home, ['ls', '--json']).stdout) as { pid: number }).pid;
    process.kill(server, 'SIGKILL');
    await until(
      'the next server',
      () => {
        const ls = userCli(home, ['ls', '--json']);
        return ls.status === 0 && (JSON.parse(ls.stdout) as { pid: number }).pid !== server;
      },
      30000,
    );
    // its keeper kept it; the proxy it reaches is the new server's, at the same path
    expect(await fetch(2)).toBe('ALLOWED\n');
  });

  it("an agent CLI's box allows its CLI file's hosts and the box's own", { timeout: 60000 }, async () => {
    const home = dotHome();
    const user = path.dirname(home);
    const bin = path.join(user, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'claude'), '#!/bin/sh\nsleep 60\n', { mode: 0o755 });
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'hooks.lua'),
      'sandbox.boxes.default.network = { allow = { "127.0.0.2" } }\n',
    );
    const env = ptyEnv({ HOME: user, SHELL: '/bin/sh', PATH: `${bin}:${process.env.PATH}` });
    const hub = run(['--home', home, '--agent', 'claude'], 100, 30, { env, cwd: user });
    running.push(hub);
    await waitScreen(hub, / (NORMAL|INSERT) /);
    const said = JSON.parse(userCli(home, ['sandbox', '1', '--json']).stdout) as {
      box: { allow: string[] };
      says: string;
    };
    expect(said.box.allow).toEqual(expect.arrayContaining(['127.0.0.2', 'api.anthropic.com']));
    expect(said.says).toMatch(
      /network: +its own, through the hub's proxy: 127\.0\.0\.2, api\.anthropic\.com/,
    );
  });
});

// (CI installs podman: there it runs, and fails if it cannot)
describe.skipIf(!hasPodman && !process.env.CI)("a container box's network", () => {
  const podman = usePodman();
  it('is none of its own: the hub proxy, its allowed hosts only', { timeout: 180000 }, async () => {
    const home = dotHome();
    const user = path.dirname(home);
    const dir = path.join(user, 'pod');
    fs.mkdirSync(dir);
    const { conf } = podman.prepare(user);
    podman.track(hubTag({ home: user, hub: { home } }));
    const abstract = `botster-pod-net-${process.pid}-${Date.now()}`;
    await listen(
      net.createServer((c) => c.end()),
      `\0${abstract}`,
    );
    const a = await listen(answering('ALLOWED'), [0, '127.0.0.2']);
    const b = await listen(answering('OTHER'), [0, '127.0.0.3']);
    const l = await listen(answering('MODEL'), [0, '127.0.0.1']);
    const m = await listen(answering('PRIVATE'), [0, '127.0.0.1']);
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'hooks.lua'),
      `sandbox.boxes.pod = { runner = "podman", image = "${IMAGE}", mount = ${luaMounts()}, read = "all", network = { allow = { "127.0.0.2", "127.0.0.1:${l}" } } }\n`,
    );
    const env = ptyEnv({
      HOME: user,
      SHELL: '/bin/sh',
      CONTAINERS_CONF: conf,
      ...Object.fromEntries(PROXY_VARS.map((k) => [k, undefined])),
    });
    const hub = run(['--home', home], 120, 40, { env, cwd: user });
    running.push(hub);
    await waitScreen(hub, / (NORMAL|INSERT) /);
    fs.writeFileSync(path.join(dir, 'probe.sh'), PROBES({ abstract, a, b, l, m }));
    const r = userCli(home, ['new', '--no-focus', '--cwd', dir, '--sandbox', 'pod', '--', 'sh']);
    expect(r.status, r.stderr).toBe(0);
    const out = path.join(dir, 'probe.out');
    await until('its prompt', () => /[#$] *$/m.test(userCli(home, ['read', '2']).stdout), 60000);
    userCli(home, ['send', '2', 'sh ./probe.sh > probe.out 2>&1', '--keys', 'enter']);
    await until('probed', () => fs.existsSync(out) && /END/.test(fs.readFileSync(out, 'utf8')), 90000);
    expect(probesOf(out)).toEqual({
      abstract: 'no',
      direct: 'no',
      allowed: 'ok',
      tunnel: 'ok',
      refused: 'no',
      'refused-tunnel': 'no',
      loopback: 'ok',
      'loopback-other': 'no',
    });
  });
});
