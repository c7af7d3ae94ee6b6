import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { readAgent } from '../../src/agents/agent-screen.js';

// The restart verb through the real CLI: the agent runs again in its place (the same number and
// name, a new process that printed afresh); an unknown agent is refused; an agent restarts what it
// started, not a sibling.

const fleet = fleetHubs();

describe('botster-tui restart AGENT', { timeout: 60_000 }, () => {
  it('starts it again with the same number and name, a new process', async () => {
    const { hub, cli } = await fleet([{ command: "sh -c 'echo pid-$$; exec cat'", name: 'r' }]);
    const before = await until('it runs', () => hub.agents.get('1')?.pid);
    await until('it printed', () => readAgent(hub.agents.get('1')!).join('\n').includes(`pid-${before}`));

    const r = await cli(['restart', 'r', '--json']);
    expect(r.stderr).toBe('');
    const answer = JSON.parse(r.stdout) as { ok: boolean; agent: { id: string; name: string; pid: number } };
    expect(answer).toMatchObject({ ok: true, agent: { id: '1', name: 'r' } });
    expect(answer.agent.pid).not.toBe(before);
    const now = hub.agents.get('1')!;
    expect(now.pid).toBe(answer.agent.pid);
    expect(now.isExited).toBe(false);
    await until('the new process printed', () =>
      readAgent(now).join('\n').includes(`pid-${answer.agent.pid}`),
    );

    const none = await cli(['restart', 'nobody']);
    expect(none.status).toBe(6);
    expect(none.stderr).toMatch(/nobody/);
  });

  it('an agent restarts the agent it started, not a sibling', async () => {
    const { hub, home } = await fleet([{ command: 'cat', name: 'sib' }], {}, { collaborativeWaitMs: 300 });
    const sibPid = await until('sib runs', () => hub.agents.get('1')?.pid);
    const s = script(home, 'restarter', [
      'botster-tui new --name kid --no-focus -- cat',
      'botster-tui restart kid',
      'botster-tui restart sib',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'restarter' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=0', 'rc=1']);
    expect(said).toMatch(/may not restart agent sib \(id:1\): it did not start it/);
    expect(hub.agents.get('1')!.pid).toBe(sibPid);
  });
});
