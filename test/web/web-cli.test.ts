import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { controlHandler } from '../../src/server/control.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { WebControl } from '../../src/server/web-control.js';
import { WebReveal, registerWebAnswer, webQuestionIntent } from '../../src/server/web-reveal.js';
import type { Hub } from '../../src/app/hub.js';
import { useHub } from '../support/use-hub.js';
import { exec } from '../support/fleet.js';
import { BIN } from '../support/cli-pty.js';
import { tempHome, until } from '../support/hub.js';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import fs from 'node:fs';
import https from 'node:https';
import type tls from 'node:tls';

// `botster-tui web` as typed in an agent: the real CLI against a hub's socket. It never prints the
// address's token; the hub's own window shows it, once the user answered its question there (a
// question behind the badge: it never takes keys typed for an agent).

const hubs = useHub();
const closing: Array<{ close(): Promise<void> } | { dispose(): Promise<void> }> = [];
const homes: string[] = [];
afterEach(async () => {
  for (const c of closing.splice(0)) await ('close' in c ? c.close() : c.dispose());
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});
const home = () => {
  const h = tempHome({});
  homes.push(h);
  return h;
};

/** A hub whose control socket answers the web op, as a hub server's does. */
async function webSocketHub(
  agents: Array<{ command: string; name?: string }>,
  files: (dir: string) => Record<string, string> = () => ({}),
) {
  const dir = home();
  for (const [rel, text] of Object.entries(files(dir))) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text, { mode: 0o755 });
  }
  const socket = path.join(dir, 'hub.sock');
  const bin = installAgentBin(dir);
  const hub = await hubs.real({
    home: dir,
    agents,
    env: { BOTSTER_SOCKET: socket, PATH: `${bin}:${process.env.PATH}` },
  });
  const drawn: string[] = [];
  const reveal = new WebReveal({
    served: () => ({ id: 'c1', cols: 100, rows: 40 }),
    write: (data) => void drawn.push(data),
    redraw: () => {},
    ask: (q) => hub.dispatch(webQuestionIntent(q)),
    notify: (text, level) => hub.notify(text, level),
  });
  registerWebAnswer(hub.commands, reveal);
  const web = new WebControl(
    { control: hub.control, lua: hub.lua, apply: (r, s) => hub.runner.applyRequests(r, s) },
    reveal,
  );
  const server = new ControlServer({
    path: socket,
    handler: controlHandler(hub.control, { web: (r, ctx) => web.op(r, ctx) }),
  });
  await server.listen();
  closing.push(server, web);
  return { hub, socket, web, reveal, drawn, env: { BOTSTER_HOME: dir, BOTSTER_SOCKET: socket } };
}

/** The titles of the questions waiting behind the badge. */
const asked = (hub: Hub) => hub.state.questions.filter((q) => !q.script).map((q) => q.overlay.title);

/** The user opens the oldest question (Ctrl+g o) and chooses `pick` in it (Down..., Enter). */
function answer(hub: Hub, pick: string): void {
  hub.dispatch({ type: 'question_open' });
  const o = hub.state.client.overlay;
  if (o?.kind !== 'palette') throw new Error('no question opened');
  const i = o.items.findIndex((it) => it.id === pick);
  if (i < 0) throw new Error(`no choice ${pick} in ${o.title}`);
  hub.dispatch({ type: 'palette_move', delta: i });
  hub.dispatch({ type: 'palette_submit' });
}

/**
 * A plugin granted `run` of one program, `bin-plugin/botster-tui`: a script that waits for the
 * hub's socket, runs `lines` (each with the hub's home and socket), then writes `done` to out.txt.
 * Its init.lua runs it once the hub is up.
 */
