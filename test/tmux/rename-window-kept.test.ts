import { describe, expect, it } from 'vitest';
import { lsJson, ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';

// Issue 80, item 10, as a newcomer met it: `tmux rename-window myteam` typed in a shell agent of a
// real hub (its tmux surface on the agent's PATH) names the window, and the agent keeps its name
// in the list and `agents --json`; through a kill -9 of the server the window keeps its name too
// (its keeper holds it), and `#W` still answers it from inside the agent.

const { running, dotHome } = stoppedAfterEach();

type Row = { id: string; name: string; window?: string };
const agentsOf = (home: string) => JSON.parse(userCli(home, ['agents', '--json']).stdout) as Row[];

describe('tmux rename-window from a shell agent, kept through a kill -9', () => {
  it('names the window, not the agent; the next server knows the name', async () => {
    const home = dotHome();
    const env = ptyEnv({ SHELL: '/bin/sh', PS1: '$ ' });
    const first = run(['--home', home, '--agent', 'sh'], 120, 30, { env });
    running.push(first);
    await waitScreen(first, /Agents: 1/);
    expect(
      userCli(home, ['send', '1', 'tmux rename-window myteam; echo rc=$?', '--keys', 'enter']).status,
    ).toBe(0);
    await waitScreen(first, /rc=0/, 20000);
    await until('the window named', () => agentsOf(home)[0]?.window === 'myteam', 10000);
    const listed = await waitScreen(first, /1 sh\b/);
    expect(listed).not.toMatch(/1 myteam/);
    expect(agentsOf(home).map((a) => a.name)).toEqual(['sh']);

    const server = lsJson<{ pid: number }>(home).pid;
    // (the keeper has its record once the hub has told it: the name came a moment ago)
    await new Promise((r) => setTimeout(r, 500));
    process.kill(server, 'SIGKILL');
    expect(await waitDead([server])).toEqual([]);
    first.pty.kill();
    const second = run(['--home', home], 120, 30, { env });
    running.push(second);
    await waitScreen(second, /Agents: 1/, 20000);
    expect(agentsOf(home)).toMatchObject([{ name: 'sh', window: 'myteam' }]);
    expect(userCli(home, ['send', '1', "tmux display -p 'W=#W'", '--keys', 'enter']).status).toBe(0);
    await waitScreen(second, /W=myteam/, 20000);
  }, 90000);
});
