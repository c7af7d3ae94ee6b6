import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { BIN, lsJson, run, waitScreen, stoppedAfterEach } from '../support/cli-pty.js';
import { PROTOCOL } from '../../src/wire/protocol.js';

// The attach door asks the kernel who knocks: a raw attach client started by an agent (no
// terminal, its environment cleaned) is refused, and nothing it sends reaches the hub; the same
// client started by the user (this test's process) attaches. Real hub server, real agents.

const { running, homes } = stoppedAfterEach();

/** A raw attach client: HELLO, then keys typed into the focused agent; what the server answered, to `out`. */
const CLIENT = `
import net from 'node:net';
import fs from 'node:fs';
const [sockPath, home, version, out] = process.argv.slice(2);
const msg = (type, payload) => {
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const head = Buffer.alloc(5);
  head.writeUInt32BE(body.length + 1, 0);
  head[4] = type;
  return Buffer.concat([head, body]);
};
const sock = net.createConnection(sockPath);
let got = Buffer.alloc(0);
const said = [];
sock.on('data', (d) => {
  got = Buffer.concat([got, d]);
  while (got.length >= 5 && got.length >= 4 + got.readUInt32BE(0)) {
    const len = got.readUInt32BE(0);
    const type = got[4];
    const payload = got.subarray(5, 4 + len).toString();
    got = got.subarray(4 + len);
    if (type !== 64) said.push(type + ' ' + payload);
  }
});
sock.on('error', (e) => said.push('error ' + e.message));
sock.on('close', () => fs.writeFileSync(out, said.join('\\n') + '\\nclosed\\n'));
sock.write(msg(1, { protocol: ${PROTOCOL}, version, home, cols: 80, rows: 24 }));
setTimeout(() => sock.write(msg(2, 'echo PWNED-$((6*7))\\r')), 300);
setTimeout(() => sock.end(), 1500);
`;

const ls = (h: string) => lsJson<{ version: string; clients: number }>(h);

const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');

describe('the attach door asks the kernel who knocks', () => {
  it("an agent's own raw attach client is refused and types nothing; the user's attaches", async () => {
    const h = realHome('spaces');
    homes.push(h);
    const dir = path.dirname(h);
    const client = path.join(dir, 'client.mjs');
    fs.writeFileSync(client, CLIENT);
    const go = path.join(dir, 'go');
    const fromAgent = path.join(dir, 'from-agent.out');
    const lsOut = path.join(dir, 'ls.json');
    const version = JSON.parse(fs.readFileSync(path.resolve(BIN, '../../package.json'), 'utf8'))
      .version as string;
    const sock = path.join(h, 'hub.sock');
    // The attacker waits for `go`, then runs the client with its environment cleaned of the hub's words.
    const attacker =
      `sh -c 'until [ -e "${go}" ]; do sleep 0.1; done; ` +
      `env -u BOTSTER_AGENT_ID -u BOTSTER_SOCKET "${process.execPath}" "${client}" "${sock}" "${h}" ${version} "${fromAgent}"; ` +
      // The same, after leaving the agent's tree and session (its keeper is its subreaper).
      `setsid -f env -u BOTSTER_AGENT_ID -u BOTSTER_SOCKET "${process.execPath}" "${client}" "${sock}" "${h}" ${version} "${fromAgent}.setsid"; ` +
      `until [ -e "${go}2" ]; do sleep 0.1; done; botster-tui ls --json > "${lsOut}.tmp"; mv "${lsOut}.tmp" "${lsOut}"; exec cat'`;
    const a = run(['--home', h, '--agent', 'sh', '--agent', attacker], 100, 30);
    running.push(a);
    await waitScreen(a, /Botster Hub\s+100x30[\s\S]*INSERT/);
    expect(ls(h).version).toBe(version);
    fs.writeFileSync(go, '');
    const said = await until(
      'the agent client is answered',
      () => read(fromAgent).includes('closed') && read(fromAgent),
      20000,
    );
    expect(said).toMatch(/runs inside agent 2 of this hub \(the kernel says so\): an agent cannot attach/);
    expect(said).not.toMatch(/^65 /m); // no WELCOME
    const detached = await until(
      'the detached client is answered',
      () => read(`${fromAgent}.setsid`).includes('closed') && read(`${fromAgent}.setsid`),
      20000,
    );
    expect(detached).toMatch(/runs inside agent 2 of this hub \(the kernel says so\)/);
    // The user's shell (agent 1, focused) never got the keys.
    a.pty.write('echo DONE-$((2*3))\r');
    await waitScreen(a, /DONE-6/);
    expect(a.output()).not.toContain('PWNED-42');

    // The same client from the user's own process attaches and types into the focused agent.
    const fromUser = path.join(dir, 'from-user.out');
    const r = spawnSync(process.execPath, [client, sock, h, version, fromUser], {
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(r.status).toBe(0);
    expect(read(fromUser)).toMatch(/^65 /m);
    await waitScreen(a, /PWNED-42/);

    // ls from the agent lists your shell without what it printed (its title), as `agents` does.
    a.pty.write("printf '\\033]0;TITLE-%s\\007' SECRET\r");
    await until('the title', () => JSON.stringify(ls(h)).includes('TITLE-SECRET'), 10000);
    fs.writeFileSync(`${go}2`, '');
    const listed = JSON.parse(await until('ls from the agent', () => read(lsOut), 20000)) as {
      agents: Array<{ name: string; title: unknown; withheld?: string }>;
    };
    expect(listed.agents.find((x) => x.name === 'sh')).toMatchObject({ title: null });
    expect(JSON.stringify(listed)).not.toContain('TITLE-SECRET');
  }, 60000);
});