function runnerPlugin(dir: string, lines: (cli: string) => string): Record<string, string> {
  const cli = path.join(dir, 'bin-plugin', 'botster-tui');
  const env = `BOTSTER_HOME=${dir} BOTSTER_SOCKET=${path.join(dir, 'hub.sock')} ${process.execPath} ${BIN}`;
  return {
    // (it waits for the hub's socket: the test's hub listens after its plugins load)
    'bin-plugin/botster-tui':
      `#!/bin/sh\nn=0; while [ ! -S ${path.join(dir, 'hub.sock')} ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n+1)); done\n` +
      `${lines(env)}\necho done >> ${path.join(dir, 'out.txt')}\n`,
    'plugins/lock.json': JSON.stringify({
      plugins: {
        runner: {
          kind: 'folder',
          source: '/runner',
          version: '1.0.0',
          wants: ['run'],
          granted: ['run'],
          enabled: true,
        },
      },
    }),
    'plugins/runner/plugin.json': JSON.stringify({
      name: 'runner',
      version: '1.0.0',
      capabilities: ['run'],
      commands: [cli],
    }),
    // (after the hub is up: the socket answers by then)
    'plugins/runner/init.lua': `timer.after(500, function() process.run({ cmd = ${JSON.stringify(cli)}, timeout = 60000 }, function() end) end)\n`,
  };
}

