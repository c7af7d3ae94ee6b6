import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { controlHandler } from '../../src/server/control.js';
import { startHub, tempHome } from '../support/hub.js';
import { killKeepers, killServer } from '../support/cli-pty.js';
import { hasPodman } from '../support/podman.js';
import { until } from '../support/wait.js';
import { BIN_DIR, FIXTURES, childEnv } from '../support/remote.js';
import { luaList, usePod, useSshd } from '../support/engines.js';

// Machines reached through real engines (issue 98): a real sshd on loopback and a podman container
// reached with `podman exec`. One hub lists the agents of both, starts, types into and reads them,
// sees their states; a container killed and started again, and an sshd stopped and started again,
// come back in the list by themselves, the container's agents started again by its new hub.
// `kubectl exec -i POD --` has the same shape: a stand-in kubectl over a container shows it.

const sshd = useSshd();
const pod = usePod();
let hub: Hub | null = null;
const remoteHomes: string[] = [];
afterEach(async () => {
  try {
    await hub?.dispose();
  } finally {
    hub = null;
    // (its keepers too: sshd stopped took the hub server there with it, a new one adopted them)
    for (const h of remoteHomes.splice(0)) {
      killServer(h, childEnv());
      killKeepers(h);
    }
  }
});

const ask = (h: Hub, req: Record<string, unknown> & { op: string }) =>
  controlHandler(h.control)(req, { signal: new AbortController().signal }) as Promise<
    Record<string, unknown>
  >;

