import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';

// The wait verb through the real CLI: it answers when the agent's screen matches (not before),
// says an exited agent never gets there, refuses a state that is none; an agent's own process may
// wait for a sibling's state but not read its screen (output:) unless it started it.

const fleet = fleetHubs();

describe('botster-tui wait AGENT --until', { timeout: 60_000 }, () => {
  it('answers when the screen matches; an unknown state and an exited agent are refused', async () => {
    const { hub, cli } = await fleet([
      { command: "sh -c 'read x; echo got-$x; exec cat'", name: 'w' },
      { command: 'true', name: 'gone' },
    ]);
    const waiting = cli(['wait', 'w', '--until', 'output:got-\\w+', '--json']);
    let answered = false;
    void waiting.then(() => (answered = true));
    // Nothing matches yet: the wait holds until the agent prints.
    await until('the agent runs', () => hub.agents.get('1')?.pid);
    expect(answered).toBe(false);
    hub.agents.get('1')!.write('hello\r');
    const r = await waiting;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(answer).toMatchObject({ ok: true, agent: { id: '1', name: 'w' }, match: 'got-hello' });
    expect(typeof answer.waited_ms).toBe('number');

    const bad = await cli(['wait', 'w', '--until', 'sleepy']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown state "sleepy"/);

    await until('gone exited', () => hub.agents.get('2')?.isExited);
    const gone = await cli(['wait', 'gone', '--until', 'idle', '--json']);
    expect(gone.status).toBe(8);
    expect(JSON.parse(gone.stdout)).toMatchObject({ ok: false, reason: 'exited', state: 'exited' });
  });

  it("an agent waits for a sibling's state, not for its screen", async () => {
    const { hub, home } = await fleet([{ command: 'cat', name: 'sib' }], {}, { collaborativeWaitMs: 300 });
    const s = script(home, 'waiter', [
      'botster-tui wait sib --until running,idle,waiting,done --json',
      'botster-tui wait sib --until output:x',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'waiter' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=1']);
    expect(said).toMatch(/"agent":\{"id":"1","name":"sib"\}/);
    expect(said).toMatch(/may not read agent sib \(id:1\): it did not start it/);
  });
});
