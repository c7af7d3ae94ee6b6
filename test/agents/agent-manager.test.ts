import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AgentManager } from '../../src/agents/agent-manager.js';
import type { Agent } from '../../src/agents/agent.js';
import { isAlive } from '../support/process-alive.js';
import { descendants, screenText, waitForScreen, waitUntil } from '../support/agents.js';

const managers: AgentManager[] = [];
function manager(env?: Record<string, string>): AgentManager {
  const m = new AgentManager({ env, defaultSize: { cols: 80, rows: 24 } });
  managers.push(m);
  return m;
}
// The agents' code loads apart from the manager (the hub's first frame does not wait for it).
beforeAll(() => manager().ready());
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.dispose()));
});

describe('AgentManager', () => {
  test('holdOthers: the output of an agent whose output flows waits (unread) until the typed-to agent echoes, then arrives whole', async () => {
    const m = manager();
    const typed = m.spawn({ command: 'cat' });
    const other = m.spawn({ command: `sh -c 'echo flowing; read x; echo "other says hello"; sleep 100'` });
    await waitForScreen(other, /flowing/); // it printed a moment ago: its output flows
    m.holdOthers(typed, 60_000);
    other.write('\n'); // it prints now, but its output is not read while held
    await new Promise((r) => setTimeout(r, 300));
    expect(screenText(other.terminal)).not.toContain('other says hello');
    typed.write('z'); // cat's echo lets the others go
    await waitForScreen(typed, /z/);
    await waitForScreen(other, /other says hello/);
  });

  test("holdOthers: the held agents go on only after the microtasks queued as the echo was parsed (the echo's frame goes first)", async () => {
    const m = manager();
    const typed = m.spawn({ command: 'cat' });
    const other = m.spawn({ command: 'yes flowing' });
    await waitForScreen(other, /flowing/);
    m.holdOthers(typed, 60_000);
    // Not a wait for a result: a held PTY's stream reads on until its buffer is full, and what it
    // holds is what would be handed out ahead of the echo's frame.
    await new Promise((r) => setTimeout(r, 300));
    const atEcho: number[] = [];
    m.onOutput((a) => {
      if (a !== typed || atEcho.length) return;
      const before = other.outputBytes;
      queueMicrotask(() => atEcho.push(before, other.outputBytes));
    });
    typed.write('z');
    await waitUntil(() => atEcho.length === 2, 'the echo');
    expect(atEcho[1]).toBe(atEcho[0]);
    await waitUntil(() => other.outputBytes > atEcho[0], 'the held agent going on');
  });

  test('holdOthers leaves a quiet agent alone (holding 100 quiet agents cost every key ~0.2 ms): what it prints arrives at once', async () => {
    const m = manager();
    const typed = m.spawn({ command: 'cat' });
    const other = m.spawn({ command: `sh -c 'echo once; read x; echo "quiet one speaks"; sleep 100'` });
    await waitForScreen(other, /once/);
    await new Promise((r) => setTimeout(r, 1200)); // quiet for over a second
    m.holdOthers(typed, 60_000);
    other.write('\n');
    await waitForScreen(other, /quiet one speaks/); // read and parsed though typed has not echoed
  });

  test('ids follow spawn order; names come from the command and are made unique', async () => {
    const m = manager();
    const a = m.spawn({ command: 'sleep 100' });
    const b = m.spawn({ command: 'sleep 100' });
    const c = m.spawn({ command: `python3 -c 'print(1)'` });
    const d = m.spawn({ command: '/bin/sleep', args: ['100'] });
    const e = m.spawn({ command: 'sleep 100', name: 'worker' });
    expect(m.list().map((x) => [x.id, x.name])).toEqual([
      ['1', 'sleep'],
      ['2', 'sleep-2'],
      ['3', 'python3'],
      ['4', 'sleep-3'],
      ['5', 'worker'],
    ]);
    expect(m.get('3')).toBe(c);
    expect(m.get('9')).toBeUndefined();
    expect(d.info.command).toBe('/bin/sleep 100');
    expect([a, b, e].every((x) => x.info.status === 'running')).toBe(true);
  });

  test('agents get the manager env, BOTSTER_AGENT_ID, TERM and COLORTERM', async () => {
    const m = manager({ BOTSTER_HOME: '/tmp/bh', TERM: 'dumb' });
    m.spawn({ command: 'true' });
    const a = m.spawn({
      command: `sh -c 'echo "id=$BOTSTER_AGENT_ID term=$TERM ct=$COLORTERM home=$BOTSTER_HOME mine=$MINE cwd=$(pwd)"'`,
      env: { MINE: 'yes' },
      cwd: '/tmp',
    });
    await a.exited;
    expect(screenText(a.terminal)).toContain(
      'id=2 term=xterm-256color ct=truecolor home=/tmp/bh mine=yes cwd=/tmp',
    );
    expect(a.info.cwd).toBe('/tmp');
  });

  test('events: added, change (status/exit, not per output chunk), output, removed', async () => {
    const m = manager();
    const log: string[] = [];
    let outputs = 0;
    m.onAdded((a) => log.push(`added:${a.id}`));
    m.onChange((a, info) => log.push(`change:${a.id}:${info.status}`));
    m.onOutput(() => outputs++);
    m.onRemoved((a) => log.push(`removed:${a.id}`));
    const a = m.spawn({ command: 'seq 1 3000' });
    await a.exited;
    expect(outputs).toBeGreaterThan(0);
    m.remove(a.id);
    m.remove(a.id); // unknown id: no-op
    expect(log).toEqual(['added:1', 'change:1:exited', 'removed:1']);
    expect(m.list()).toEqual([]);
  });

  test('spawn never throws: bad cwd, missing command, empty command', async () => {
    const m = manager();
    const bad = m.spawn({ command: 'sleep 1', cwd: '/no/such/dir' });
    const missing = m.spawn({ command: 'no-such-command-xyz' });
    const missingDirect = m.spawn({ command: 'no-such-command-xyz', args: ['a'] });
    const empty = m.spawn({ command: '' });
    // specs also come from Lua: wrong types must not throw either
    const junk = m.spawn({ command: 42, args: 'x', env: { N: 1 } } as unknown as { command: string });
    await Promise.all([bad.exited, missing.exited, missingDirect.exited, empty.exited, junk.exited]);
    expect(junk.info.error).toMatch(/empty command/);
    expect(bad.info).toMatchObject({ status: 'exited', pid: null });
    expect(bad.info.error).toMatch(/working directory/);
    expect(missing.info).toMatchObject({
      status: 'exited',
      exitCode: 127,
      error: 'command not found: no-such-command-xyz',
    });
    expect(missingDirect.info.error).toMatch(/command not found/);
    expect(empty.info.error).toMatch(/empty command/);
  });

  test('remove kills a running agent', async () => {
    const m = manager();
    const a = m.spawn({ command: 'sleep 100' });
    const pid = a.info.pid!;
    m.remove(a.id);
    await waitUntil(() => !isAlive(pid), 'removed agent to die', 5000);
  });

  test('dispose leaves no child alive, including ones that ignore SIGHUP or fork', async () => {
    const m = manager();
    const agents: Agent[] = [
      m.spawn({ command: 'sleep 100' }),
      m.spawn({ command: `sh -c 'trap "" HUP; echo ready; sleep 100'` }),
      m.spawn({ command: `sh -c 'sleep 100 & sleep 100 & echo ready; wait'` }),
      m.spawn({ command: 'bash --norc --noprofile -i' }),
      m.spawn({
        command: `python3 -c 'import signal, time; signal.signal(signal.SIGHUP, signal.SIG_IGN); print("ready", flush=True); time.sleep(100)'`,
      }),
    ];
    await Promise.all(
      agents
        .slice(1, 3)
        .concat(agents[4])
        .map((a) => waitForScreen(a, /ready/)),
    );
    // an interactive shell with a background job in its own process group
    agents[3].write('sleep 100 &\r');
    await waitForScreen(agents[3], /\[1\] \d+/);
    const pids = agents.map((a) => a.info.pid!);
    const all = [...pids, ...pids.flatMap((p) => descendants(p))];
    expect(all.length).toBeGreaterThanOrEqual(pids.length + 4); // the sleeps under sh, bash
    expect(all.every(isAlive)).toBe(true);

    const spawnedAfter: Agent[] = [];
    m.onAdded((a) => spawnedAfter.push(a));
    await m.dispose();
    expect(all.filter(isAlive)).toEqual([]);
    // the leaders were reaped by node-pty, so for them the plain ESRCH check holds
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(agents.every((a) => a.info.status === 'exited')).toBe(true);

    // idempotent, and a late spawn is refused without throwing
    await m.dispose();
    const late = m.spawn({ command: 'sleep 100' });
    expect(late.info).toMatchObject({ status: 'exited', pid: null });
    expect(late.info.error).toMatch(/shutting down/);
  });
});