describe.skipIf(!hasPodman)('machines through real engines', () => {
  it('one hub drives agents on a machine over real sshd and one through podman exec; each comes back by itself after it went away', async (ctx) => {
    const s = await sshd();
    if ('skip' in s) return ctx.skip(s.skip);
    const p = pod();
    const there = path.join(tempHome(), 'ssh home');
    remoteHomes.push(there);
    hub = await startHub({
      home: tempHome({
        'user/machines.lua': [
          `machines.define("ssh", { exec = ${luaList(s.ssh)}, home = ${JSON.stringify(there)}, command = ${JSON.stringify(s.command)} })`,
          `machines.define("pod", { exec = ${luaList(p.exec)}, env = { CONTAINERS_CONF = ${JSON.stringify(p.env.CONTAINERS_CONF)} }, command = ${JSON.stringify(path.join(BIN_DIR, 'botster-tui'))} })`,
          '',
        ].join('\n'),
      }),
      agents: [{ command: 'cat', name: 'here' }],
    });
    const h = hub;
    const state = (m: string) => h.machines.list().find((x) => x.name === m)?.state;
    await until('both connected', () => state('ssh') === 'connected' && state('pod') === 'connected', 45000);
    expect(h.machines.list().map((m) => [m.name, m.engine])).toEqual([
      ['ssh', 'ssh'],
      ['pod', 'podman'],
    ]);

    // An agent on each: started there, listed here, typed into, read, its states seen here.
    const echoer = 'echo ready; read x; echo "got $x"; read y; echo "bye $y"';
    for (const m of ['ssh', 'pod']) {
      const made = await ask(h, { op: 'new', machine: m, command: echoer, name: `e-${m}`, focus: false });
      expect(made.agent).toMatchObject({ name: `e-${m}` });
      await ask(h, { op: 'wait', agent: `e-${m}`, until: 'output:^ready$', timeout_ms: 20000 });
      await ask(h, { op: 'send', agent: `e-${m}`, text: `over ${m}`, keys: 'enter' });
      await ask(h, { op: 'wait', agent: `e-${m}`, until: `output:^got over ${m}$`, timeout_ms: 20000 });
      const read = await ask(h, { op: 'read', agent: `e-${m}` });
      expect((read.lines as string[]).filter(Boolean)).toEqual(['ready', `over ${m}`, `got over ${m}`]);
      const agent = h.agents.list().find((a) => a.info.name === `e-${m}`)!;
      expect(agent.machine).toBe(m);
      // (a script waiting for its input is at work: it has not exited)
      expect(h.state.agentStates[agent.id]?.state).toBe('running');
    }
    // Each hub runs where its machine is: in the container (its own home there), and over ssh.
    expect(p.sh('ls /home/agent/.botster/hub.sock').trim()).toBe('/home/agent/.botster/hub.sock');
    expect(fs.existsSync(path.join(there, 'hub.sock'))).toBe(true);

    // The container is killed: its agents stay listed (their last states), it says why, once.
    p.kill();
    await until('pod unreachable', () => state('pod') === 'unreachable', 20000);
    expect(h.agents.list().some((a) => a.info.name === 'e-pod')).toBe(true);
    // Started again: the link comes back by itself, the new hub there brings its agents back.
    p.start();
    await until('pod connected again', () => state('pod') === 'connected', 45000);
    await ask(h, { op: 'wait', agent: 'e-pod', until: 'output:^ready$', timeout_ms: 30000 });
    await ask(h, { op: 'send', agent: 'e-pod', text: 'again', keys: 'enter' });
    await ask(h, { op: 'wait', agent: 'e-pod', until: 'output:^got again$', timeout_ms: 20000 });
    const log = fs.readFileSync(h.log.path, 'utf8');
    expect(log.match(/machine pod: unreachable/g)).toHaveLength(1);
    expect(log).toContain('machine pod: connected again');

    // sshd goes away with its connections, and comes back on the same port: the hub there ran on.
    s.stop();
    await until('ssh unreachable', () => state('ssh') === 'unreachable', 20000);
    // (the connection was lost; tried again, ssh says why)
    await until(
      "ssh's own words",
      () => /^cannot reach ssh over ssh: .*Connection refused/.test(h.machines.list()[0].error ?? ''),
      20000,
    );
    expect(await s.start()).toBeUndefined();
    await until('ssh connected again', () => state('ssh') === 'connected', 45000);
    await ask(h, { op: 'send', agent: 'e-ssh', text: 'after', keys: 'enter' });
    await ask(h, { op: 'wait', agent: 'e-ssh', until: 'output:^bye after$', timeout_ms: 20000 });
    const eSsh = h.agents.list().find((a) => a.info.name === 'e-ssh')!;
    await until('exited there, exited here', () => h.state.agentStates[eSsh.id]?.state === 'exited', 20000);
    expect(eSsh.info.exitCode).toBe(0);
  }, 150_000);

  it('kubectl exec has the same shape: its stand-in, over a container, reaches a hub there', async () => {
    const p = pod();
    // (no cluster here: a stand-in named kubectl that runs what follows `--` with podman exec)
    const bin = fs.mkdtempSync(path.join(tempHome(), 'kubectl-'));
    fs.copyFileSync(path.join(FIXTURES, 'kubectl-podman'), path.join(bin, 'kubectl'));
    fs.chmodSync(path.join(bin, 'kubectl'), 0o755);
    hub = await startHub({
      home: tempHome({
        'user/machines.lua': `machines.define("k8s", { exec = ${luaList([path.join(bin, 'kubectl'), 'exec', '-i', p.name, '-c', 'work', '--'])}, env = { CONTAINERS_CONF = ${JSON.stringify(p.env.CONTAINERS_CONF)} }, command = ${JSON.stringify(path.join(BIN_DIR, 'botster-tui'))} })\n`,
      }),
      agents: [],
    });
    const h = hub;
    await until('k8s connected', () => h.machines.list()[0]?.state === 'connected', 45000);
    expect(h.machines.list()[0]).toMatchObject({
      engine: 'kubectl',
      via: expect.stringMatching(/kubectl exec -i \S+ -c work --$/),
    });
    await ask(h, {
      op: 'new',
      machine: 'k8s',
      command: 'echo "in a pod"; exec cat',
      name: 'k',
      focus: false,
    });
    await ask(h, { op: 'wait', agent: 'k', until: 'output:^in a pod$', timeout_ms: 20000 });
    expect(p.sh('ls /home/agent/.botster/hub.sock').trim()).toBe('/home/agent/.botster/hub.sock');
  }, 60_000);
});
