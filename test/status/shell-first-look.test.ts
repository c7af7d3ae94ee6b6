import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { FakeClock } from '../support/fake-clock.js';
import { until } from '../support/wait.js';

// Issue 80: a new shell's first row said `running` while its prompt showed, until the screen had
// settled (0.3 s later, more on a loaded machine). A real bash in a real PTY, the hub on a clock
// the test moves: with the clock moved well short of a settle after the prompt shows, the shell
// is already idle (it is looked at on its first output; the running it starts in is a guess).

const hubs = useHub();

describe('a new shell agent', () => {
  it('is idle as soon as its prompt shows, not a settle later', async () => {
    const clock = new FakeClock(performance.now());
    const hub = await hubs.real({
      clock,
      agents: [{ command: 'bash', args: ['--norc', '--noprofile'], env: { PS1: 'shell$ ' } }],
    });
    const id = '1';
    expect(hub.state.agentStates[id]?.state ?? 'running').toBe('running');
    // Its own terminal, not the hub's frame: a frame after the first waits for the clock (the rate
    // cap), and this clock stands still until the test moves it.
    const agent = hub.agents.list()[0]!;
    await until(
      'its prompt',
      () => agent.terminal.rowText(agent.terminal.cursor().y).includes('shell$'),
      15000,
    );
    // A millisecond at a time, 50 ms in all: a check due at the prompt runs, a settle check (300 ms) not.
    for (let i = 0; i < 50 && hub.state.agentStates[id]?.state !== 'idle'; i++) {
      await clock.advance(1);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(hub.state.agentStates[id]?.state).toBe('idle');
    expect(hub.state.agentStates[id]?.rule).toBe('at its shell prompt');
  }, 60000);
});
