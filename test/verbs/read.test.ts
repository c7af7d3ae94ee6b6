import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { readAgent } from '../../src/agents/agent-screen.js';

// The read verb through the real CLI: what the agent shows, as the hub holds it (its screen, the
// last N lines); an agent reads what it started, not a sibling it was not let drive.

const fleet = fleetHubs();

describe('botster-tui read AGENT', { timeout: 60_000 }, () => {
  it("answers the agent's screen, its size and the last N lines; an unknown agent is refused", async () => {
    const { hub, cli } = await fleet([
      { command: "sh -c 'echo line-one; echo line-two; exec cat'", name: 'r' },
    ]);
    const agent = await until('the agent printed', () => {
      const a = hub.agents.get('1');
      return a && readAgent(a).join('\n').includes('line-two') && a;
    });
    const r = await cli(['read', 'r', '--json']);
    expect(r.stderr).toBe('');
    const answer = JSON.parse(r.stdout) as {
      ok: boolean;
      agent: unknown;
      lines: string[];
      cols: number;
      rows: number;
    };
    expect(answer).toMatchObject({ ok: true, agent: { id: '1', name: 'r' } });
    expect(answer.lines).toEqual(readAgent(agent));
    expect(answer.lines.slice(0, 2)).toEqual(['line-one', 'line-two']);
    expect([answer.cols, answer.rows]).toEqual([agent.terminal.cols, agent.terminal.rows]);

    const last = JSON.parse((await cli(['read', 'r', '--lines', '1', '--json'])).stdout) as {
      lines: string[];
    };
    expect(last.lines).toEqual(readAgent(agent, { lines: 1 }));
    expect(last.lines).toHaveLength(1);

    const none = await cli(['read', 'nobody']);
    expect(none.status).toBe(6);
    expect(none.stderr).toMatch(/nobody/);
  });

  it('an agent reads the agent it started, not a sibling', async () => {
    const { hub, home } = await fleet([{ command: 'cat', name: 'sib' }], {}, { collaborativeWaitMs: 300 });
    const s = script(home, 'reader', [
      "botster-tui new --name kid --no-focus -- sh -c 'echo kid-says-hi; exec cat'",
      'botster-tui wait kid --until output:kid-says-hi',
      'botster-tui read kid',
      'botster-tui read sib',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'reader' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=0', 'rc=0', 'rc=1']);
    expect(said).toMatch(/^kid-says-hi$/m);
    expect(said).toMatch(/may not read agent sib \(id:1\): it did not start it/);
  });
});