describe('botster-tui web', () => {
  it('an agent may ask for the web but not list, end or stop your sessions (the kernel says who asks)', async () => {
    const out = path.join(home(), 'out.txt');
    const w = await webSocketHub([
      {
        command: `sh -c 'read x; for a in sessions "revoke all" stop; do botster-tui web $a >> ${out} 2>&1; done; botster-tui web >> ${out} 2>&1; echo asked >> ${out}; read y; botster-tui web >> ${out} 2>&1; echo done >> ${out}; exec cat'`,
        name: 'helper',
      },
    ]);
    const said = () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '');
    w.hub.agents.get('1')!.write('\r');
    await until('the agent ran them', () => said().includes('asked'), 20000);
    expect(said().match(/only you, not an agent, may do that/g)).toHaveLength(3);
    // Nothing listens: the hub asks you first, naming the agent.
    expect(said()).toMatch(
      /web: not listening yet; the hub asks, in its own window, whether to start the web/,
    );
    expect(w.web.tokenUrl()).toBeNull();
    // A question behind the badge, naming the agent and where the web would listen: nothing drawn
    // over the agent, and a key typed goes where it went (the hub's keys, not the question).
    await until('the question waits', () => asked(w.hub).length === 1, 20000);
    expect(asked(w.hub)[0]).toMatch(/^Agent helper \(id 1\) asks to start the web$/);
    expect(JSON.stringify(w.hub.state.questions[0]!.overlay.text)).toMatch(
      /the hub would listen on 127\.0\.0\.1 \(a free port\)/i,
    );
    expect(w.drawn).toEqual([]);
    expect(w.reveal.input('c1', Buffer.from('Y'))).toBe(false);
    // Not now: still nothing listens.
    answer(w.hub, 'not now');
    expect(asked(w.hub)).toEqual([]);
    expect(w.web.tokenUrl()).toBeNull();
    // Asked again, and started from the question: it listens, and the address shows there only.
    w.hub.agents.get('1')!.write('\r');
    await until('the agent asked again', () => said().includes('done'), 20000);
    expect(w.web.tokenUrl()).toBeNull();
    await until('asked again', () => asked(w.hub).length === 1, 20000);
    answer(w.hub, 'start');
    await until(
      'the address shows',
      () => /http:\/\/127\.0\.0\.1:\d+\/login\?token=/.test(w.drawn.join('')),
      20000,
    );
    expect(w.web.tokenUrl()).not.toBeNull();
    // Any key closes it, and the next goes to the hub again.
    expect(w.reveal.input('c1', Buffer.from('x'))).toBe(true);
    expect(w.reveal.input('c1', Buffer.from('x'))).toBe(false);
    // (nothing of the hub's state, which an agent may read, holds the token)
    expect(JSON.stringify(w.hub.state)).not.toMatch(/token=/);
    expect(said()).not.toMatch(/token/i);
  });

  it('an agent a plugin started (granted spawn), and one that agent started, cannot start the web, list or end sessions', async () => {
    let out = '';
    const w = await webSocketHub([{ command: 'cat' }], (dir) => {
      out = path.join(dir, 'out.txt');
      const sock = path.join(dir, 'hub.sock');
      const web = (tag: string) =>
        `for a in "" sessions "revoke all" stop; do botster-tui web $a >> ${out} 2>&1; done; echo ${tag} >> ${out}`;
      // Its agent asks for the web each way, then starts an agent that asks again.
      const script =
        `n=0; while [ ! -S ${sock} ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n+1)); done; ${web('child-done')}; ` +
        `botster-tui new --name grandchild --no-focus -- "${web('grandchild-done').replace(/"/g, '\\"')}; exec cat"; exec cat`;
      fs.mkdirSync(path.join(dir, 'plugins', 'spawner'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'spawner.sh'), script);
      return {
        'plugins/lock.json': JSON.stringify({
          plugins: {
            spawner: {
              kind: 'folder',
              source: '/spawner',
              version: '1.0.0',
              wants: ['spawn'],
              granted: ['spawn'],
              enabled: true,
            },
          },
        }),
        'plugins/spawner/plugin.json': JSON.stringify({
          name: 'spawner',
          version: '1.0.0',
          capabilities: ['spawn'],
        }),
        'plugins/spawner/init.lua': `timer.after(300, function(app) app:spawn({ command = "sh ${path.join(dir, 'spawner.sh')}", name = "child" }) end)\n`,
      };
    });
    const said = () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '');
    await until(
      'both agents asked',
      () => said().includes('child-done') && said().includes('grandchild-done'),
      40000,
    );
    const refused = said().match(
      /web [a-z]+: refused: agent \d+ was started by plugin spawner \(or by an agent it started\); only you may start the web/g,
    );
    expect(refused, said()).toHaveLength(8);
    expect(w.hub.agents.list().map((a) => a.info.name)).toEqual(
      expect.arrayContaining(['child', 'grandchild']),
    );
    // Nothing listens, and the hub asked nothing.
    expect(w.web.tokenUrl()).toBeNull();
    expect(w.drawn.join('')).toBe('');
  }, 60_000);

  it('a program a plugin runs (granted run of botster-tui) cannot start the web, list or end sessions', async () => {
    let out = '';
    const w = await webSocketHub([{ command: 'cat' }], (dir) => {
      out = path.join(dir, 'out.txt');
      // The plugin's one program: botster-tui web, each way, against this hub.
      return runnerPlugin(
        dir,
        (cli) => `for a in "" sessions "revoke all" stop; do ${cli} web $a >> ${out} 2>&1; done`,
      );
    });
    await until(
      'the plugin ran it',
      () => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('done'),
      30000,
    );
    const said = fs.readFileSync(out, 'utf8');
    expect(said.match(/refused: plugin runner ran this; only you may start the web/g), said).toHaveLength(4);
    expect(w.web.tokenUrl()).toBeNull();
  }, 60_000);

  it("an agent a plugin's program starts (botster-tui new in its process.run) is the plugin's: no web for it", async () => {
    let out = '';
    const w = await webSocketHub([{ command: 'cat' }], (dir) => {
      out = path.join(dir, 'out.txt');
      return runnerPlugin(dir, (cli) => `${cli} new --name byplugin --no-focus -- cat >> ${out} 2>&1`);
    });
    await until(
      'the plugin ran it',
      () => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('done'),
      30000,
    );
    expect(fs.readFileSync(out, 'utf8')).toMatch(/id:\d+/);
    const started = w.hub.agents.list().find((a) => a.info.name === 'byplugin');
    expect(started).toBeDefined();
    expect(w.hub.drive.luaAncestry(started!.id)).toBe('plugin runner');
  }, 60_000);

  it('prints where it listens, never the token; the token shows only at the hub terminal once its question is answered', async () => {
    const { hub, reveal, drawn, env } = await webSocketHub([{ command: 'cat' }]);
    const run = await exec(process.execPath, [BIN, 'web'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+; the hub asks, in its own window/);
    expect(run.stdout + run.stderr).not.toMatch(/token/i);
    // A question behind the badge: keys typed meanwhile are not its answer.
    expect(asked(hub)).toEqual(["Show the web's one-time address?"]);
    expect(reveal.input('c1', Buffer.from('Y'))).toBe(false);
    expect(drawn.join('')).not.toMatch(/token=/);
    answer(hub, 'not now');
    expect(drawn.join('')).not.toMatch(/token=/);
    // A script (the user's, or an agent's) running the answer is refused: only keys answer it.
    await exec(process.execPath, [BIN, 'web'], env);
    const q = hub.state.questions.find((x) => !x.script)!;
    const value = q.overlay.items.find((it) => it.id === 'show it here')!.value!;
    await hub.runner.runCommand('web.answer', value, 'test', 0, undefined, undefined, 'script');
    expect(drawn.join('')).not.toMatch(/token=/);
    answer(hub, 'show it here');
    await until('the address shows', () => /token=/.test(drawn.join('')), 20000);
    expect(drawn.join('')).toMatch(/http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/);
    const sessions = await exec(process.execPath, [BIN, 'web', 'sessions'], env);
    expect(sessions.stdout).toMatch(/no sessions/);
    expect((await exec(process.execPath, [BIN, 'web', 'revoke', 'nobody'], env)).status).toBe(2);
    expect((await exec(process.execPath, [BIN, 'web', 'stop'], env)).stdout).toMatch(/web: stopped/);
  });

  it("--listen without --cert serves HTTPS with the home's own certificate: the fingerprint printed is the one served, the next start reuses it, the key is 0600", async () => {
    const { env, hub, drawn } = await webSocketHub([{ command: 'cat' }]);
    const start = async () => {
      const run = await exec(process.execPath, [BIN, 'web', '--listen', '127.0.0.1'], env);
      expect(run.status, run.stderr).toBe(0);
      const m = /listening on (https:\/\/127\.0\.0\.1:\d+) \(certificate SHA-256 ([0-9A-F:]{95})\)/.exec(
        run.stdout,
      );
      expect(m, run.stdout).not.toBeNull();
      return { base: m![1]!, printed: m![2]! };
    };
    const first = await start();
    const served = await new Promise<{ status: number; fingerprint: string }>((resolve, reject) => {
      const req = https.get(`${first.base}/`, { rejectUnauthorized: false }, (res) => {
        const cert = (res.socket as tls.TLSSocket).getPeerCertificate();
        res.resume();
        resolve({ status: res.statusCode ?? 0, fingerprint: cert.fingerprint256 });
      });
      req.on('error', reject);
    });
    // HTTPS, and still nothing without a session.
    expect(served.status).toBe(401);
    expect(served.fingerprint).toBe(first.printed);
    // The hub's own window says it too, beside the address (and in its question).
    expect(JSON.stringify(hub.state.questions.at(-1)!.overlay.text)).toContain(first.printed.slice(48));
    answer(hub, 'show it here');
    await until('the address shows', () => /token=/.test(drawn.join('')), 20000);
    const shown = drawn.join('');
    expect(shown).toContain(first.printed.slice(0, 47));
    expect(shown).toContain(first.printed.slice(48));
    expect(shown).toMatch(/https:\/\/127\.0\.0\.1:\d+\/login\?token=/);
    const key = path.join(hub.opts.home, 'web', 'key.pem');
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    // Stopped and started again: the same certificate (the fingerprint checked on the phone holds).
    expect((await exec(process.execPath, [BIN, 'web', 'stop'], env)).status).toBe(0);
    const second = await start();
    expect(second.printed).toBe(first.printed);
  });
});
